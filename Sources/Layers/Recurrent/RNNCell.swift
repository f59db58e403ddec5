import TensorCore

/// The vanilla recurrent cell: h_t = tanh(x_t W_ih + b_ih + h_{t-1} W_hh + b_hh). `step` is the
/// equation in primitive ops; `sequence` runs the fused kernel `Tensor.rnnSequence` over all
/// steps, and the tests prove the two agree.
public final class RNNCell: RecurrentCell {
  /// W_ih (inputSize, numHiddens), W_hh (numHiddens, numHiddens) and their biases.
  public let weights: GateWeights

  /// Makes a cell from `inputSize` inputs to `numHiddens` hidden units.
  public init(inputSize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator) {
    weights = GateWeights(
      inputSize: inputSize, numHiddens: numHiddens, gateCount: 1, generator: &generator)
  }

  /// h_t = tanh(projectedInput + h_{t-1} W_hh + b_hh).
  public func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState {
    RecurrentState(hidden: (projectedInput + weights.projectHidden(state.hidden)).tanh())
  }

  /// Every step with the fused kernel, one graph node for the whole layer.
  public func sequence(
    projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]?
  ) -> (outputs: Tensor, final: RecurrentState) {
    let outputs = Tensor.rnnSequence(
      projectedInputs: projected, hiddenWeight: weights.hiddenWeight,
      hiddenBias: weights.hiddenBias, initial: initial.hidden, reversed: reversed,
      validLen: validLen)
    return (outputs, RecurrentState(hidden: lastStep(of: outputs, reversed: reversed)))
  }
}
