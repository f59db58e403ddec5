import Checkpoint
import Diagrams
import Foundation
import Prediction
import Run
import Testing
import Traces
import TranslationData

/// A training run with a split (`TrainingSession`), resumed, and its figures, on 300 shipped
/// pairs and a model of 16 units: a few seconds in all.
@Suite("a training run with a split", .serialized)
struct SplitRunTests {
  static let folder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "seq2seq-run-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }()

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// The small run with a split: D2L's configuration on lines 0 through 299, split 80/10/10,
  /// embeddings of 8, one layer of 16 units, batch 32, lr 0.01.
  static var configuration: RunConfiguration {
    var c = RunConfiguration.d2l
    (c.numExamples, c.split) = (
      .lines(through: 299), SplitShares(train: 80, validation: 10, test: 10)
    )
    (c.model.embedSize, c.model.numHiddens, c.model.numLayers, c.batchSize, c.lr) = (
      8, 16, 1, 32, 0.01
    )
    return c
  }

  /// Trains the small run for `epochs` into `out`, resuming from `resume` when given.
  static func train(_ out: String, epochs: Int, resume: String? = nil) throws {
    var c = configuration
    c.epochs = epochs
    var session = try TrainingSession(c, dataPath: nil, out: path(out), resume: resume)
    try session.train(every: 1, say: { _ in })
  }

  @Test("the best model is the one with the best validation BLEU, and scores it again")
  func bestIsBest() throws {
    try Self.train("best.ckpt", epochs: 4)
    let best = try Checkpoint.read(from: Self.path("best.ckpt"))
    let last = try Checkpoint.read(from: Self.path("best.last.ckpt"))
    let history = try #require(last.header.run?.history)
    #expect(history.count == 4 && best.header.run?.history == history)
    let scores = history.map { $0.validationBLEU! }
    let bestEpoch = scores.firstIndex(of: scores.max()!)! + 1
    #expect(best.header.run?.epoch == bestEpoch && best.header.run?.trainer == nil)
    #expect(last.header.run?.epoch == 4 && last.header.run?.trainer?.epochsDone == 4)
    #expect(history.allSatisfy { $0.validationLoss! > 0 })
    // The kept weights give the kept epoch's BLEU on the same validation sample.
    let data = try RunData.load(
      path: nil, numExamples: 299, split: SplitShares(train: 80, validation: 10, test: 10),
      seed: 0)
    let validation = TranslationDataset(
      corpus: try #require(data.validation), numSteps: 10, sourceVocab: best.sourceVocab,
      targetVocab: best.targetVocab)
    let sample = TrainingSession.validationSample(of: validation, size: 1000, seed: 0)
    #expect(try TrainingSession.score(sample, with: best.translator()) == scores[bestEpoch - 1])
  }

  @Test("2 epochs, then resumed to 4, end where 4 in one run end")
  func resumeEqualsUninterrupted() throws {
    try Self.train("straight.ckpt", epochs: 4)
    try Self.train("halves.ckpt", epochs: 2)
    try Self.train("halves.ckpt", epochs: 4, resume: Self.path("halves.last.ckpt"))
    for suffix in [".ckpt", ".last.ckpt"] {
      let straight = try Checkpoint.read(from: Self.path("straight" + suffix))
      let halves = try Checkpoint.read(from: Self.path("halves" + suffix))
      #expect(straight.weights == halves.weights && straight.moments == halves.moments)
      #expect(straight.header == halves.header)
    }
  }

  @Test("figures of a split model: its learning curve and test BLEU by length, redrawn the same")
  func runFigures() throws {
    try Self.train("figures.ckpt", epochs: 3)
    let out = Self.path("run-figures")
    let recorded = try TraceRecorder.runTraces(
      of: Checkpoint.read(from: Self.path("figures.ckpt")), at: Self.path("figures.ckpt"),
      data: nil, sentence: "i lost .")
    try Figure.write(Figure.all(recorded), drawnFrom: recorded, to: URL(fileURLWithPath: out))
    let again = Self.path("run-figures-again")
    let read = try RunTraces.read(from: URL(fileURLWithPath: out))
    #expect(read == recorded)
    try Figure.write(Figure.all(read), drawnFrom: read, to: URL(fileURLWithPath: again))
    for name in ["learning-curve", "bleu-by-length-test"] {
      for suffix in [".svg", ".png"] {
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)\(suffix)"))
        let second = try Data(contentsOf: URL(fileURLWithPath: "\(again)/\(name)\(suffix)"))
        #expect(!first.isEmpty && first == second, "\(name)\(suffix)")
      }
    }
    let traces = try RunTraces.read(from: URL(fileURLWithPath: out))
    let history = try #require(Checkpoint.read(from: Self.path("figures.ckpt")).header.run).history
    #expect(traces.learningCurve.trainingLoss == history.map(\.loss))
    #expect(traces.learningCurve.validationBLEU == history.map { $0.validationBLEU! })
    #expect(
      traces.bleuByLength.reduce(0) { $0 + $1.count }
        == (try RunData.load(
          path: nil, numExamples: 299, split: SplitShares(train: 80, validation: 10, test: 10),
          seed: 0)).part(.test)!.count)
  }
}
