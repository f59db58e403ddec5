import TensorCore

/// A fully connected layer, y = x W + b, applied to the last axis of x.
public final class Dense: Layer {
  /// W, (inputSize, outputSize), Xavier-uniform as D2L's `xavier_init_weights`.
  public let weight: Tensor
  /// b, (outputSize,), uniform in +-1/sqrt(inputSize) as PyTorch's `nn.Linear`.
  public let bias: Tensor

  /// Makes a layer from `inputSize` to `outputSize` features.
  public init(inputSize: Int, outputSize: Int, generator: inout some RandomNumberGenerator) {
    weight = Tensor.xavierUniform([inputSize, outputSize], using: &generator)
    let bound = 1 / Float(inputSize).squareRoot()
    bias = Tensor.uniform([outputSize], in: -bound...bound, using: &generator)
  }

  /// The trainable tensors: weight, then bias.
  public var parameters: [Tensor] { [weight, bias] }

  /// y = x W + b: (..., inputSize) -> (..., outputSize), e.g. the decoder's
  /// (numSteps, batchSize, numHiddens) states to (numSteps, batchSize, vocabSize) logits.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (inputSize, outputSize) = (weight.shape[0], weight.shape[1])
    // `affine` is x.matmul(weight) + bias in one op.
    guard x.rank != 2 else { return x.affine(weight: weight, bias: bias) }
    let rows = x.reshaped([-1, inputSize])
    return rows.affine(weight: weight, bias: bias).reshaped(
      Array(x.shape.dropLast()) + [outputSize])
  }
}
