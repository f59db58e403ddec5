import Layers
import TensorCore

/// Layer normalisation over the last axis: each position's features normalised to mean 0 and
/// variance 1, then scaled and shifted by learned gamma and beta (Ba et al., 2016):
///
/// ```
/// y = gamma * (x - mean(x)) / sqrt(var(x) + eps) + beta
/// ```
///
/// Unlike batch normalisation, it needs no statistics over the batch, so it works the same on
/// one sentence as on 128, in training and in prediction.
public final class LayerNorm: Layer {
  /// gamma, (width,), ones at first.
  public let gamma: Tensor
  /// beta, (width,), zeros at first.
  public let beta: Tensor
  /// eps, which keeps the division finite: PyTorch's default.
  public let epsilon: Float = 1e-5
  /// Substitutes for the library's pieces (10.6); none by default.
  public var pieces = TransformerPieces()

  /// Makes a normalisation of `width` features.
  public init(width: Int) {
    gamma = Tensor.ones([width], requiresGrad: true)
    beta = Tensor.zeros([width], requiresGrad: true)
  }

  /// The trainable tensors: gamma, then beta.
  public var parameters: [Tensor] { [gamma, beta] }

  /// (..., width) -> (..., width), in one fused op (`Tensor.layerNorm`).
  public func callAsFunction(_ x: Tensor) -> Tensor {
    pieces.layerNorm?(x, gamma, beta, epsilon)
      ?? x.layerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
  }

  /// The same from primitive ops, the equation as written: the lesson's form, which the fused op
  /// equals in values and gradients.
  public func composite(_ x: Tensor) -> Tensor {
    let keep = Array(x.shape.dropLast()) + [1]
    let centred = x - x.mean(axis: -1).reshaped(keep)  // x - mean(x)
    let variance = (centred * centred).mean(axis: -1).reshaped(keep)
    return centred / (variance + epsilon).squareRoot() * gamma + beta
  }
}
