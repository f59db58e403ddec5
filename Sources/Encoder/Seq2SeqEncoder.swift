import Layers
import TensorCore

/// The RNN encoder of sequence to sequence learning: it reads a variable-length token sequence
/// and turns it into hidden states, h_t = f(x_t, h_{t-1}).
///
/// Tokens are embedded, then run through a (possibly multi-layer, possibly bidirectional)
/// recurrent layer of vanilla RNN, GRU or LSTM cells. D2L's `Seq2SeqEncoder`, with the cell kind
/// and the direction as choices.
public final class Seq2SeqEncoder: Layer {
  /// Token ids to vectors: (batchSize, numSteps) -> (numSteps, batchSize, embedSize).
  public let embedding: Embedding
  /// The recurrent layers: f in h_t = f(x_t, h_{t-1}).
  public let rnn: RecurrentLayer
  /// Substitutes for the library's pieces (1.1, and 1.3-1.4 through `rnn`); none by default.
  public var pieces = ModelPieces() {
    didSet { rnn.pieces = pieces }
  }

  /// Makes an encoder; `dropout` acts between recurrent layers while training.
  public init(
    vocabSize: Int, embedSize: Int, numHiddens: Int, numLayers: Int, dropout: Float = 0,
    cell: CellKind = .gru, bidirectional: Bool = false, generator: inout SeededGenerator
  ) {
    embedding = Embedding(vocabSize: vocabSize, embedSize: embedSize, generator: &generator)
    rnn = RecurrentLayer(
      cell, inputSize: embedSize, numHiddens: numHiddens, numLayers: numLayers, dropout: dropout,
      bidirectional: bidirectional, generator: &generator)
  }

  /// The trainable tensors: the embedding, then the recurrent layers.
  public var parameters: [Tensor] { embedding.parameters + rnn.parameters }

  /// Encodes a batch of token sequences.
  ///
  /// - Parameters:
  ///   - tokens: token ids, row-major (batchSize, numSteps).
  ///   - shape: [batchSize, numSteps].
  ///   - validLen: the real tokens of each sentence; a bidirectional encoder's backward
  ///     direction starts at the last of them (the forward one reads the padding, as in D2L).
  /// - Returns: `outputs`, the top layer's state at every step, (numSteps, batchSize,
  ///   numDirections * numHiddens), and `state`, every layer's final state,
  ///   (numLayers * numDirections, batchSize, numHiddens), with the memory cells for an LSTM.
  public func callAsFunction(
    _ tokens: [Int], shape: [Int], validLen: [Int]? = nil
  ) -> (outputs: Tensor, state: RecurrentState) {
    // (numSteps, batchSize, embedSize)
    let x = embedding.timeMajor(tokens, shape: shape, order: pieces.timeMajor)
    return rnn(x, validLen: validLen)
  }
}
