import Layers
import TensorCore

/// The scaled dot-product score (Luong's "dot", scaled as D2L's `DotProductAttention`):
///
/// ```
/// a(s, h_t) = s^T h_t / sqrt(d)
/// ```
///
/// with d the common width of the query and the keys. It has no parameters: the decoder's state
/// must live in the same space as the encoder's, so both need the same width.
public final class DotProductAttention: AttentionScore {
  /// Makes the score.
  public init() {}

  /// None.
  public var parameters: [Tensor] { [] }

  /// The encoder states themselves.
  public func keys(_ encoderOutputs: Tensor) -> Tensor { encoderOutputs }

  /// s^T h_t / sqrt(d): (batchSize, numSteps).
  public func scores(query: Tensor, keys: Tensor) -> Tensor {
    let (batchSize, width) = (keys.shape[0], keys.shape[2])
    require(
      query.shape == [batchSize, width],
      "DotProductAttention: expected a query \(Shape.describe([batchSize, width])), "
        + "got \(Shape.describe(query.shape))")
    let products = keys * query.reshaped([batchSize, 1, width])  // (batchSize, numSteps, d)
    return products.sum(axis: 2) / Float(width).squareRoot()
  }
}
