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
    let scale = 1 / (1 - p)
    let mask = Tensor(uninitializedShape: shape)
    for index in 0..<count {
      mask.storage.pointer[index] = generator.nextUnitFloat() < p ? 0 : scale
    }
    return self * mask
  }
}
