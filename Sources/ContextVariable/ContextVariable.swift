import Layers
import TensorCore

/// How the encoder's hidden states become the context variable, c = q(h_1, ..., h_T).
///
/// The chapter uses the last state, c = h_T; the others are common alternatives that use every
/// step. For a bidirectional encoder each state is the forward and backward halves side by side.
public enum ContextVariable: String, CaseIterable, Codable, Sendable {
  /// c = h_T: the top layer's final state (D2L's choice). Bidirectional: the forward direction's
  /// final state (after the last token) beside the backward direction's (after the first token).
  case lastState
  /// c = (1 / T_valid) sum over the valid steps of h_t.
  case meanPooling
  /// c = max over the valid steps of h_t, element by element.
  case maxPooling

  /// The short name the command line uses: `last`, `mean`, `max`.
  public var shortName: String {
    switch self {
    case .lastState: "last"
    case .meanPooling: "mean"
    case .maxPooling: "max"
    }
  }

  /// The context variable with that short name.
  public init?(shortName: String) {
    guard let match = Self.allCases.first(where: { $0.shortName == shortName }) else { return nil }
    self = match
  }

  /// The context of each sequence, (batchSize, contextSize).
  ///
  /// - Parameters:
  ///   - outputs: the encoder's top-layer states, (numSteps, batchSize, contextSize).
  ///   - state: the encoder's final states, (numLayers * numDirections, batchSize, numHiddens).
  ///   - validLen: the number of real tokens of each source sentence; pooling ignores the padding
  ///     after them. `nil` pools over every step.
  public func callAsFunction(
    outputs: Tensor, state: RecurrentState, validLen: [Int]? = nil
  ) -> Tensor {
    let (numSteps, batchSize) = (outputs.shape[0], outputs.shape[1])
    switch self {
    case .lastState:
      let numHiddens = state.hidden.shape[2]
      let directions = outputs.shape[2] / numHiddens
      let top = state.hidden.shape[0] - directions
      let finals = (top..<state.hidden.shape[0]).map { state.hidden.select(axis: 0, $0) }
      return finals.count == 1 ? finals[0] : Tensor.concatenate(finals, axis: 1)
    case .meanPooling:
      let mask = stepMask(numSteps: numSteps, batchSize: batchSize, validLen: validLen)
      let counts = (validLen ?? Array(repeating: numSteps, count: batchSize)).keepingFirstStep
        .map(Float.init)
      let sums = (outputs * mask.expanded(to: outputs.shape)).sum(axis: 0)
      return sums / Tensor(shape: [batchSize, 1], scalars: counts)
    case .maxPooling:
      let mask = stepMask(numSteps: numSteps, batchSize: batchSize, validLen: validLen)
      return outputs.masked(by: mask.expanded(to: outputs.shape), fill: -1e9).max(axis: 0)
    }
  }

  /// 1 for the valid steps of each sequence (at least one), 0 for its padding:
  /// (numSteps, batchSize, 1).
  private func stepMask(numSteps: Int, batchSize: Int, validLen: [Int]?) -> Tensor {
    let validLen = (validLen ?? Array(repeating: numSteps, count: batchSize)).keepingFirstStep
    return Layers.stepMask(validLen: validLen, numSteps: numSteps, layout: .timeMajor)
      .reshaped([numSteps, batchSize, 1])
  }
}
