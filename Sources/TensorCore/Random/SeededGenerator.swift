#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A seedable pseudo-random generator, xoshiro256** (Blackman and Vigna), whose state is filled
/// from the seed by SplitMix64. One seed gives the same weights, dropout masks and batches on
/// every machine and every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64)

  /// Starts the generator from `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func nextSplitMix() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    words = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
  }

  /// The four words of the generator's state, to save it and carry on later where it stopped.
  public var state: [UInt64] { [words.0, words.1, words.2, words.3] }

  /// A generator that continues from a saved `state`; `nil` unless it has four words, not all 0.
  public init?(state: [UInt64]) {
    guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
    words = (state[0], state[1], state[2], state[3])
  }

  /// The next 64 random bits: rotl(s1 * 5, 7) * 9, then the xoshiro state update.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(words.1 &* 5, 7) &* 9
    let shifted = words.1 << 17
    words.2 ^= words.0
    words.3 ^= words.1
    words.1 ^= words.2
    words.0 ^= words.3
    words.2 ^= shifted
    words.3 = rotateLeft(words.3, 45)
    return result
  }

  @inline(__always)
  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}

extension RandomNumberGenerator {
  /// A uniform `Float` in [0, 1) from the top 24 bits of `next()`, the same on every platform.
  public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A standard normal `Float` (mean 0, variance 1), by the Box-Muller transform.
  public mutating func nextNormalFloat() -> Float {
    let u1 = 1 - Double(next() >> 11) * 0x1p-53  // (0, 1]: the logarithm stays finite
    let u2 = Double(next() >> 11) * 0x1p-53
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }
}
