import Layers
import TensorCore

/// The Transformer's encoder (D2L's `TransformerEncoder`): token embeddings scaled by
/// sqrt(numHiddens), plus positional codes, through numLayers encoder blocks. No recurrence:
/// every position of every sentence is computed at once, and any two positions are one
/// attention step apart.
public final class TransformerEncoder: Layer {
  /// Source token ids to vectors of numHiddens, scaled, plus their positions' codes.
  public let input: PositionalEmbedding
  /// The blocks, bottom first.
  public let blocks: [TransformerEncoderBlock]
  /// Substitutes for the library's pieces (10.1, 10.3-10.7), handed to the input and the blocks.
  public var pieces = TransformerPieces() {
    didSet {
      input.pieces = pieces
      for block in blocks { block.pieces = pieces }
    }
  }

  /// Makes an encoder of `numLayers` blocks for sentences of up to `maxLen` tokens.
  public init(
    vocabSize: Int, numHiddens: Int, ffnNumHiddens: Int, numHeads: Int, numLayers: Int,
    dropout: Float, maxLen: Int, generator: inout SeededGenerator
  ) {
    input = PositionalEmbedding(
      vocabSize: vocabSize, numHiddens: numHiddens, dropout: dropout, maxLen: maxLen,
      generator: &generator)
    blocks = (0..<numLayers).map { _ in
      TransformerEncoderBlock(
        numHiddens: numHiddens, ffnNumHiddens: ffnNumHiddens, numHeads: numHeads,
        dropout: dropout, generator: &generator)
    }
  }

  /// The trainable tensors: the embedding, then each block's.
  public var parameters: [Tensor] { input.parameters + blocks.flatMap(\.parameters) }

  /// Every dropout layer, in a fixed order: their generators are saved with a training run.
  public var dropouts: [Dropout] {
    [input.dropout]
      + blocks.flatMap { [$0.attention.dropout, $0.addNorm1.dropout, $0.addNorm2.dropout] }
  }

  /// Encodes a batch of token sequences.
  ///
  /// - Parameters:
  ///   - tokens: token ids, row-major (batchSize, numSteps).
  ///   - shape: [batchSize, numSteps].
  ///   - validLen: each sentence's real tokens; the padding after them is never attended to.
  /// - Returns: the top block's output at every position, (batchSize, numSteps, numHiddens), and
  ///   each block's self-attention weights, (batchSize, numHeads, numSteps, numSteps).
  public func callAsFunction(
    _ tokens: [Int], shape: [Int], validLen: [Int]?
  ) -> (outputs: Tensor, weights: [Tensor]) {
    var x = input(tokens, shape: shape)  // (batchSize, numSteps, numHiddens)
    var weights: [Tensor] = []
    for block in blocks {
      let (output, blockWeights) = block(x, validLen: validLen)
      x = output
      weights.append(blockWeights)
    }
    return (x, weights)
  }
}
