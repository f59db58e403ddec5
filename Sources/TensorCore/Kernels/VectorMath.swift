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

  /// tanh x as a ratio of two polynomials, x p(x^2) / q(x^2), of degrees 13 and 6 on x clamped to
  /// +-7.905 (where tanh is 1 to float precision), and x itself below 4e-4; relative error below
  /// 4e-7. The coefficients are Eigen's `generic_fast_tanh_float`: one division and no
  /// exponential, about half the work of 1 - 2 / (e^(2x) + 1).
  @_transparent
  static func tanh(_ x: Vector) -> Vector {
    var clamped = x.replacing(with: 7.905_311_1, where: x .> 7.905_311_1)
    clamped.replace(with: -7.905_311_1, where: x .< -7.905_311_1)
    let x2: Vector = clamped * clamped
    var p = Vector(repeating: -2.760_768_5e-16)
    p = p * x2 + Vector(repeating: 2.000_187_9e-13)
    p = p * x2 + Vector(repeating: -8.604_671_5e-11)
    p = p * x2 + Vector(repeating: 5.122_297_1e-8)
    p = p * x2 + Vector(repeating: 1.485_722_4e-5)
    p = p * x2 + Vector(repeating: 6.372_619_3e-4)
    p = p * x2 + Vector(repeating: 4.893_524_6e-3)
    var q = Vector(repeating: 1.198_258_4e-6)
    q = q * x2 + Vector(repeating: 1.185_347_1e-4)
    q = q * x2 + Vector(repeating: 2.268_434_6e-3)
    q = q * x2 + Vector(repeating: 4.893_525_2e-3)
    var result: Vector = clamped * p / q
    result.replace(with: x, where: x .< 4e-4 .& x .> -4e-4)
    return result
  }

  /// sigma(x) = 1 / (1 + e^-x).
  @_transparent
  static func sigmoid(_ x: Vector) -> Vector {
    1 / (1 + exp(-x))
  }

  /// sqrt x for x >= 0, as x times 1 / sqrt x, which comes from the classic bit-level guess and
  /// three Newton steps y <- y (3/2 - x y^2 / 2); relative error below 1e-6 for normal x, and
  /// exactly 0 for x = 0. (`SIMD.squareRoot()` compiles to one scalar call per lane.)
  @_transparent
  static func squareRoot(_ x: Vector) -> Vector {
    let bits = unsafeBitCast(x, to: SIMD16<Int32>.self)
    var y = unsafeBitCast(0x5f37_5a86 &- (bits &>> 1), to: Vector.self)
    let half: Vector = x * 0.5
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    return x * y
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
