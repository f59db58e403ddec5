import Layers
import TensorCore

/// One block of the Transformer's encoder (D2L's `TransformerEncoderBlock`): self-attention over
/// the sentence, then the position-wise FFN, each inside an add & norm:
///
/// ```
/// Y = AddNorm(X, MultiHeadAttention(X, X, X)),   output = AddNorm(Y, FFN(Y))
/// ```
public final class TransformerEncoderBlock: Layer {
  /// Self-attention: every position's query over every valid position of the same sentence.
  public let attention: MultiHeadAttention
  /// Around the attention.
  public let addNorm1: AddNorm
  /// The feed-forward network.
  public let ffn: PositionWiseFFN
  /// Around the FFN.
  public let addNorm2: AddNorm
  /// Substitutes for the library's pieces, handed to the attention and both add & norms.
  public var pieces = TransformerPieces() {
    didSet {
      attention.pieces = pieces
      addNorm1.pieces = pieces
      addNorm2.pieces = pieces
    }
  }

  /// Makes a block of `numHiddens` features, `numHeads` heads and an FFN of `ffnNumHiddens`.
  public init(
    numHiddens: Int, ffnNumHiddens: Int, numHeads: Int, dropout: Float,
    generator: inout SeededGenerator
  ) {
    attention = MultiHeadAttention(
      numHiddens: numHiddens, numHeads: numHeads, dropout: dropout, generator: &generator)
    addNorm1 = AddNorm(numHiddens: numHiddens, dropout: dropout, generator: &generator)
    ffn = PositionWiseFFN(
      numHiddens: numHiddens, ffnNumHiddens: ffnNumHiddens, generator: &generator)
    addNorm2 = AddNorm(numHiddens: numHiddens, dropout: dropout, generator: &generator)
  }

  /// The trainable tensors, in the order of the pieces.
  public var parameters: [Tensor] {
    attention.parameters + addNorm1.parameters + ffn.parameters + addNorm2.parameters
  }

  /// (batchSize, numSteps, numHiddens) -> the same shape; `validLen` hides the padding from the
  /// attention. Also the attention's weights, (batchSize, numHeads, numSteps, numSteps).
  public func callAsFunction(_ x: Tensor, validLen: [Int]?) -> (output: Tensor, weights: Tensor) {
    // Every position's query over every valid position of its sentence.
    let (attended, weights) = attention(queries: x, keys: x, values: x, validLen: validLen)
    let y = addNorm1(x, attended)  // (batchSize, numSteps, numHiddens)
    return (addNorm2(y, ffn(y)), weights)
  }
}
