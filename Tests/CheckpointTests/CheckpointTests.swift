import Attention
import Checkpoint
import EncoderDecoder
import Foundation
import Layers
import TeacherForcing
import Testing
import TranslationData

@Suite("checkpoints")
struct CheckpointTests {
  static func sample(attention: AttentionKind? = nil) throws -> (Checkpoint, EncoderDecoder) {
    let source = Vocabulary(sentences: [["go", "."]])
    let target = Vocabulary(sentences: [["va", "!"]])
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: source.count, targetVocabSize: target.count, embedSize: 4, numHiddens: 5,
      cell: .lstm, attention: attention)
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

  @Test(
    "write then read gives the same configuration, vocabularies and weights",
    arguments: [nil, AttentionKind.additive, .dot])
  func roundTrip(attention: AttentionKind?) throws {
    let (checkpoint, model) = try Self.sample(attention: attention)
    let path = Self.temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try checkpoint.write(to: path)
    let loaded = try Checkpoint.read(from: path)
    #expect(loaded.header == checkpoint.header)
    let restored = try loaded.makeModel()
    #expect(restored.configuration.attention == attention)
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
    #expect(throws: CheckpointError.unsupportedVersion(path: "m.ckpt", found: 7, supported: 2)) {
      try Checkpoint(bytes: bytes, path: "m.ckpt")
    }
    #expect(throws: CheckpointError.notACheckpoint(path: "t.txt")) {
      try Checkpoint(bytes: Array("Go.\tVa !\n".utf8), path: "t.txt")
    }
    #expect(throws: CheckpointError.missing(path: "/no/such.ckpt")) {
      try Checkpoint.read(from: "/no/such.ckpt")
    }
    #expect(
      CheckpointError.unsupportedVersion(path: "m.ckpt", found: 7, supported: 2).description
        == "m.ckpt: checkpoint format version 7, but this program reads versions 1 to 2")
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

  /// The sample with a training run that can be resumed: settings, split, history, the
  /// trainer's state and Adam's moments.
  static func resumable() throws -> (Checkpoint, EncoderDecoder) {
    let (plain, model) = try sample()
    let run = TrainingRun(
      settings: ["--num-hiddens": "5"],
      split: SplitRecord(
        shares: SplitShares(train: 90, validation: 5, test: 5)!, seed: 3, pairsRead: 20,
        fingerprint: 42, sizes: [18, 1, 1]),
      history: [
        EpochReport(
          epoch: 1, loss: 2.5, tokens: 40, seconds: 1.5, validationLoss: 2.7,
          validationBLEU: 3.25)
      ],
      epoch: 1,
      trainer: TrainerState(epochsDone: 1, generator: [1, 2, 3, 4], adamSteps: 7, dropout: [[[5]]]))
    let moments = (model.parameters + model.parameters).enumerated().map { index, parameter in
      parameter.scalars.map { $0 + Float(index) }
    }
    let checkpoint = Checkpoint(
      model: model, sourceVocab: plain.sourceVocab, targetVocab: plain.targetVocab,
      trainingPairs: 18, run: run, moments: moments)
    return (checkpoint, model)
  }

  @Test("a training run and Adam's moments round-trip; the epoch's seconds are not stored")
  func runRoundTrip() throws {
    let (checkpoint, _) = try Self.resumable()
    let loaded = try Checkpoint(bytes: checkpoint.encoded(), path: "r.ckpt")
    #expect(loaded.moments == checkpoint.moments && loaded.weights == checkpoint.weights)
    var expected = checkpoint.header
    expected.run!.history[0].seconds = 0
    #expect(loaded.header == expected)
    // The same run, the same bytes: no wall-clock time in the file.
    var slower = checkpoint.header.run!
    slower.history[0].seconds = 99
    let (_, model) = try Self.sample()
    let again = Checkpoint(
      model: model, sourceVocab: checkpoint.sourceVocab, targetVocab: checkpoint.targetVocab,
      trainingPairs: 18, run: slower, moments: checkpoint.moments)
    #expect(try again.encoded() == checkpoint.encoded())
  }

  @Test("a file cut inside the moments is truncated, not half-read")
  func truncatedMoments() throws {
    let bytes = try Self.resumable().0.encoded()
    #expect(throws: CheckpointError.truncated(path: "r.ckpt")) {
      try Checkpoint(bytes: Array(bytes.dropLast(20)), path: "r.ckpt")
    }
  }

  @Test("a version 1 file (no run, no moments) still reads")
  func versionOne() throws {
    var bytes = try Self.sample().0.encoded()
    #expect(!String(decoding: bytes, as: UTF8.self).contains("\"run\""))
    bytes[8] = 1
    bytes.removeLast(8)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    withUnsafeBytes(of: hash.littleEndian) { bytes += $0 }
    let loaded = try Checkpoint(bytes: bytes, path: "v1.ckpt")
    #expect(loaded.header.run == nil && loaded.moments.isEmpty)
    #expect(try loaded.header == Self.sample().0.header)
  }
}
