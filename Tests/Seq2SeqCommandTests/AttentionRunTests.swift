import Checkpoint
import Foundation
import Testing
import Traces

@testable import Seq2SeqCommand

/// `--attention` through the command line: training, figures with a baseline, `translate
/// --show-attention`, and the runs it refuses. 300 shipped pairs, models of 16 units.
@Suite("attention through the command line", .serialized)
struct AttentionRunTests {
  static let folder = temporaryFolder("seq2seq-attention")

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  static func status(_ arguments: [String]) -> (status: Int32, message: String) {
    quietly { Seq2SeqCommand.outcome(of: arguments) }
  }

  /// A 2-epoch run with a split, writing `out`.
  static func train(_ out: String, _ extra: [String] = []) -> (status: Int32, message: String) {
    status(
      [
        "train", "--num-examples", "299", "--split", "80/10/10", "--epochs", "2",
        "--embed-size", "8", "--num-hiddens", "16", "--num-layers", "1", "--batch-size", "32",
        "--lr", "0.01", "--out", path(out),
      ] + extra)
  }

  @Test("an attention model is saved as one, drawn with its heatmap beside the baseline")
  func figures() throws {
    #expect(Self.train("plain.ckpt").status == 0)
    #expect(Self.train("attending.ckpt", ["--attention", "additive"]).status == 0)
    let saved = try Checkpoint.read(from: Self.path("attending.ckpt"))
    #expect(saved.header.configuration.attention == .additive)
    #expect(saved.header.run?.settings["--attention"] == "additive")
    let (plain, attending) = (Self.path("plain"), Self.path("attending"))
    for folder in [plain, attending] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    #expect(
      Self.status(["figures", "--model", Self.path("plain.ckpt"), "--out", plain]).status == 0)
    let drawn = Self.status([
      "figures", "--model", Self.path("attending.ckpt"), "--out", attending, "--baseline", plain,
      "--sentence", "i lost .",
    ])
    #expect(drawn.status == 0, "\(drawn.message)")
    let traces = try RunTraces.read(from: URL(fileURLWithPath: attending))
    let trace = try #require(traces.attention)
    #expect(
      trace.source == ["i", "lost", ".", "<eos>"] && trace.weights.count == trace.target.count)
    #expect(traces.baseline?.name == "no attention")
    #expect(
      traces.learningCurve.detail
        == "246 training pairs, GRU 1x16, embed 8, additive attention, vocabularies 87 -> 91")
    #expect(traces.baseline?.bleuByLength.map(\.count) == traces.bleuByLength.map(\.count))
    #expect(try RunTraces.read(from: URL(fileURLWithPath: plain)).attention == nil)
    for name in ["attention-heatmap", "bleu-by-length-attention"] {
      #expect(FileManager.default.fileExists(atPath: "\(attending)/\(name).svg"))
      #expect(FileManager.default.fileExists(atPath: "\(attending)/\(name).png"))
    }
    #expect(
      Self.status(["translate", "--model", Self.path("attending.ckpt"), "--show-attention", "go ."])
        .status == 0)
    // A baseline scored on other test sentences is refused, and nothing is drawn.
    let other = Self.path("other")
    try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
    #expect(Self.train("other.ckpt", ["--split", "70/10/20", "--epochs", "1"]).status == 0)
    #expect(
      Self.status(["figures", "--model", Self.path("other.ckpt"), "--out", other]).status == 0)
    let refused = Self.status([
      "figures", "--model", Self.path("attending.ckpt"), "--out", Self.path("never"),
      "--baseline", other,
    ])
    #expect(refused.status == 1 && refused.message.contains("are not this model's"))
    #expect(!FileManager.default.fileExists(atPath: Self.path("never/learning-curve.svg")))
    let missing = Self.status([
      "figures", "--model", Self.path("attending.ckpt"), "--out", Self.path("never"),
      "--baseline", Self.path("nowhere"),
    ])
    #expect(missing.status == 1 && missing.message.contains("run-traces.json: no such file"))
  }

  @Test("an attention run resumed after 1 epoch ends where 2 epochs in one run end")
  func resume() throws {
    #expect(Self.train("straight.ckpt", ["--attention", "additive"]).status == 0)
    #expect(Self.train("halves.ckpt", ["--attention", "additive", "--epochs", "1"]).status == 0)
    let resumed = Self.train(
      "halves.ckpt", ["--attention", "additive", "--resume", Self.path("halves.last.ckpt")])
    #expect(resumed.status == 0, "\(resumed.message)")
    let straight = try Checkpoint.read(from: Self.path("straight.last.ckpt"))
    let halves = try Checkpoint.read(from: Self.path("halves.last.ckpt"))
    #expect(straight.weights == halves.weights && straight.moments == halves.moments)
    let other = Self.train(
      "halves.ckpt", ["--attention", "dot", "--resume", Self.path("halves.last.ckpt")])
    #expect(other.status != 0 && other.message.contains("--attention additive, this run has dot"))
  }

  @Test("--show-attention prints each token's three strongest source tokens")
  func alignmentLines() {
    let trace = AttentionTrace(
      source: ["i", "lost", ".", "<eos>"], target: ["j'ai", "perdu", "<eos>"],
      weights: [[0.7, 0.2, 0.05, 0.05], [0.1, 0.8, 0.06, 0.04], [0, 0.1, 0.3, 0.6]])
    #expect(
      TranslateCommand.alignment(trace) == [
        "  j'ai   <- i 0.70, lost 0.20, . 0.05",
        "  perdu  <- lost 0.80, i 0.10, . 0.06",
        "  <eos>  <- <eos> 0.60, . 0.30, lost 0.10",
      ])
  }

  @Test("runs that cannot attend, and attention a model does not have, are one line")
  func refused() throws {
    let cases: [([String], String)] = [
      (
        ["--attention", "dot", "--bidirectional", "--context-mode", "concat"],
        "dot-product attention needs the decoder's states (16 units) as wide as the encoder's (32)"
      ),
      (["--attention", "additive", "--context-mode", "init"], "attention joins its context"),
      (["--attention", "luong"], "Please provide one of 'none', 'additive' or 'dot'"),
    ]
    for (extra, message) in cases {
      let outcome = Self.train("refused.ckpt", extra)
      #expect(outcome.status != 0 && outcome.message.contains(message), "\(outcome.message)")
      // (A value the parser refuses comes with its usage line, as every option's does.)
      #expect(!outcome.message.contains("\n") || extra[1] == "luong", "\(outcome.message)")
      #expect(!FileManager.default.fileExists(atPath: Self.path("refused.ckpt")))
    }
    #expect(Self.train("none.ckpt", ["--epochs", "1"]).status == 0)
    let none = Self.status([
      "translate", "--model", Self.path("none.ckpt"), "--show-attention", "go .",
    ])
    #expect(
      none.status == 1 && none.message.contains("has no attention to show"), "\(none.message)")
    let beam = Self.status([
      "translate", "--model", Self.path("none.ckpt"), "--show-attention", "--beam", "2", "go .",
    ])
    #expect(beam.status != 0 && beam.message.contains("follows the greedy translation"))
  }
}
