import Attention
import ContextVariable
import Decoder
import Encoder
import Layers
import TensorCore

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

/// The encoder and decoder joined: D2L's `EncoderDecoder`.
public final class EncoderDecoder: Layer, Seq2SeqModel {
  /// The sizes and choices it was built with.
  public let configuration: Seq2SeqConfiguration
  /// Reads the English sentence.
  public let encoder: Seq2SeqEncoder
  /// Writes the French one.
  public let decoder: Seq2SeqDecoder

  /// Builds a model with fresh weights drawn from `seed`.
  /// - Throws: `ContextError` when the decoder cannot start from the encoder's state as asked,
  ///   `AttentionError` when it cannot attend as asked.
  public init(_ configuration: Seq2SeqConfiguration, seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let c = configuration
    let directions = c.bidirectional ? 2 : 1
    if let attention = c.attention {
      guard c.contextMode != .initialState else { throw AttentionError.needsEveryInput }
      try attention.checkSizes(
        querySize: c.resolvedDecoderNumHiddens, keySize: directions * c.numHiddens)
    }
    encoder = Seq2SeqEncoder(
      vocabSize: c.sourceVocabSize, embedSize: c.embedSize, numHiddens: c.numHiddens,
      numLayers: c.numLayers, dropout: c.dropout, cell: c.cell, bidirectional: c.bidirectional,
      generator: &generator)
    decoder = Seq2SeqDecoder(
      vocabSize: c.targetVocabSize, embedSize: c.embedSize,
      numHiddens: c.resolvedDecoderNumHiddens, numLayers: c.resolvedDecoderNumLayers,
      dropout: c.dropout, cell: c.cell, contextSize: directions * c.numHiddens,
      contextVariable: c.context, contextMode: c.contextMode, outputContext: c.outputContext,
      attention: c.attention, generator: &generator)
    self.configuration = configuration
    try c.contextMode.checkSizes(
      encoderStates: c.numLayers * directions, encoderHiddens: c.numHiddens,
      decoderLayers: c.resolvedDecoderNumLayers, decoderHiddens: c.resolvedDecoderNumHiddens,
      batchSize: 1)
  }

  /// The trainable tensors: the encoder's, then the decoder's.
  public var parameters: [Tensor] { encoder.parameters + decoder.parameters }

  /// Every parameter's value, in `parameters` order: what a checkpoint stores.
  public var weights: [[Float]] { parameters.map(\.scalars) }

  /// Sets every parameter from `weights`, in `parameters` order (a checkpoint's, or a copy kept
  /// while training).
  public func load(weights: [[Float]]) {
    precondition(weights.count == parameters.count, "EncoderDecoder.load: one array per parameter")
    for (parameter, values) in zip(parameters, weights) { parameter.assign(values) }
  }

  /// The generator states of the model's dropout layers, the encoder's then the decoder's: saved
  /// with a training run, so that a resumed run draws the masks an uninterrupted one would.
  public var dropoutStates: [[UInt64]] {
    get { [encoder.rnn.dropout.generatorState, decoder.rnn.dropout.generatorState] }
    set {
      guard newValue.count == 2 else { return }
      encoder.rnn.dropout.generatorState = newValue[0]
      decoder.rnn.dropout.generatorState = newValue[1]
    }
  }

  /// Encodes source sentences (batchSize, numSteps) into the decoder's first state.
  public func encode(_ source: [Int], shape: [Int], validLen: [Int]) throws -> Seq2SeqDecoder.State
  {
    let (outputs, state) = encoder(source, shape: shape, validLen: validLen)
    return try decoder.initState(encoderOutputs: outputs, encoderState: state, validLen: validLen)
  }

  /// Logits (batchSize, numSteps, targetVocabSize) for `decoderInput` given the source sentences:
  /// D2L's `EncoderDecoder.forward`.
  public func callAsFunction(
    source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int]
  ) throws -> Tensor {
    let state = try encode(source, shape: shape, validLen: sourceValidLen)
    return decoder(decoderInput, shape: shape, state: state).logits
  }
}
