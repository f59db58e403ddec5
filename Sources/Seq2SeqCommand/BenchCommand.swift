import ArgumentParser
import Bench

/// `seq2seq bench`: how fast the core's building blocks run on this machine.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the core and the translator: GFLOP/s, GRU layers, training, decoding, BLEU.",
    discussion: """
      Build in release mode for meaningful numbers: swift run -c release seq2seq bench. \
      Each figure is the median of --repeats timed rounds; the last line is the peak memory.
      """
  )

  @Argument(
    help:
      "Which parts to run: matmul, ops, composite, gru, layers, training, corpus, attention, transformer, decoding, bleu (default: all)."
  )
  var sections: [Benchmark] = Benchmark.allCases

  @Option(help: "Timed rounds per measurement, at most 100; the median is reported.")
  var repeats: Int = 5

  @Option(help: "Minimum seconds per round, at most 600 (more iterations give steadier numbers).")
  var seconds: Double = 0.2

  func validate() throws {
    // Bounded, so that a benchmark always ends: at most 100 rounds of at most 10 minutes.
    try require("--repeats", repeats, in: 1...100)
    guard seconds > 0, seconds <= 600 else {
      throw ValidationError("--seconds must be in (0, 600], got \(seconds).")
    }
  }

  func run() throws {
    #if DEBUG
      print(
        "note: this is a debug build; use `swift run -c release seq2seq bench` for real numbers.\n")
    #endif
    try Benchmark.run(sections, stopwatch: Stopwatch(repeats: repeats, seconds: seconds))
  }
}

extension Benchmark: ExpressibleByArgument {}
