/// Dropout: during training, zero each scalar with probability p and scale the rest by 1 / (1 - p),
/// so the expected value is unchanged.
extension Tensor {
  /// y = x * m / (1 - p), m ~ Bernoulli(1 - p) drawn from `generator` (so a seed fixes the mask).
  /// d/dx = m / (1 - p). With p = 0 the tensor is returned unchanged.
  ///
  /// The generator is the project's own `SeededGenerator` (not any generator): a concrete type
  /// lets the mask loop be compiled for it, which matters in training's inner loop.
  public func dropout(probability p: Float, using generator: inout SeededGenerator) -> Tensor {
    require((0..<1).contains(p), "dropout: probability must be in [0, 1), got \(p)")
    if p == 0 { return self }
    return self * Tensor.dropoutMask(shape, probability: p, using: &generator)
  }

  /// The mask m / (1 - p) of `dropout`, m ~ Bernoulli(1 - p): 0 or 1 / (1 - p) at each scalar,
  /// for an op that drops inside a fused kernel (the attention weights of a Transformer).
  public static func dropoutMask(
    _ shape: [Int], probability p: Float, using generator: inout SeededGenerator
  ) -> Tensor {
    let scale = 1 / (1 - p)
    let mask = Tensor(uninitializedShape: shape)
    for index in 0..<mask.count {
      mask.storage.pointer[index] = generator.nextUnitFloat() < p ? 0 : scale
    }
    return mask
  }
}
