/// The ways the context c reaches the decoder: the four that make sense, so that no other can be
/// written. The raw values are the command line's `--context-mode` names.
public enum ContextMode: String, CaseIterable, Codable, Sendable {
  /// s_0 = the encoder's final state, layer for layer (equal numLayers and numHiddens needed).
  case initialState = "init"
  /// c joins the decoder's input at every step, [embed(y_{t'-1}); c]; s_0 = 0.
  case everyInput = "concat"
  /// Both, D2L's choice.
  case both
  /// s_0^l = tanh(c W_l + b_l), a learned bridge for encoders and decoders of different sizes
  /// (D2L's exercise 3), and c at every input.
  case bridge

  /// Whether s_0 is a copy of the encoder's final state.
  public var copiesEncoderState: Bool { self == .initialState || self == .both }
  /// Whether c joins every decoder input.
  public var joinsEveryInput: Bool { self != .initialState }
  /// Whether s_0 comes from c through a learned bridge.
  public var learnsBridge: Bool { self == .bridge }
  /// Whether c shapes the decoder's first state, copied or bridged.
  public var startsState: Bool { self != .everyInput }

  /// Checks that a decoder of `decoderLayers` layers of `decoderHiddens` units can start from an
  /// encoder's `encoderStates` final states of `encoderHiddens`, when this mode copies them: the
  /// one size check, before training (`EncoderDecoder`) and when a state is built (`initState`).
  /// - Throws: `ContextError.stateMismatch`.
  public func checkSizes(
    encoderStates: Int, encoderHiddens: Int, decoderLayers: Int, decoderHiddens: Int,
    batchSize: Int
  ) throws {
    guard copiesEncoderState, encoderStates != decoderLayers || encoderHiddens != decoderHiddens
    else { return }
    throw ContextError.stateMismatch(
      encoder: [encoderStates, batchSize, encoderHiddens],
      decoder: [decoderLayers, batchSize, decoderHiddens])
  }
}
