/// A mismatch between the encoder and the way the decoder is asked to use it.
public enum ContextError: Error, Equatable, CustomStringConvertible {
  /// The decoder's state cannot start as the encoder's final state: the shapes differ.
  case stateMismatch(encoder: [Int], decoder: [Int])
  /// The context has another width than the decoder was built for.
  case contextSizeMismatch(expected: Int, got: Int)
  /// A model is configured to copy the encoder's final state into a decoder of another size.
  case sizeMismatch(
    encoderStates: Int, encoderHiddens: Int, decoderLayers: Int, decoderHiddens: Int)
  /// Both the copied and the projected initial state were asked for.
  case conflictingInitialStates

  /// One line naming both shapes and what to do.
  public var description: String {
    switch self {
    case .stateMismatch(let encoder, let decoder):
      "cannot start the decoder state \(shape(decoder)) from the encoder's final state "
        + "\(shape(encoder)): give both the same numLayers and numHiddens, or use "
        + ".projectedInitialState (--context-mode bridge) to learn a bridge"
    case .sizeMismatch(let encoderStates, let encoderHiddens, let decoderLayers, let decoderHiddens):
      "the decoder (\(decoderLayers) layers of \(decoderHiddens)) cannot start from the encoder's "
        + "final state (\(encoderStates) states of \(encoderHiddens); a bidirectional encoder has two "
        + "per layer): use the same sizes, or a learned bridge (--context-mode bridge) or "
        + "--context-mode concat"
    case .contextSizeMismatch(let expected, let got):
      "the decoder was built for a context of size \(expected), the encoder gives \(got) "
        + "(numHiddens, times 2 when bidirectional)"
    case .conflictingInitialStates:
      "choose either .initialState or .projectedInitialState, not both"
    }
  }

  private func shape(_ dimensions: [Int]) -> String {
    "(" + dimensions.map(String.init).joined(separator: ", ") + ")"
  }
}
