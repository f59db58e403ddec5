import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Times a closure: rounds of at least `seconds` each, `repeats` rounds, the median round.
public struct Stopwatch: Sendable {
  /// Timed rounds; the median is reported.
  public let repeats: Int
  /// The least seconds a round lasts (more calls give steadier numbers).
  public let seconds: Double

  /// A stopwatch of `repeats` rounds of at least `seconds` each.
  public init(repeats: Int, seconds: Double) {
    self.repeats = repeats
    self.seconds = seconds
  }

  /// The median per-call time in seconds over `repeats` rounds (after one warm-up call).
  public func medianSeconds(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var rounds: [Double] = []
    for _ in 0..<repeats {
      var calls = 0
      let start = now()
      var elapsed = 0.0
      repeat {
        try body()
        calls += 1
        elapsed = now() - start
      } while elapsed < seconds
      rounds.append(elapsed / Double(calls))
    }
    return rounds.sorted()[rounds.count / 2]
  }

  private func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}
