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

  @Option(help: "Timed rounds per measurement; the median is reported.")
  var repeats: Int = 5

  @Option(help: "Minimum seconds per round (more iterations give steadier numbers).")
  var seconds: Double = 0.2

  func validate() throws {
    guard repeats > 0 else {
      throw ValidationError("--repeats must be at least 1, got \(repeats).")
    }
    guard seconds > 0 else { throw ValidationError("--seconds must be positive, got \(seconds).") }
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
