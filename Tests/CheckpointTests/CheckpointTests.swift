import Checkpoint
import EncoderDecoder
import Foundation
import Layers
import Testing
import TranslationData

@Suite("checkpoints")
struct CheckpointTests {
  static func sample() throws -> (Checkpoint, EncoderDecoder) {
    let source = Vocabulary(sentences: [["go", "."]])
    let target = Vocabulary(sentences: [["va", "!"]])
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: source.count, targetVocabSize: target.count, embedSize: 4, numHiddens: 5,
      cell: .lstm)
    let model = try EncoderDecoder(configuration, seed: 9)
    let checkpoint = Checkpoint(
      model: model, sourceVocab: source, targetVocab: target, trainingPairs: 1, note: "test")
    return (checkpoint, model)
  }

  static func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)").path
  }

  @Test("the training pairs are stored under format 1's key, numExamples")
  func trainingPairsKey() throws {
    let bytes = try Self.sample().0.encoded()
    #expect(String(decoding: bytes, as: UTF8.self).contains("\"numExamples\":1"))
  }

  @Test("write then read gives the same configuration, vocabularies and weights")
  func roundTrip() throws {
    let (checkpoint, model) = try Self.sample()
    let path = Self.temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try checkpoint.write(to: path)
    let loaded = try Checkpoint.read(from: path)
    #expect(loaded.header == checkpoint.header)
    let restored = try loaded.makeModel()
    #expect(restored.parameters.map(\.scalars) == model.parameters.map(\.scalars))
    #expect(loaded.sourceVocab.idxToToken == ["<unk>", "<pad>", "<bos>", "<eos>", "go", "."])
  }

  @Test("the same model gives the same bytes")
  func deterministicBytes() throws {
    #expect(try Self.sample().0.encoded() == Self.sample().0.encoded())
  }

  @Test("every truncation is refused as truncated or corrupt, never half-loaded")
  func truncated() throws {
    let bytes = try Self.sample().0.encoded()
    for length in [0, 3, 8, 12, 20, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
      do {
        _ = try Checkpoint(bytes: Array(bytes.prefix(length)), path: "m.ckpt")
        Issue.record("a checkpoint cut to \(length) bytes was accepted")
      } catch let error as CheckpointError {
        switch error {
        case .truncated, .corrupt, .notACheckpoint: break
        default: Issue.record("unexpected \(error)")
        }
      }
    }
  }

  @Test("a flipped bit anywhere is caught by the checksum")
  func bitFlips() throws {
    let bytes = try Self.sample().0.encoded()
    for position in stride(from: 20, to: bytes.count, by: max(bytes.count / 40, 1)) {
      var damaged = bytes
      damaged[position] ^= 0x10
      #expect(throws: CheckpointError.self) { try Checkpoint(bytes: damaged, path: "m.ckpt") }
    }
  }

  @Test("another format version is named; other files are not checkpoints; missing files say so")
  func otherFiles() throws {
    var bytes = try Self.sample().0.encoded()
    bytes[8] = 7
    #expect(throws: CheckpointError.unsupportedVersion(path: "m.ckpt", found: 7, supported: 1)) {
      try Checkpoint(bytes: bytes, path: "m.ckpt")
    }
    #expect(throws: CheckpointError.notACheckpoint(path: "t.txt")) {
      try Checkpoint(bytes: Array("Go.\tVa !\n".utf8), path: "t.txt")
    }
    #expect(throws: CheckpointError.missing(path: "/no/such.ckpt")) {
      try Checkpoint.read(from: "/no/such.ckpt")
    }
    #expect(
      CheckpointError.unsupportedVersion(path: "m.ckpt", found: 7, supported: 1).description
        == "m.ckpt: checkpoint format version 7, but this program reads version 1")
  }

  @Test("writing replaces the file whole: an unwritable target leaves the old one intact")
  func atomicWrite() throws {
    let (checkpoint, _) = try Self.sample()
    let path = Self.temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try checkpoint.write(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: CheckpointError.self) { try checkpoint.write(to: "/no/such/folder/m.ckpt") }
    try checkpoint.write(to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}
