import Checkpoint
import Foundation
import Run
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
    let trace = try #require(traces.attention?.first)
    #expect(traces.attention?.count == 1)
    #expect(
      trace.source == ["i", "lost", ".", "<eos>"] && trace.weights.count == trace.target.count)
    #expect(traces.baselines?.map(\.name) == ["no attention"])
    #expect(
      traces.learningCurve.detail
        == "246 training pairs, GRU 1x16, embed 8, additive attention, vocabularies 87 -> 91")
    #expect(
      traces.baselines?.first?.bleuByLength.map(\.count) == traces.bleuByLength.map(\.count))
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
      trace.alignment == [
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

  @Test("the exported weights: rows sum to 1 over the valid source steps, the padding 0")
  func export() throws {
    #expect(
      Self.train(
        "export.ckpt", ["--attention", "additive", "--bidirectional", "--context-mode", "bridge"]
      )
      .status == 0)
    let out = Self.path("export.json")
    let written = Self.status(["attention", "--model", Self.path("export.ckpt"), "--out", out])
    #expect(written.status == 0, "\(written.message)")
    let export = try JSONDecoder().decode(
      AttentionExport.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
    let checkpoint = try Checkpoint.read(from: Self.path("export.ckpt"))
    let (test, _, lines) = try RunData.pairs(
      .test, of: checkpoint, at: Self.path("export.ckpt"), data: nil)
    #expect(export.split == "test" && export.pairs.map(\.line) == lines)
    #expect(export.numSteps == checkpoint.header.configuration.numSteps)
    for (pair, english) in zip(export.pairs.map(\.attention), test.source) {
      let validLen = min(english.count + 1, export.numSteps)
      #expect(pair.source.count == export.numSteps)
      #expect(pair.source[validLen...].allSatisfy { $0 == "<pad>" })
      #expect(pair.weights.count == pair.target.count && !pair.weights.isEmpty)
      for row in pair.weights {
        #expect(abs(row[..<validLen].reduce(0, +) - 1) < 1e-5)
        #expect(row[validLen...].allSatisfy { $0 == 0 })
        #expect(row[..<validLen].allSatisfy { $0 > 0 })
      }
    }
    // A model that does not attend, or has no test pairs, is one line and nothing written.
    #expect(Self.train("plain-export.ckpt").status == 0)
    #expect(
      Self.status([
        "train", "--attention", "additive", "--epochs", "1", "--num-examples", "50",
        "--embed-size", "8", "--num-hiddens", "8", "--out", Self.path("nosplit.ckpt"),
      ]).status == 0)
    for (model, message) in [
      ("plain-export.ckpt", "has no attention to export"),
      ("nosplit.ckpt", "was trained without --split"),
    ] {
      let refused = Self.status([
        "attention", "--model", Self.path(model), "--out", Self.path("never.json"),
      ])
      #expect(refused.status == 1 && refused.message.contains(message), "\(refused.message)")
      #expect(!refused.message.contains("\n"))
      #expect(!FileManager.default.fileExists(atPath: Self.path("never.json")))
    }
  }

  @Test("figures --model draws the heatmap of a D2L-sized model with attention")
  func d2lSizedHeatmap() throws {
    let out = Self.path("d2l-attention.ckpt")
    #expect(
      Self.status(["train", "--attention", "additive", "--epochs", "3", "--out", out]).status == 0)
    let folder = Self.path("d2l-figures")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let drawn = Self.status(["figures", "--model", out, "--out", folder])
    #expect(drawn.status == 0, "\(drawn.message)")
    let traces = try FigureTraces.read(from: URL(fileURLWithPath: folder))
    let trace = try #require(traces.attention)
    #expect(trace.source == ["i", "lost", ".", "<eos>"])
    #expect(trace.target == traces.prediction.steps.map { $0.top[0].token })
    for name in ["attention-heatmap", "seq2seq-predict"] {
      #expect(FileManager.default.fileExists(atPath: "\(folder)/\(name).svg"))
      #expect(FileManager.default.fileExists(atPath: "\(folder)/\(name).png"))
    }
    // Links and baselines compare test splits: a model without one is refused in one line.
    let links = Self.path("links.tsv")
    try "0\t0-0\n".write(toFile: links, atomically: true, encoding: .utf8)
    let refused = Self.status(["figures", "--model", out, "--out", folder, "--links", links])
    #expect(
      refused.status == 1 && refused.message.contains("was trained without --split"),
      "\(refused.message)")
    // Without attention there is no heatmap.
    let plain = Self.path("d2l-plain.ckpt")
    #expect(Self.status(["train", "--epochs", "3", "--out", plain]).status == 0)
    let plainFolder = Self.path("d2l-plain")
    try FileManager.default.createDirectory(atPath: plainFolder, withIntermediateDirectories: true)
    #expect(Self.status(["figures", "--model", plain, "--out", plainFolder]).status == 0)
    #expect(try FigureTraces.read(from: URL(fileURLWithPath: plainFolder)).attention == nil)
    #expect(!FileManager.default.fileExists(atPath: "\(plainFolder)/attention-heatmap.svg"))
  }

  @Test("--preset attention is the two-way encoder with a bridge; flags still win over it")
  func attentionPreset() throws {
    let v = try TrainCommand.parse(["--preset", "attention"]).resolved
    #expect(
      v.model.bidirectional && v.model.contextMode == .bridge && v.model.attention == .additive)
    #expect(
      v.epochs == 10 && v.lrDecay == 0.75 && v.numExamples == .all && v.model.numHiddens == 192)
    let none = try TrainCommand.parse([
      "--preset", "attention", "--attention", "none", "--no-bidirectional", "--context-mode",
      "both",
    ]).resolved
    #expect(
      !none.model.bidirectional && none.model.contextMode == .both && none.model.attention == nil)
    #expect(none.epochs == 10 && none.lrDecay == 0.75)
    let full = try TrainCommand.parse(["--preset", "full", "--bidirectional"]).resolved
    #expect(full.model.bidirectional && full.model.attention == nil && full.epochs == 8)
  }
}
