import Checkpoint
import EncoderDecoder
import Foundation
import Run
import Testing
import TranslationData

/// What a run does with the files it writes.
@Suite("a run's files")
struct RunFilesTests {
  @Test("the file to resume from sits beside the model: model.last.ckpt, or OUT.last")
  func lastFile() {
    #expect(RunFiles(out: "a/model.ckpt").last == "a/model.last.ckpt")
    #expect(RunFiles(out: "model").last == "model.last")
  }

  @Test(
    "a checkpoint that cannot be saved after training is saved elsewhere, and the message says where"
  )
  func rescue() throws {
    let folder = SplitRunTests.folder
    let vocab = Vocabulary(sentences: [["a"]], minFreq: 1)
    let model = try EncoderDecoder(
      Seq2SeqConfiguration(
        sourceVocabSize: vocab.count, targetVocabSize: vocab.count, embedSize: 4, numHiddens: 4,
        numLayers: 1),
      seed: 0)
    let checkpoint = Checkpoint(
      model: model, sourceVocab: vocab, targetVocab: vocab, trainingPairs: 1, note: "test",
      lossHistory: [1])
    do {
      try RunFiles.save(
        checkpoint, to: "/no/such/dir/model.ckpt", fallbackFolders: ["/no/such", folder.path])
      Issue.record("a save into a missing folder succeeded")
    } catch {
      let message = "\(error)"
      let rescued = folder.appendingPathComponent(
        "seq2seq-rescued-\(ProcessInfo.processInfo.processIdentifier).ckpt"
      ).path
      #expect(
        message.hasPrefix("cannot write /no/such/dir/model.ckpt: ")
          && message.hasSuffix("the trained model was saved to \(rescued)")
          && !message.contains("\n"),
        "\(message)")
      #expect(try Checkpoint.read(from: rescued).header.note == "test")
    }
  }
}
