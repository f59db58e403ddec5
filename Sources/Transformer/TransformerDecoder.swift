import Layers
import TensorCore

/// The Transformer's decoder (D2L's `TransformerDecoder`): target embeddings scaled by
/// sqrt(numHiddens) plus positional codes, numLayers decoder blocks, then a dense layer whose
/// softmax is P(y_t' | y_<t', source).
///
/// Training runs every step of the gold translation at once under the causal mask. Prediction
/// runs one step per call and keeps each block's self-attention keys and values in `State`, so
/// step t' attends over t' cached steps instead of recomputing them: O(t') per step, and the
/// same numbers as the teacher-forced pass at that position.
public final class TransformerDecoder: Layer {
  /// The decoder's state between calls: what it attends to in the source, and the steps so far.
  public struct State {
    /// Each block's cross-attention keys and values of the encoder's outputs, fixed per sentence.
    public let memory: [TransformerDecoderBlock.KeysAndValues]
    /// The source sentences' valid lengths: their padding is never attended to.
    public let sourceValidLen: [Int]
    /// Each block's self-attention keys and values of the steps so far; empty before the first.
    public var cache: [TransformerDecoderBlock.KeysAndValues]
    /// The steps decoded so far: the next step's position.
    public var steps: Int
    /// Each block's self-attention weights of the call that made this state, (batchSize,
    /// numHeads, numSteps, steps so far); empty before the first call.
    public var selfWeights: [Tensor] = []
    /// Each block's cross-attention weights of that call, (batchSize, numHeads, numSteps,
    /// sourceSteps).
    public var crossWeights: [Tensor] = []

    /// The state of the batch rows `rows`, in that order (a row may repeat): what beam search
    /// keeps of the beams it continues. The weights of the last call are not kept.
    public func rows(_ rows: [Int]) -> State {
      let gather = { (pair: TransformerDecoderBlock.KeysAndValues) in
        (keys: pair.keys.gather(axis: 0, rows), values: pair.values.gather(axis: 0, rows))
      }
      return State(
        memory: memory.map(gather), sourceValidLen: rows.map { sourceValidLen[$0] },
        cache: cache.map(gather), steps: steps)
    }
  }

  /// Target token ids to vectors of numHiddens, scaled, plus their positions' codes.
  public let input: PositionalEmbedding
  /// The blocks, bottom first.
  public let blocks: [TransformerDecoderBlock]
  /// Substitutes for the library's pieces (10.1-10.7), handed to the input and the blocks.
  public var pieces = TransformerPieces() {
    didSet {
      input.pieces = pieces
      for block in blocks { block.pieces = pieces }
    }
  }
  /// The output layer: numHiddens to logits over the target vocabulary.
  public let dense: Dense

  /// Makes a decoder of `numLayers` blocks for translations of up to `maxLen` tokens.
  public init(
    vocabSize: Int, numHiddens: Int, ffnNumHiddens: Int, numHeads: Int, numLayers: Int,
    dropout: Float, maxLen: Int, generator: inout SeededGenerator
  ) {
    input = PositionalEmbedding(
      vocabSize: vocabSize, numHiddens: numHiddens, dropout: dropout, maxLen: maxLen,
      generator: &generator)
    blocks = (0..<numLayers).map { _ in
      TransformerDecoderBlock(
        numHiddens: numHiddens, ffnNumHiddens: ffnNumHiddens, numHeads: numHeads,
        dropout: dropout, generator: &generator)
    }
    dense = Dense(inputSize: numHiddens, outputSize: vocabSize, generator: &generator)
  }

  /// The trainable tensors: the embedding, each block's, then the output layer's.
  public var parameters: [Tensor] {
    input.parameters + blocks.flatMap(\.parameters) + dense.parameters
  }

  /// Every dropout layer, in a fixed order: their generators are saved with a training run.
  public var dropouts: [Dropout] {
    [input.dropout]
      + blocks.flatMap {
        [
          $0.selfAttention.dropout, $0.addNorm1.dropout, $0.crossAttention.dropout,
          $0.addNorm2.dropout, $0.addNorm3.dropout,
        ]
      }
  }

  /// The first state: the encoder's outputs, (batchSize, sourceSteps, numHiddens), projected
  /// into every block's cross-attention keys and values, and no step yet.
  public func initState(encoderOutputs: Tensor, validLen: [Int]) -> State {
    State(
      memory: blocks.map { $0.memory(encoderOutputs) }, sourceValidLen: validLen, cache: [],
      steps: 0)
  }

  /// What the output layer reads: the top block's output at each of the steps of `tokens`,
  /// (batchSize, numSteps, numHiddens), and the state after them.
  ///
  /// - Parameters:
  ///   - tokens: y_{t'-1} for each step, row-major (batchSize, numSteps): `<bos>` + the gold
  ///     sentence in training, the last prediction in prediction.
  ///   - shape: [batchSize, numSteps].
  ///   - state: from `initState` or the previous call; its `steps` is the first step's position.
  public func features(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (features: Tensor, state: State) {
    // (batchSize, numSteps, numHiddens), coded as positions steps ..< steps + numSteps.
    var x = input(tokens, shape: shape, offset: state.steps)
    var next = state
    (next.cache, next.selfWeights, next.crossWeights) = ([], [], [])
    for (index, block) in blocks.enumerated() {
      let (output, cache, selfWeights, crossWeights) = block(
        x, cache: state.cache.isEmpty ? nil : state.cache[index], memory: state.memory[index],
        memoryValidLen: state.sourceValidLen)
      x = output
      next.cache.append(cache)
      next.selfWeights.append(selfWeights)
      next.crossWeights.append(crossWeights)
    }
    next.steps += shape[1]
    return (x, next)
  }

  /// Logits (batchSize, numSteps, vocabSize), whose softmax over the last axis is
  /// P(y_t' | y_<t', source), and the next state.
  public func callAsFunction(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (logits: Tensor, state: State) {
    let (features, next) = features(tokens, shape: shape, state: state)
    return (dense(features), next)
  }
}
