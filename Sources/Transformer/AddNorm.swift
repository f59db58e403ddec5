import Layers
import TensorCore

/// The residual connection and layer normalisation around every sublayer (D2L's `AddNorm`):
/// LayerNorm(x + dropout(sublayer(x))), dropout on the sublayer's output, then the residual,
/// then the norm.
public final class AddNorm: Layer {
  /// Dropout on the sublayer's output while training.
  public let dropout: Dropout
  /// The normalisation after the sum.
  public let norm: LayerNorm
  /// Substitutes for the library's pieces (10.7, and 10.6 through `norm`); none by default.
  public var pieces = TransformerPieces() {
    didSet { norm.pieces = pieces }
  }

  /// Makes the connection for `numHiddens` features.
  public init(numHiddens: Int, dropout: Float, generator: inout SeededGenerator) {
    self.dropout = Dropout(p: dropout, seed: generator.next())
    norm = LayerNorm(width: numHiddens)
  }

  /// The trainable tensors: the norm's gamma and beta.
  public var parameters: [Tensor] { norm.parameters }

  /// LayerNorm(x + dropout(y)), y being the sublayer's output for x: (batchSize, numSteps,
  /// numHiddens).
  public func callAsFunction(_ x: Tensor, _ y: Tensor) -> Tensor {
    pieces.addNorm?(x, y, norm, dropout) ?? norm(dropout(y) + x)
  }
}
