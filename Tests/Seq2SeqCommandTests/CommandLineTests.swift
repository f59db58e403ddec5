import ArgumentParser
import EncoderDecoder
import Foundation
import Run
import TeacherForcing
import Testing

@testable import Seq2SeqCommand

@Suite("seq2seq command line")
struct CommandLineTests {
  @Test("--version prints the version")
  func versionIsSet() {
    #expect(Seq2SeqCommand.configuration.version == "0.1.0")
  }

  @Test("help lists the bench subcommand with its abstract")
  func helpListsBench() {
    let help = Seq2SeqCommand.helpMessage()
    #expect(help.contains("bench"))
    #expect(help.contains("Measure the core and the translator"))
  }

  @Test("bench parses its options")
  func benchParsesOptions() throws {
    let bench = try BenchCommand.parse(["--repeats", "3", "--seconds", "0.5"])
    #expect(bench.repeats == 3)
    #expect(bench.seconds == 0.5)
  }

  @Test("an unknown flag is a one-line error, not a crash")
  func unknownFlagIsAnError() {
    do {
      _ = try BenchCommand.parse(["--fast"])
      Issue.record("parsing --fast should have failed")
    } catch {
      let message = BenchCommand.message(for: error)
      #expect(message == "Unknown option '--fast'")
    }
  }

  @Test("data parses D2L's settings and rejects a zero numSteps")
  func dataOptions() throws {
    let command = try DataCommand.parse(["--num-examples", "600", "--num-steps", "10"])
    #expect(
      command.numExamples == .lines(through: 600) && command.numSteps == 10
        && command.batchSize == 64)
    #expect(try DataCommand.parse(["--num-examples", "all"]).numExamples == .all)
    do {
      _ = try DataCommand.parse(["--num-steps", "0"])
      Issue.record("--num-steps 0 should be rejected")
    } catch {
      #expect(DataCommand.message(for: error) == "--num-steps must be at least 1, got 0.")
    }
  }

  @Test("data with a broken corpus file fails with the file and line, not a crash")
  func dataBadFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).txt")
    try Data("Go.\tVa !\nno tab here\n".utf8).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    let command = try DataCommand.parse(["--data", path.path])
    #expect(throws: (any Error).self) { try command.run() }
    do {
      try command.run()
    } catch {
      #expect(
        DataCommand.message(for: error)
          == "\(path.path):2: no tab between the English and the French sentence")
    }
  }

  @Test("a non-positive repeat count is rejected with a message")
  func badRepeatsRejected() {
    #expect(throws: (any Error).self) { try BenchCommand.parse(["--repeats", "0"]) }
    do {
      _ = try BenchCommand.parse(["--repeats", "0"])
    } catch {
      #expect(BenchCommand.message(for: error).contains("--repeats must be at least 1"))
    }
  }

  @Test("--architecture transformer starts from D2L's Transformer run; a preset's flags win")
  func transformerFlags() throws {
    let d2l = try TrainCommand.parse(["--architecture", "transformer"]).resolved
    #expect(d2l == RunConfiguration.d2lTransformer)
    let wider = try TrainCommand.parse([
      "--architecture", "transformer", "--num-heads", "8", "--ffn-num-hiddens", "128",
      "--label-smoothing", "0.1", "--warmup", "50",
    ]).resolved
    #expect(wider.model.transformer == TransformerSizes(numHeads: 8, ffnNumHiddens: 128))
    #expect((wider.labelSmoothing, wider.warmupSteps) == (0.1, 50))
    #expect(try TrainCommand.parse(["--preset", "transformer"]).resolved == .transformer)
  }

  @Test(
    "a Transformer's flags are checked in one line",
    arguments: [
      (
        ["--architecture", "transformer", "--num-heads", "3"],
        "--num-hiddens 32 must be a multiple of --num-heads 3."
      ),
      (
        ["--num-heads", "4"],
        "--num-heads and --ffn-num-hiddens are a Transformer's: add --architecture transformer."
      ),
      (
        ["--preset", "full", "--architecture", "transformer"],
        "--architecture transformer does not go with --preset full; the whole corpus's Transformer is --preset transformer."
      ),
      (
        ["--preset", "transformer", "--architecture", "rnn"],
        "--architecture rnn does not go with --preset transformer."
      ),
      (["--label-smoothing", "1"], "--label-smoothing must be in [0, 1), got 1.0."),
      (["--warmup", "20000000"], "--warmup must be at most 10000000, got 20000000."),
    ])
  func transformerFlagErrors(arguments: [String], message: String) {
    #expect(throws: (any Error).self) { try TrainCommand.parse(arguments) }
    do {
      _ = try TrainCommand.parse(arguments)
    } catch {
      #expect(TrainCommand.message(for: error) == message)
    }
  }

  @Test("a flag changes the preset only when given; one given changes that setting alone")
  func flagsOnlyWhenGiven() throws {
    // A preset unlike every default, so that a flag's default cannot hide behind it.
    var base = RunConfiguration.attention
    (base.bleuPairs, base.goldRatio, base.feed, base.seed, base.workers) = (7, 0.9, .own, 5, 3)
    (base.perTokenLoss, base.masksPadding, base.model.outputContext) = (true, false, true)
    (base.model.decoderNumHiddens, base.model.decoderNumLayers) = (16, 1)
    #expect(try TrainCommand.parse([]).resolved(from: base) == base)
    var expected = base
    expected.lr = 0.01
    #expect(try TrainCommand.parse(["--lr", "0.01"]).resolved(from: base) == expected)
    for preset in Preset.allCases {
      #expect(
        try TrainCommand.parse(["--preset", preset.rawValue]).resolved == preset.configuration)
    }
  }

  @Test("the library checks a run's settings for every caller, the learning rate included")
  func libraryChecksSettings() throws {
    var run = RunConfiguration.d2l
    #expect(run.problem == nil)
    run.lr = 0
    #expect(run.problem == "--lr must be positive, got 0.0.")
    #expect(throws: InputError.self) {
      try TrainingSession(run, dataPath: nil, out: "/tmp/never-written.ckpt")
    }
    run = .d2l
    run.lrDecay = 1.5
    #expect(run.problem == "--lr-decay must be in (0, 1], got 1.5.")
    var options = TrainingOptions()
    options.learningRateDecay = 0
    #expect(options.problem == "learningRateDecay is 0.0, must be in (0, 1]")
  }
}
