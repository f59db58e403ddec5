import Layers
import TensorCore

/// What both halves of a Transformer feed their first block (D2L writes it in each): the tokens'
/// embeddings scaled by sqrt(numHiddens), so that they are of the positional codes' size, plus
/// the code of each position, then dropout while training.
///
/// ```
/// X = dropout(embed(tokens) * sqrt(d) + P[offset ..< offset + numSteps])
/// ```
public final class PositionalEmbedding: Layer {
  /// Token ids to vectors of numHiddens.
  public let embedding: Embedding
  /// The positions' codes.
  public let positionalEncoding: PositionalEncoding
  /// Dropout on the sum while training.
  public let dropout: Dropout
  /// Substitutes for the library's pieces (10.5); none by default.
  public var pieces = TransformerPieces()

  /// Makes the input of `vocabSize` tokens, `numHiddens` wide, for up to `maxLen` positions.
  public init(
    vocabSize: Int, numHiddens: Int, dropout: Float, maxLen: Int, generator: inout SeededGenerator
  ) {
    embedding = Embedding(vocabSize: vocabSize, embedSize: numHiddens, generator: &generator)
    positionalEncoding = PositionalEncoding(numHiddens: numHiddens, maxLen: maxLen)
    self.dropout = Dropout(p: dropout, seed: generator.next())
  }

  /// The trainable tensors: the embedding table.
  public var parameters: [Tensor] { embedding.parameters }

  /// (batchSize, numSteps) ids, row-major, -> (batchSize, numSteps, numHiddens), the first step
  /// at position `offset` (a decoder's step t in prediction).
  public func callAsFunction(_ tokens: [Int], shape: [Int], offset: Int = 0) -> Tensor {
    let numHiddens = embedding.weight.shape[1]
    let scaled = embedding(tokens, shape: shape) * Float(numHiddens).squareRoot()
    let maxLen = positionalEncoding.table.shape[0]
    let table = pieces.positionalEncoding?(numHiddens, maxLen) ?? positionalEncoding.table
    return dropout(positionalEncoding(scaled, offset: offset, table: table))
  }
}
