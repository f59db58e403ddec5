import Checkpoint
import Foundation
import Prediction
import Run
import Testing
import Traces
import TranslationData

@testable import Seq2SeqCommand

/// `seq2seq train --split`, `--resume`, `evaluate --split` through the command line: the runs it
/// refuses, in one line (the run itself is tested in RunTests), on 300 shipped pairs.
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

  @Test("the command's run is the library's: the same checkpoints, byte for byte")
  func commandDrivesTheLibrary() throws {
    let outcome = Self.status(Self.run("command.ckpt", epochs: 2))
    #expect(outcome.status == 0, "\(outcome.message)")
    var c = RunConfiguration.d2l
    (c.numExamples, c.split) = (
      .lines(through: 299), SplitShares(train: 80, validation: 10, test: 10)
    )
    (c.model.embedSize, c.model.numHiddens, c.model.numLayers, c.batchSize, c.lr, c.epochs) = (
      8, 16, 1, 32, 0.01, 2
    )
    var session = try TrainingSession(c, dataPath: nil, out: Self.path("library.ckpt"))
    try session.train(every: 1, say: { _ in })
    for suffix in [".ckpt", ".last.ckpt"] {
      let (command, library) = (
        try Data(contentsOf: URL(fileURLWithPath: Self.path("command" + suffix))),
        try Data(contentsOf: URL(fileURLWithPath: Self.path("library" + suffix)))
      )
      let same = command == library  // compared apart: a diff of 80,000 bytes takes minutes
      #expect(
        same,
        "\(suffix): \(command.count) bytes from the command, \(library.count) from the library")
    }
    #expect(
      Self.status(["evaluate", "--model", Self.path("command.ckpt"), "--split", "test"]).status
        == 0)
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
}

/// `evaluate` scores each English sentence once against all its references, and says so.
@Suite("evaluate with every reference")
struct EvaluateReferencesTests {
  @Test("evaluate --split test and the held-out pairs print both scores, labelled")
  func bothScores() {
    let split = SecondRoundProbeTests.sh("$S evaluate --model \(SecondRoundProbeTests.split)")
    #expect(split.status == 0, "\(split)")
    #expect(split.output.contains("distinct English sentences"), "\(split.output)")
    #expect(
      split.output.contains("(all references;") && split.output.contains("(one reference per pair)")
    )
    let written = SecondRoundProbeTests.sh(
      "$S evaluate --model \(SecondRoundProbeTests.split) --beam 2 --translations t.json")
    #expect(written.status == 0 && written.output.contains("Wrote t.json"), "\(written)")
    struct Written: Decodable {
      let sources: [String]
      let references: [[String]]
      let hypotheses: [String: [String]]
    }
    let file = SecondRoundProbeTests.folder.appendingPathComponent("t.json")
    if let decoded = try? JSONDecoder().decode(Written.self, from: Data(contentsOf: file)) {
      #expect(decoded.hypotheses.keys.sorted() == ["beam 2", "greedy"])
      #expect(decoded.references.count == decoded.sources.count)
      #expect(decoded.hypotheses.values.allSatisfy { $0.count == decoded.sources.count })
      #expect(decoded.references.map(\.count).reduce(0, +) > decoded.sources.count)
    } else {
      Issue.record("no translations file")
    }
    let heldOut = SecondRoundProbeTests.sh("$S evaluate --model $TINY --held-out 200")
    #expect(heldOut.status == 0 && heldOut.output.contains("(all references)"), "\(heldOut)")
  }
}
