/// Random initial values for parameters.
extension Tensor {
  /// A constant tensor of `shape` with uniform scalars in [-1, 1] drawn from `seed`: the fixed
  /// inputs and output weights of the exercises' checks and the translator's comparisons.
  public static func sample(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return uniform(shape, in: -1...1, using: &generator, requiresGrad: false)
  }

  /// Scalars drawn uniformly from `range`.
  public static func uniform(
    _ shape: [Int], in range: ClosedRange<Float>, using generator: inout some RandomNumberGenerator,
    requiresGrad: Bool = true
  ) -> Tensor {
    let width = range.upperBound - range.lowerBound
    let scalars = (0..<Shape.count(shape)).map { _ in
      range.lowerBound + width * generator.nextUnitFloat()
    }
    return Tensor(shape: shape, scalars: scalars, requiresGrad: requiresGrad)
  }

  /// Scalars drawn from a normal distribution N(mean, standardDeviation^2).
  public static func normal(
    _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
    using generator: inout some RandomNumberGenerator, requiresGrad: Bool = true
  ) -> Tensor {
    let scalars = (0..<Shape.count(shape)).map { _ in
      mean + standardDeviation * generator.nextNormalFloat()
    }
    return Tensor(shape: shape, scalars: scalars, requiresGrad: requiresGrad)
  }

  /// Xavier (Glorot) uniform initialisation of a weight matrix, as D2L's `xavier_init_weights`:
  /// U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)), the fans being the matrix's two
  /// dimensions, so that activations keep their variance from layer to layer.
  public static func xavierUniform(
    _ shape: [Int], gain: Float = 1, using generator: inout some RandomNumberGenerator,
    requiresGrad: Bool = true
  ) -> Tensor {
    require(
      shape.count == 2, "xavierUniform: expected a matrix shape, got \(Shape.describe(shape))")
    let bound = gain * (6 / Float(shape[0] + shape[1])).squareRoot()
    return uniform(shape, in: -bound...bound, using: &generator, requiresGrad: requiresGrad)
  }
}
