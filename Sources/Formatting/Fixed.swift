// The one number formatter of the project: every printed decimal, in lessons, commands, figures
// and BLEU scores, goes through it, so that one value prints the same everywhere.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `value` with `digits` decimals, correctly rounded from its binary value as C's `printf` and
/// Python's formatting do (sacrebleu's scores must match to the last digit): `fixed(0.01934, 3)`
/// is `0.019`, `fixed(2.5, 0)` is `2`.
public func fixed(_ value: Double, _ digits: Int) -> String {
  var buffer = [CChar](repeating: 0, count: 400)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(max(digits, 0))f", $0) }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// `value` with `digits` decimals (see `fixed(_:_:)` for doubles).
public func fixed(_ value: Float, _ digits: Int) -> String {
  fixed(Double(value), digits)
}
