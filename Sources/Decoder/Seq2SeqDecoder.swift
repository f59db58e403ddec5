import Attention
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
///
/// With `attention` (concept 8, D2L's `Seq2SeqAttentionDecoder`) the fixed c at every input
/// gives way to c_t' = sum_t alpha_{t',t} h_t, recomputed at every step from the query
/// s_{t'-1}: the decoder reads [embed(y_{t'-1}); c_t'], and the state carries the encoder's
/// states to attend to.
public final class Seq2SeqDecoder: Layer {
  /// The decoder's state between calls: its recurrent state, the fixed context and, with
  /// attention, what it attends to.
  public struct State {
    /// s_{t'}, (numLayers, batchSize, numHiddens), with memory cells for an LSTM.
    public var recurrent: RecurrentState
    /// c, (batchSize, contextSize): computed from the encoder once and never changed.
    public let context: Tensor
    /// With attention: the encoder's states h_t and their keys, fixed like c.
    public let memory: AttentionMemory?
    /// With attention: alpha_{t'} of each step of the call that made this state, (batchSize,
    /// sourceSteps) each; empty before the first call.
    public var attentionSteps: [Tensor]

    /// Makes a state from s, c and, with attention, the memory and the weights of the steps.
    public init(
      recurrent: RecurrentState, context: Tensor, memory: AttentionMemory? = nil,
      attentionSteps: [Tensor] = []
    ) {
      self.recurrent = recurrent
      self.context = context
      self.memory = memory
      self.attentionSteps = attentionSteps
    }

    /// The state of the batch rows `rows`, in that order (a row may repeat): what beam search
    /// keeps of the beams it continues. The attention weights of the call that made it are not
    /// kept.
    public func rows(_ rows: [Int]) -> State {
      State(
        recurrent: recurrent.rows(rows), context: context.gather(axis: 0, rows),
        memory: memory?.rows(rows))
    }

    /// alpha_{t',t} of every step of the call that made this state, (batchSize, numSteps,
    /// sourceSteps), stacked when asked for (training never asks); `nil` without attention.
    public var attentionWeights: Tensor? {
      attentionSteps.isEmpty ? nil : Tensor.stack(attentionSteps, axis: 1)
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
  /// exercise 6); with attention, [s_t'; c_t'].
  public let outputContext: Bool
  /// Attention over the encoder's states, when c_t' replaces c at every input.
  public let attention: Attention?
  /// Substitutes for the library's pieces (1.1, 1.3-1.4 through `rnn`, 2.x, 3.1-3.3, 8.1-8.3
  /// through `attention`); none by default.
  public var pieces = ModelPieces() {
    didSet {
      rnn.pieces = pieces
      attention?.pieces = pieces
    }
  }

  /// Makes a decoder for contexts of `contextSize` (the encoder's output width). With
  /// `attention` the context joins every input whatever `contextMode` says (`EncoderDecoder`
  /// refuses `.initialState`), and a dot product needs numHiddens == contextSize.
  public init(
    vocabSize: Int, embedSize: Int, numHiddens: Int, numLayers: Int, dropout: Float = 0,
    cell: CellKind = .gru, contextSize: Int, contextVariable: ContextVariable = .lastState,
    contextMode: ContextMode = .both, outputContext: Bool = false,
    attention: AttentionKind? = nil, generator: inout SeededGenerator
  ) {
    embedding = Embedding(vocabSize: vocabSize, embedSize: embedSize, generator: &generator)
    let inputSize =
      embedSize + (contextMode.joinsEveryInput || attention != nil ? contextSize : 0)
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
    // Drawn last, so that a model without attention gets the same weights as before.
    self.attention = attention.map {
      Attention(
        $0, querySize: numHiddens, keySize: contextSize, numHiddens: numHiddens,
        generator: &generator)
    }
    self.contextVariable = contextVariable
    self.contextMode = contextMode
    self.contextSize = contextSize
    self.outputContext = outputContext
  }

  /// The trainable tensors: embedding, recurrent layers, output layer, bridge, attention.
  public var parameters: [Tensor] {
    embedding.parameters + rnn.parameters + dense.parameters + (bridge?.parameters ?? [])
      + (attention?.parameters ?? [])
  }

  /// The decoder's first state from the encoder's result, D2L's `init_state`: c = q(h_1...h_T),
  /// and s_0 as `contextMode` says (zeros for `.everyInput`).
  ///
  /// - Parameters:
  ///   - encoderOutputs: (numSteps, batchSize, contextSize).
  ///   - encoderState: (encoder layers * directions, batchSize, encoder numHiddens).
  ///   - validLen: the source sentences' valid lengths, for the pooling contexts and attention's
  ///     mask (`nil`: every step is real).
  /// - Throws: `ContextError` when the context width or the copied state's shape do not fit.
  public func initState(
    encoderOutputs: Tensor, encoderState: RecurrentState, validLen: [Int]? = nil
  ) throws -> State {
    let context =
      pieces.context?(encoderOutputs, encoderState, validLen)
      ?? contextVariable(outputs: encoderOutputs, state: encoderState, validLen: validLen)
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
        hidden: pieces.initialState?(encoderState.hidden, decoder[0], decoder[2])
          ?? encoderState.hidden,
        cell: recurrent.cell == nil ? nil : encoderState.cell ?? recurrent.cell)
    } else if let bridge {
      recurrent.hidden = bridge(context)
    }
    let memory = attention?.memory(
      encoderOutputs: encoderOutputs,
      validLen: validLen ?? Array(repeating: encoderOutputs.shape[0], count: batchSize))
    return State(recurrent: recurrent, context: context, memory: memory)
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
  ///   One step runs a substitute's 3.3 when there is one.
  public func callAsFunction(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (logits: Tensor, state: State) {
    if shape[1] == 1, let step = pieces.decoderStep,
      let stepped = substituteStep(tokens, state, step)
    {
      return stepped
    }
    let (features, next) = features(tokens, shape: shape, state: state)
    return (dense(features), next)  // (batchSize, numSteps, vocabSize)
  }

  /// One step by a substitute for 3.3, handed y_{t'-1}, c (with attention c_t', from the top
  /// layer's state) and every layer's state; for a decoder whose c joins every input and whose
  /// output layer reads s_t' alone, as D2L's.
  private func substituteStep(
    _ tokens: [Int], _ state: State, _ step: ModelPieces.DecoderStep
  ) -> (logits: Tensor, state: State)? {
    var (context, alpha) = (state.context, [Tensor]())
    if let attention, let memory = state.memory {
      let query = state.recurrent.hidden.select(axis: 0, rnn.numLayers - 1)  // s_{t'-1}
      let (attended, weights) = attention(query: query, memory: memory)
      (context, alpha) = (attended, [weights])
    }
    let layers = (0..<rnn.cells.count).map { state.recurrent.select($0) }
    guard let (logits, next) = step(tokens, context, layers, embedding, rnn.cells, dense) else {
      return nil
    }
    let after = State(
      recurrent: .stack(next), context: state.context, memory: state.memory, attentionSteps: alpha)
    return (logits.reshaped([tokens.count, 1, -1]), after)
  }

  /// What the output layer reads at every step, before it: s_t' (or [s_t'; c] with
  /// `outputContext`), batch-major (batchSize, numSteps, numHiddens [+ contextSize]), and the
  /// next state. `dense` of it gives the logits; training applies `dense` only at the valid
  /// positions (`maskedSoftmaxCrossEntropy(features:...)`).
  public func features(
    _ tokens: [Int], shape: [Int], state: State
  ) -> (features: Tensor, state: State) {
    if let attention, let memory = state.memory {
      return attendingFeatures(tokens, shape: shape, state: state, attention, memory)
    }
    // (numSteps, batchSize, embedSize)
    var x = embedding.timeMajor(tokens, shape: shape, order: pieces.timeMajor)
    if contextMode.joinsEveryInput {
      // [embed(y_{t'-1}); c]
      x =
        pieces.concatenateContext?(x, state.context)
        ?? Self.concatenateContext(x, state.context)
    }
    var (outputs, recurrent) = rnn(x, state: state.recurrent)  // (numSteps, batchSize, numHiddens)
    if outputContext {
      outputs = Self.concatenateContext(outputs, state.context)  // [s_t'; c]
    }
    // Batch-major before the output layer (fewer scalars to move than the logits afterwards).
    return (outputs.permuted([1, 0, 2]), State(recurrent: recurrent, context: state.context))
  }

  /// The same c beside every step's vector, [x_t; c]: `x` (numSteps, batchSize, width) and
  /// `context` (batchSize, contextSize) give (numSteps, batchSize, width + contextSize).
  public static func concatenateContext(_ x: Tensor, _ context: Tensor) -> Tensor {
    let (numSteps, batchSize) = (x.shape[0], x.shape[1])
    return Tensor.concatenate(
      [x, context.expanded(to: [numSteps, batchSize, context.shape[1]])], axis: 2)
  }

  /// `features` with attention, one step at a time (c_t' needs s_{t'-1}):
  /// alpha_{t'} = masked softmax of a(s_{t'-1}, h_t), c_t' = sum_t alpha_{t',t} h_t, then
  /// s_t' = g([embed(y_{t'-1}); c_t'], s_{t'-1}), where s_{t'-1} is the top layer's state.
  private func attendingFeatures(
    _ tokens: [Int], shape: [Int], state: State, _ attention: Attention, _ memory: AttentionMemory
  ) -> (features: Tensor, state: State) {
    let (batchSize, numSteps) = (shape[0], shape[1])
    // (numSteps, batchSize, embedSize)
    let embedded = embedding.timeMajor(tokens, shape: shape, order: pieces.timeMajor)
    var recurrent = state.recurrent
    var (outputs, weights) = ([Tensor](), [Tensor]())
    for t in 0..<numSteps {
      let query = recurrent.hidden.select(axis: 0, rnn.numLayers - 1)  // s_{t'-1}, top layer
      let (context, alpha) = attention(query: query, memory: memory)
      let x = Tensor.concatenate([embedded.select(axis: 0, t), context], axis: 1)
      let (output, next) = rnn(x.reshaped([1, batchSize, -1]), state: recurrent)
      recurrent = next
      let s = output.reshaped([batchSize, rnn.numHiddens])
      outputs.append(outputContext ? Tensor.concatenate([s, context], axis: 1) : s)
      weights.append(alpha)
    }
    let next = State(
      recurrent: recurrent, context: state.context, memory: memory, attentionSteps: weights)
    return (Tensor.stack(outputs, axis: 1), next)  // (batchSize, numSteps, width)
  }
}
