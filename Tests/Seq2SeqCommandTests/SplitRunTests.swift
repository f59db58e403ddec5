import Checkpoint
import Foundation
import Prediction
import Testing
import Traces
import TranslationData

@testable import Seq2SeqCommand

/// `seq2seq train --split`, `--resume`, `evaluate --split` and the files they leave, on 300
/// shipped pairs and a model of 16 units: a few seconds in all.
@Suite("a training run with a split", .serialized)
struct SplitRunTests {
  static let folder = temporaryFolder("seq2seq-split")

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// The arguments of a small run with a split, writing `out`.
  static func run(_ out: String, epochs: Int, _ extra: [String] = []) -> [String] {
    [
      "train", "--num-examples", "299", "--split", "80/10/10", "--epochs", "\(epochs)",
      "--embed-size", "8", "--num-hiddens", "16", "--num-layers", "1", "--batch-size", "32",
      "--lr", "0.01", "--out", path(out),
    ] + extra
  }

  static func status(_ arguments: [String]) -> (status: Int32, message: String) {
    quietly { Seq2SeqCommand.outcome(of: arguments) }
  }

  @Test("the best model is the one with the best validation BLEU, and scores it again")
  func bestIsBest() throws {
    #expect(Self.status(Self.run("best.ckpt", epochs: 4)).status == 0)
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
    let sample = EpochLoop.validationSample(of: validation, size: 1000, seed: 0)
    let translator = Translator(
      model: try best.makeModel(), sourceVocab: best.sourceVocab, targetVocab: best.targetVocab)
    #expect(try EpochLoop.score(sample, with: translator) == scores[bestEpoch - 1])
    #expect(
      Self.status(["evaluate", "--model", Self.path("best.ckpt"), "--split", "test"]).status == 0)
  }

  @Test("2 epochs, then resumed to 4, end where 4 in one run end")
  func resumeEqualsUninterrupted() throws {
    #expect(Self.status(Self.run("straight.ckpt", epochs: 4)).status == 0)
    #expect(Self.status(Self.run("halves.ckpt", epochs: 2)).status == 0)
    let resumed = Self.status(
      Self.run("halves.ckpt", epochs: 4, ["--resume", Self.path("halves.last.ckpt")]))
    #expect(resumed.status == 0, "\(resumed.message)")
    for suffix in [".ckpt", ".last.ckpt"] {
      let straight = try Checkpoint.read(from: Self.path("straight" + suffix))
      let halves = try Checkpoint.read(from: Self.path("halves" + suffix))
      #expect(straight.weights == halves.weights && straight.moments == halves.moments)
      #expect(straight.header == halves.header)
    }
  }

  @Test("bad runs are one line and write nothing")
  func refused() throws {
    #expect(Self.status(Self.run("base.ckpt", epochs: 1)).status == 0)
    let cases: [([String], String)] = [
      (
        Self.run(
          "other.ckpt", epochs: 2, ["--resume", Self.path("base.last.ckpt"), "--lr", "0.02"]),
        "it was trained with --lr 0.01, this run has 0.02"
      ),
      (
        Self.run("other.ckpt", epochs: 2, ["--resume", Self.path("base.ckpt")]),
        "holds no training state"
      ),
      (Self.run("other.ckpt", epochs: 1, ["--max-vocab", "4"]), "--max-vocab must be at least 5"),
      (
        ["train", "--num-examples", "5", "--split", "90/5/5", "--out", Self.path("other.ckpt")],
        "the validation split of 90/5/5 is empty"
      ),
      (["train", "--split", "90/20/5", "--out", Self.path("other.ckpt")], "--split"),
      (["train", "--patience", "2", "--out", Self.path("other.ckpt")], "--patience needs"),
      (
        ["evaluate", "--model", Self.path("base.ckpt"), "--split", "test", "--data", "/dev/null"],
        "no sentence pairs found"
      ),
    ]
    for (arguments, expected) in cases {
      let (status, message) = Self.status(arguments)
      // The error is the first line (a wrong option adds the usage after it).
      let first = message.split(separator: "\n").first ?? ""
      #expect(status != 0 && first.contains(expected), "\(arguments.suffix(3)): \(message)")
      #expect(!FileManager.default.fileExists(atPath: Self.path("other.ckpt")))
      #expect(!FileManager.default.fileExists(atPath: Self.path("other.last.ckpt")))
    }
  }

  @Test("evaluate --split refuses another corpus than the one trained on")
  func otherCorpus() throws {
    #expect(Self.status(Self.run("corpus.ckpt", epochs: 1)).status == 0)
    let lines =
      try String(contentsOf: try #require(Corpus.bundledURL), encoding: .utf8)
      .split(separator: "\n").prefix(300).reversed().joined(separator: "\n") + "\n"
    let file = Self.path("reversed.txt")
    try lines.write(toFile: file, atomically: true, encoding: .utf8)
    let (status, message) = Self.status(
      ["evaluate", "--model", Self.path("corpus.ckpt"), "--split", "test", "--data", file])
    #expect(status != 0 && message.contains("is not the corpus"), "\(message)")
    let plain = Self.path("plain.ckpt")
    trainTinyModel(to: plain)
    let (noSplit, said) = Self.status(["evaluate", "--model", plain, "--split", "test"])
    #expect(noSplit != 0 && said.contains("trained without --split"), "\(said)")
  }

  @Test("translate --n-best lists hypotheses best first")
  func nBest() throws {
    let model = Self.path("nbest.ckpt")
    trainTinyModel(to: model)
    let checkpoint = try Checkpoint.read(from: model)
    let translator = Translator(
      model: try checkpoint.makeModel(), sourceVocab: checkpoint.sourceVocab,
      targetVocab: checkpoint.targetVocab)
    let list = try translator.nBest("go .", beamSize: 3)
    #expect(list.count >= 3)
    let scores = list.map { $0.score(alpha: 0.75) }
    #expect(scores == scores.sorted(by: >))
    #expect(list[0] == (try translator.beamSearch("go .", beamSize: 3)))
    #expect(Self.status(["translate", "--model", model, "--n-best", "2", "go ."]).status == 0)
  }

  @Test("figures of a split model: its learning curve and test BLEU by length, redrawn the same")
  func runFigures() throws {
    #expect(Self.status(Self.run("figures.ckpt", epochs: 3)).status == 0)
    let out = Self.path("run-figures")
    let drawn = Self.status(["figures", "--model", Self.path("figures.ckpt"), "--out", out])
    #expect(drawn.status == 0, "\(drawn.message)")
    let again = Self.path("run-figures-again")
    #expect(Self.status(["figures", "--from-traces", out, "--out", again]).status == 0)
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
