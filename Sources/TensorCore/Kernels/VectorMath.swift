/// Exponential, logarithm, hyperbolic tangent and logistic sigmoid on 16 floats at once.
///
/// glibc's scalar `expf`/`tanhf` cost about 2 ms per D2L training step; these vector forms run in
/// a few cycles per element. They are `@_transparent` (always inlined): with `@inline(__always)`
/// the optimizer still called them out of line from the fused GRU kernel, which cost about a
/// tenth of a training step. Each is gradient-checked through the op that uses it and compared
/// with the scalar functions in the tests (relative error below 1e-6).
enum VectorMath {
  /// e^x. Range reduction x = n ln 2 + r with |r| <= ln 2 / 2, then
  /// e^x = 2^n * (1 + r + r^2/2! + ... + r^6/6!), relative error below 2e-7.
  /// Above 88.72 (where Float overflows) it is +inf; below -87.3, 0.
  @_transparent
  static func exp(_ x: Vector) -> Vector {
    // (`replacing` compiles to vector blends; `pointwiseMin` and `clamped` to lane-by-lane loops.)
    var clamped = x.replacing(with: 88.3, where: x .> 88.3)
    clamped.replace(with: -87.3, where: x .< -87.3)
    // Adding 1.5 * 2^23 rounds to an integer n and leaves n in the low bits of the float.
    let magic = Vector(repeating: 12_582_912)
    let shifted: Vector = clamped * 1.442_695_04 + magic
    let n: Vector = shifted - magic
    // ln 2 split in two (Cody and Waite) so that n * ln2High is exact.
    let r: Vector = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
    var p = Vector(repeating: 1.0 / 720)
    p = p * r + Vector(repeating: 1.0 / 120)
    p = p * r + Vector(repeating: 1.0 / 24)
    p = p * r + Vector(repeating: 1.0 / 6)
    p = p * r + Vector(repeating: 0.5)
    p = p * r + Vector(repeating: 1)
    p = p * r + Vector(repeating: 1)
    let exponent: SIMD16<Int32> =
      unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000 &+ 127
    let scale: Vector = unsafeBitCast(exponent &<< 23, to: Vector.self)
    var result: Vector = p * scale
    result.replace(with: .infinity, where: x .> 88.72)
    result.replace(with: 0, where: x .< -87.3)
    return result
  }

  /// tanh x = sign(x) (1 - 2 / (e^(2|x|) + 1)); near zero, where that loses precision,
  /// the series x - x^3/3 + 2x^5/15 - 17x^7/315.
  @_transparent
  static func tanh(_ x: Vector) -> Vector {
    let negative = x .< 0
    var magnitude: Vector = x.replacing(with: -x, where: negative)
    magnitude.replace(with: 20, where: magnitude .> 20)
    let growth: Vector = exp(magnitude + magnitude) + 1
    var result: Vector = 1 - 2 / growth
    result.replace(with: -result, where: negative)
    let x2: Vector = x * x
    var series: Vector = Vector(repeating: -17.0 / 315) * x2 + Vector(repeating: 2.0 / 15)
    series = series * x2 + Vector(repeating: -1.0 / 3)
    series = (series * x2 + Vector(repeating: 1)) * x
    result.replace(with: series, where: magnitude .< 0.2)
    return result
  }

  /// sigma(x) = 1 / (1 + e^-x).
  @_transparent
  static func sigmoid(_ x: Vector) -> Vector {
    1 / (1 + exp(-x))
  }

  /// ln x. With x = m 2^e and m in [sqrt(1/2), sqrt(2)), ln x = e ln 2 + ln m, and
  /// ln m = 2 (f + f^3/3 + f^5/5 + f^7/7 + f^9/9) with f = (m - 1) / (m + 1), |f| < 0.172.
  /// ln 0 = -inf, ln of a negative number is NaN; subnormal inputs are not handled precisely.
  @_transparent
  static func log(_ x: Vector) -> Vector {
    let bits = unsafeBitCast(x, to: SIMD16<Int32>.self)
    var exponent = Vector((bits &>> 23) & 0xff &- 127)
    var mantissa = unsafeBitCast((bits & 0x007f_ffff) | 0x3f80_0000, to: Vector.self)
    let large = mantissa .> 1.414_213_56
    mantissa.replace(with: mantissa * 0.5, where: large)
    exponent.replace(with: exponent + 1, where: large)
    let f: Vector = (mantissa - 1) / (mantissa + 1)
    let f2: Vector = f * f
    var series: Vector = Vector(repeating: 1.0 / 9) * f2 + Vector(repeating: 1.0 / 7)
    series = series * f2 + Vector(repeating: 1.0 / 5)
    series = series * f2 + Vector(repeating: 1.0 / 3)
    series = (series * f2 + Vector(repeating: 1)) * (f + f)
    var result: Vector = exponent * 0.693_147_18 + series
    result.replace(with: -Float.infinity, where: x .== 0)
    result.replace(with: Float.nan, where: x .< 0)
    result.replace(with: x, where: x .== .infinity .| x .!= x)
    return result
  }
}
