import ContextVariable
import Layers
import TensorCore

/// The RNN decoder: s_t' = g(y_{t'-1}, c, s_{t'-1}), then a dense layer whose softmax is
/// P(y_t' | y_1, ..., y_{t'-1}, c).
///
/// It gets the encoder's information through the context variable c, delivered as
/// `ContextMode` says: as its initial state, at every input, both (D2L), or through a bridge. The context is
/// computed once per source sentence, in `initState`, and carried unchanged in `State`, so
/// decoding step by step cannot drift to the decoder's own state (d2l-en issue #2134).
public final class Seq2SeqDecoder: Layer {
  /// The decoder's state between calls: its recurrent state and the fixed context.
  public struct State {
    /// s_{t'}, (numLayers, batchSize, numHiddens), with memory cells for an LSTM.
    public var recurrent: RecurrentState
    /// c, (batchSize, contextSize): computed from the encoder once and never changed.
    public let context: Tensor

    /// Makes a state from s and c.
    public init(recurrent: RecurrentState, context: Tensor) {
      self.recurrent = recurrent
      self.context = context
    }
  }

  /// Target token ids to vectors.
  public let embedding: Embedding
  /// g: the recurrent layers, fed [embed(y_{t'-1}); c] or embed(y_{t'-1}).
  public let rnn: RecurrentLayer
  /// The output layer: states to logits over the target vocabulary.
  public let dense: Dense
  /// q: how the encoder's states become c.
  public let contextVariable: ContextVariable
  /// How c reaches the decoder.
  public let contextMode: ContextMode
  /// The width of c: the encoder's numHiddens, times 2 when it is bidirectional.
  public let contextSize: Int
  /// The learned initial state, for `.bridge`.
  public let bridge: ContextBridge?
  /// Whether the output layer reads [s_t'; c] instead of s_t' alone (Cho et al., 2014; D2L's
  /// exercise 6).
  public let outputContext: Bool

  /// Makes a decoder for contexts of `contextSize` (the encoder's output width).
  public init(
    vocabSize: Int, embedSize: Int, numHiddens: Int, numLayers: Int, dropout: Float = 0,
    cell: CellKind = .gru, contextSize: Int, contextVariable: ContextVariable = .lastState,
    contextMode: ContextMode = .both, outputContext: Bool = false,
    generator: inout SeededGenerator
  ) {
    embedding = Embedding(vocabSize: vocabSize, embedSize: embedSize, generator: &generator)
    let inputSize = embedSize + (contextMode.joinsEveryInput ? contextSize : 0)
    rnn = RecurrentLayer(
      cell, inputSize: inputSize, numHiddens: numHiddens, numLayers: numLayers, dropout: dropout,
      generator: &generator)
    dense = Dense(
      inputSize: numHiddens + (outputContext ? contextSize : 0), outputSize: vocabSize,
      generator: &generator)
    bridge =
      contextMode.learnsBridge
      ? ContextBridge(
        contextSize: contextSize, numLayers: numLayers, numHiddens: numHiddens,
        generator: &generator)
      : nil
    self.contextVariable = contextVariable
    self.contextMode = contextMode
    self.contextSize = contextSize
    self.outputContext = outputContext
  }

  /// The trainable tensors: embedding, recurrent layers, output layer, bridge.
  public var parameters: [Tensor] {
    embedding.parameters + rnn.parameters + dense.parameters + (bridge?.parameters ?? [])
  }

  /// The decoder's first state from the encoder's result, D2L's `init_state`: c = q(h_1...h_T),
  /// and s_0 as `contextMode` says (zeros for `.everyInput`).
  ///
  /// - Parameters:
  ///   - encoderOutputs: (numSteps, batchSize, contextSize).
  ///   - encoderState: (encoder layers * directions, batchSize, encoder numHiddens).
  ///   - validLen: the source sentences' valid lengths, for the pooling contexts.
  /// - Throws: `ContextError` when the context width or the copied state's shape do not fit.
  public func initState(
    encoderOutputs: Tensor, encoderState: RecurrentState, validLen: [Int]? = nil
  ) throws -> State {
    let context = contextVariable(outputs: encoderOutputs, state: encoderState, validLen: validLen)
    guard context.shape[1] == contextSize else {
      throw ContextError.contextSizeMismatch(expected: contextSize, got: context.shape[1])
    }
    let batchSize = context.shape[0]
    var recurrent = rnn.zeroState(batchSize: batchSize)
    if contextMode.copiesEncoderState {
      let (encoder, decoder) = (encoderState.hidden.shape, recurrent.hidden.shape)
      try contextMode.checkSizes(
        encoderStates: encoder[0], encoderHiddens: encoder[2], decoderLayers: decoder[0],
        decoderHiddens: decoder[2], batchSize: batchSize)
      // An LSTM decoder after a GRU encoder starts its memory cells at zero.
      recurrent = RecurrentState(
        hidden: encoderState.hidden,
        cell: recurrent.cell == nil ? nil : encoderState.cell ?? recurrent.cell)
    } else if let bridge {
      recurrent.hidden = bridge(context)
    }
    return State(recurrent: recurrent, context: context)
  }

  /// Runs the decoder over target tokens (teacher forcing: `<bos>` + the gold sentence; or one
  /// step of its own predictions).
  ///
  /// - Parameters:
  ///   - tokens: y_{t'-1} for each step, row-major (batchSize, numSteps).
  ///   - shape: [batchSize, numSteps].
  ///   - state: from `initState` or the previous call.
  /// - Returns: logits (batchSize, numSteps, vocabSize), whose softmax over the last axis is
  ///   P(y_t' | y_<t', c), and the next state (with the same context).
  public func callAsFunction(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (logits: Tensor, state: State) {
    let (features, next) = features(tokens, shape: shape, state: state)
    return (dense(features), next)  // (batchSize, numSteps, vocabSize)
  }

  /// What the output layer reads at every step, before it: s_t' (or [s_t'; c] with
  /// `outputContext`), batch-major (batchSize, numSteps, numHiddens [+ contextSize]), and the
  /// next state. `dense` of it gives the logits; training applies `dense` only at the valid
  /// positions (`maskedSoftmaxCrossEntropy(features:...)`).
  public func features(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (features: Tensor, state: State) {
    let (batchSize, numSteps) = (shape[0], shape[1])
    var x = embedding.timeMajor(tokens, shape: shape)  // (numSteps, batchSize, embedSize)
    // The same c at every step: (numSteps, batchSize, contextSize).
    let context = { state.context.expanded(to: [numSteps, batchSize, self.contextSize]) }
    if contextMode.joinsEveryInput {
      x = Tensor.concatenate([x, context()], axis: 2)  // [embed(y_{t'-1}); c]
    }
    var (outputs, recurrent) = rnn(x, state: state.recurrent)  // (numSteps, batchSize, numHiddens)
    if outputContext {
      outputs = Tensor.concatenate([outputs, context()], axis: 2)  // [s_t'; c]
    }
    // Batch-major before the output layer (fewer scalars to move than the logits afterwards).
    return (outputs.permuted([1, 0, 2]), State(recurrent: recurrent, context: state.context))
  }
}
