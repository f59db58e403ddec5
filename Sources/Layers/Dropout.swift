import TensorCore

/// Dropout as a layer: active while training, a no-op in `LearningPhase.inference`.
public final class Dropout: Layer {
  /// The probability p of zeroing each scalar.
  public let p: Float
  private var generator: SeededGenerator

  /// Makes a dropout layer with probability `p`, its masks drawn from a generator seeded `seed`.
  public init(p: Float, seed: UInt64) {
    self.p = p
    generator = SeededGenerator(seed: seed)
  }

  /// The state of the generator the masks are drawn from, to resume training with the masks an
  /// uninterrupted run would draw.
  public var generatorState: [UInt64] {
    get { generator.state }
    set { generator = SeededGenerator(state: newValue) ?? generator }
  }

  /// No parameters.
  public var parameters: [Tensor] { [] }

  /// x with each scalar zeroed with probability p and the rest scaled by 1 / (1 - p) while
  /// training; x itself in inference.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    guard LearningPhase.current == .training, p > 0 else { return x }
    return x.dropout(probability: p, using: &generator)
  }

  /// The mask m / (1 - p) that `callAsFunction` would multiply a tensor of `shape` by, for an op
  /// that drops inside a fused kernel (the Transformer's attention weights); `nil` in inference
  /// or with p = 0, when nothing is dropped.
  public func mask(_ shape: [Int]) -> Tensor? {
    guard LearningPhase.current == .training, p > 0 else { return nil }
    return Tensor.dropoutMask(shape, probability: p, using: &generator)
  }
}
