import TensorCore

/// A mismatch between the encoder and the way the decoder is asked to use it.
public enum ContextError: Error, Equatable, CustomStringConvertible {
  /// The decoder's state cannot start as the encoder's final state: the shapes differ.
  case stateMismatch(encoder: [Int], decoder: [Int])
  /// The context has another width than the decoder was built for.
  case contextSizeMismatch(expected: Int, got: Int)

  /// One line naming both shapes and what to do.
  public var description: String {
    switch self {
    case .stateMismatch(let encoder, let decoder):
      "cannot start the decoder's \(layers(decoder, "layer")) from the encoder's "
        + "\(layers(encoder, "final state")) (a bidirectional encoder has two per layer): give both the same "
        + "numLayers and numHiddens, or learn a bridge (.bridge, --context-mode bridge), or "
        + "join c to every input only (.everyInput, --context-mode concat)"
    case .contextSizeMismatch(let expected, let got):
      "the decoder was built for a context of size \(expected), the encoder gives \(got) "
        + "(numHiddens, times 2 when bidirectional)"
    }
  }

  /// `3 layers of 12` from a state shape (layers, batchSize, numHiddens).
  private func layers(_ shape: [Int], _ noun: String) -> String {
    guard shape.count == 3 else { return Shape.describe(shape) }
    return "\(shape[0]) \(noun)\(shape[0] == 1 ? "" : "s") of \(shape[2])"
  }
}
