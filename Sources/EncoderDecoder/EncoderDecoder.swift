import Attention
import ContextVariable
import Decoder
import Encoder
import Layers
import TensorCore
import Transformer

/// What a training step needs of a sequence-to-sequence model: its parameters, and the logits of
/// the decoder's input given the sources (D2L's `EncoderDecoder.forward`). The library's
/// `EncoderDecoder` is one; the translator built from a learner's exercises is another.
public protocol Seq2SeqModel: AnyObject {
  /// The trainable tensors.
  var parameters: [Tensor] { get }
  /// Logits (batchSize, numSteps, targetVocabSize) for `decoderInput` given the source
  /// sentences, both (batchSize, numSteps) row-major.
  func callAsFunction(
    source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int]
  ) throws -> Tensor
}

/// The encoder and decoder joined: D2L's `EncoderDecoder(encoder, decoder)`, whose halves are
/// recurrent (chapters 1-8) or a Transformer's (concept 10). Training, prediction and
/// checkpoints see only what every architecture has: `encode`, `features`, `outputLayer`.
public final class EncoderDecoder: Layer, Seq2SeqModel {
  /// The two halves of a model, by architecture.
  public enum Halves {
    /// The RNN encoder and decoder of the chapter, with or without attention.
    case recurrent(encoder: Seq2SeqEncoder, decoder: Seq2SeqDecoder)
    /// The Transformer's encoder and decoder.
    case transformer(encoder: TransformerEncoder, decoder: TransformerDecoder)
  }

  /// The sizes and choices it was built with.
  public let configuration: Seq2SeqConfiguration
  /// The encoder and the decoder.
  public let halves: Halves

  /// Builds a model with fresh weights drawn from `seed`.
  /// - Throws: `ContextError` when the decoder cannot start from the encoder's state as asked,
  ///   `AttentionError` when it cannot attend as asked, `TransformerSizeError` when a
  ///   Transformer's heads do not divide numHiddens.
  public init(_ configuration: Seq2SeqConfiguration, seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let c = configuration
    self.configuration = configuration
    if let sizes = c.transformer {
      if let problem = sizes.problem(numHiddens: c.numHiddens) {
        throw TransformerSizeError(description: problem)
      }
      let encoder = TransformerEncoder(
        vocabSize: c.sourceVocabSize, numHiddens: c.numHiddens, ffnNumHiddens: sizes.ffnNumHiddens,
        numHeads: sizes.numHeads, numLayers: c.numLayers, dropout: c.dropout, maxLen: c.numSteps,
        generator: &generator)
      let decoder = TransformerDecoder(
        vocabSize: c.targetVocabSize, numHiddens: c.numHiddens, ffnNumHiddens: sizes.ffnNumHiddens,
        numHeads: sizes.numHeads, numLayers: c.numLayers, dropout: c.dropout, maxLen: c.numSteps,
        generator: &generator)
      halves = .transformer(encoder: encoder, decoder: decoder)
      return
    }
    let directions = c.bidirectional ? 2 : 1
    if let attention = c.attention {
      guard c.contextMode != .initialState else { throw AttentionError.needsEveryInput }
      try attention.checkSizes(
        querySize: c.resolvedDecoderNumHiddens, keySize: directions * c.numHiddens)
    }
    let encoder = Seq2SeqEncoder(
      vocabSize: c.sourceVocabSize, embedSize: c.embedSize, numHiddens: c.numHiddens,
      numLayers: c.numLayers, dropout: c.dropout, cell: c.cell, bidirectional: c.bidirectional,
      generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: c.targetVocabSize, embedSize: c.embedSize,
      numHiddens: c.resolvedDecoderNumHiddens, numLayers: c.resolvedDecoderNumLayers,
      dropout: c.dropout, cell: c.cell, contextSize: directions * c.numHiddens,
      contextVariable: c.context, contextMode: c.contextMode, outputContext: c.outputContext,
      attention: c.attention, generator: &generator)
    halves = .recurrent(encoder: encoder, decoder: decoder)
    try c.contextMode.checkSizes(
      encoderStates: c.numLayers * directions, encoderHiddens: c.numHiddens,
      decoderLayers: c.resolvedDecoderNumLayers, decoderHiddens: c.resolvedDecoderNumHiddens,
      batchSize: 1)
  }

  /// Substitutes for the library's pieces of a recurrent model (a learner's exercises, in
  /// `exercises translator`), handed to every layer that runs one; none by default. A
  /// Transformer has no substitutable pieces yet and ignores them.
  public var pieces = ModelPieces() {
    didSet {
      guard case .recurrent(let encoder, let decoder) = halves else { return }
      encoder.pieces = pieces
      decoder.pieces = pieces
    }
  }

  /// Substitutes for the library's pieces of a Transformer (a learner's exercises 10.x), handed
  /// to both halves; none by default. A recurrent model ignores them.
  public var transformerPieces = TransformerPieces() {
    didSet {
      guard case .transformer(let encoder, let decoder) = halves else { return }
      encoder.pieces = transformerPieces
      decoder.pieces = transformerPieces
    }
  }

  /// The recurrent model's encoder, for code about the chapter's RNN (lessons, the learner's
  /// translator); a Transformer's halves are in `halves`.
  public var encoder: Seq2SeqEncoder {
    guard case .recurrent(let encoder, _) = halves else {
      preconditionFailure("EncoderDecoder.encoder: a Transformer has no recurrent encoder")
    }
    return encoder
  }

  /// The recurrent model's decoder (see `encoder`).
  public var decoder: Seq2SeqDecoder {
    guard case .recurrent(_, let decoder) = halves else {
      preconditionFailure("EncoderDecoder.decoder: a Transformer has no recurrent decoder")
    }
    return decoder
  }

  /// The trainable tensors: the encoder's, then the decoder's.
  public var parameters: [Tensor] {
    switch halves {
    case .recurrent(let encoder, let decoder): encoder.parameters + decoder.parameters
    case .transformer(let encoder, let decoder): encoder.parameters + decoder.parameters
    }
  }

  /// Every parameter's value, in `parameters` order: what a checkpoint stores.
  public var weights: [[Float]] { parameters.map(\.scalars) }

  /// Sets every parameter from `weights`, in `parameters` order (a checkpoint's, or a copy kept
  /// while training).
  public func load(weights: [[Float]]) {
    precondition(weights.count == parameters.count, "EncoderDecoder.load: one array per parameter")
    for (parameter, values) in zip(parameters, weights) { parameter.assign(values) }
  }

  /// The model's dropout layers, the encoder's then the decoder's.
  private var dropouts: [Dropout] {
    switch halves {
    case .recurrent(let encoder, let decoder): [encoder.rnn.dropout, decoder.rnn.dropout]
    case .transformer(let encoder, let decoder): encoder.dropouts + decoder.dropouts
    }
  }

  /// The generator states of the model's dropout layers, the encoder's then the decoder's: saved
  /// with a training run, so that a resumed run draws the masks an uninterrupted one would.
  public var dropoutStates: [[UInt64]] {
    get { dropouts.map(\.generatorState) }
    set {
      let layers = dropouts
      guard newValue.count == layers.count else { return }
      for (layer, state) in zip(layers, newValue) { layer.generatorState = state }
    }
  }

  /// Whether the decoder attends to the encoder's outputs at every step (Bahdanau's attention, or
  /// a Transformer's cross-attention), so that `DecoderState.attentionWeights` has weights.
  public var attends: Bool {
    switch halves {
    case .recurrent(_, let decoder): decoder.attention != nil
    case .transformer: true
    }
  }

  /// The output layer, features to logits over the target vocabulary: training applies it only
  /// at the valid positions (`maskedSoftmaxCrossEntropy(features:...)`).
  public var outputLayer: Dense {
    switch halves {
    case .recurrent(_, let decoder): decoder.dense
    case .transformer(_, let decoder): decoder.dense
    }
  }

  /// Encodes source sentences (batchSize, numSteps) into the decoder's first state.
  public func encode(_ source: [Int], shape: [Int], validLen: [Int]) throws -> DecoderState {
    switch halves {
    case .recurrent(let encoder, let decoder):
      let (outputs, state) = encoder(source, shape: shape, validLen: validLen)
      return .recurrent(
        try decoder.initState(encoderOutputs: outputs, encoderState: state, validLen: validLen))
    case .transformer(let encoder, let decoder):
      let outputs = encoder(source, shape: shape, validLen: validLen).outputs
      return .transformer(decoder.initState(encoderOutputs: outputs, validLen: validLen))
    }
  }

  /// What the output layer reads at each step of `tokens` (batchSize, numSteps), batch-major
  /// (batchSize, numSteps, featureSize), and the state after them: all steps at once under
  /// teacher forcing, one step per call in prediction.
  public func features(
    _ tokens: [Int], shape: [Int], state: DecoderState
  ) -> (features: Tensor, state: DecoderState) {
    switch (halves, state) {
    case (.recurrent(_, let decoder), .recurrent(let state)):
      let (features, next) = decoder.features(tokens, shape: shape, state: state)
      return (features, .recurrent(next))
    case (.transformer(_, let decoder), .transformer(let state)):
      let (features, next) = decoder.features(tokens, shape: shape, state: state)
      return (features, .transformer(next))
    default:
      preconditionFailure("EncoderDecoder.features: a state of another architecture")
    }
  }

  /// Logits (batchSize, numSteps, targetVocabSize) of the next tokens after `tokens`, and the
  /// next state: the decoder's step, `outputLayer(features(...))`.
  public func decode(
    _ tokens: [Int], shape: [Int], state: DecoderState
  ) -> (logits: Tensor, state: DecoderState) {
    if case (.recurrent(_, let decoder), .recurrent(let state)) = (halves, state) {
      let (logits, next) = decoder(tokens, shape: shape, state: state)  // 3.3 may stand in
      return (logits, .recurrent(next))
    }
    let (features, next) = features(tokens, shape: shape, state: state)
    return (outputLayer(features), next)
  }

  /// Logits (batchSize, numSteps, targetVocabSize) for `decoderInput` given the source sentences:
  /// D2L's `EncoderDecoder.forward`.
  public func callAsFunction(
    source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int]
  ) throws -> Tensor {
    let state = try encode(source, shape: shape, validLen: sourceValidLen)
    return decode(decoderInput, shape: shape, state: state).logits
  }
}

/// The decoder's state between calls, whichever the architecture.
public enum DecoderState {
  /// The RNN decoder's: s_t', c and, with attention, the encoder's states.
  case recurrent(Seq2SeqDecoder.State)
  /// The Transformer decoder's: the encoder's keys and values, and the steps so far.
  case transformer(TransformerDecoder.State)

  /// The state of the batch rows `rows`, in that order (a row may repeat): what beam search
  /// keeps of the beams it continues.
  public func rows(_ rows: [Int]) -> DecoderState {
    switch self {
    case .recurrent(let state): .recurrent(state.rows(rows))
    case .transformer(let state): .transformer(state.rows(rows))
    }
  }

  /// The context c of the chapter's model, (batchSize, contextSize); `nil` for a Transformer,
  /// which has none.
  public var context: Tensor? {
    guard case .recurrent(let state) = self else { return nil }
    return state.context
  }

  /// The weights over the source of every step of the call that made this state, (batchSize,
  /// numSteps, sourceSteps): alpha_{t',t} with Bahdanau's attention, the top block's
  /// cross-attention averaged over its heads for a Transformer; `nil` when the model does not
  /// attend or before the first call.
  public var attentionWeights: Tensor? {
    switch self {
    case .recurrent(let state): state.attentionWeights
    case .transformer: attentionHeads?.mean(axis: 1)  // the heads averaged
    }
  }

  /// A Transformer's cross-attention weights of every head of its top block in the call that
  /// made this state, (batchSize, numHeads, numSteps, sourceSteps); `nil` for a recurrent model.
  public var attentionHeads: Tensor? {
    guard case .transformer(let state) = self else { return nil }
    return state.crossWeights.last
  }
}

/// Why a Transformer cannot be built with these sizes, in words (`numHiddens 32 is not a
/// multiple of numHeads 3`).
public struct TransformerSizeError: Error, CustomStringConvertible, Equatable {
  /// The problem, as `TransformerSizes.problem` words it.
  public let description: String

  /// An error that says `description`.
  public init(description: String) { self.description = description }
}
