import TensorCore

/// The gated recurrent unit, in the book's equations with PyTorch's gate order
/// (reset, update, candidate):
///
/// ```
/// R_t  = sigma(X_t W_xr + b_xr + H_{t-1} W_hr + b_hr)            reset gate
/// Z_t  = sigma(X_t W_xz + b_xz + H_{t-1} W_hz + b_hz)            update gate
/// H~_t = tanh(X_t W_xh + b_xh + R_t * (H_{t-1} W_hh + b_hh))     candidate state
/// H_t  = Z_t * H_{t-1} + (1 - Z_t) * H~_t
/// ```
///
/// `step` spells the equations in primitive ops, line by line (the lesson); `sequence` runs the
/// fused kernel `Tensor.gruSequence` over all steps (the engine, what training runs), and the
/// tests prove the two agree, values and gradients.
public final class GRUCell: RecurrentCell {
  /// W_ih (inputSize, 3 numHiddens), W_hh (numHiddens, 3 numHiddens) and their biases.
  public let weights: GateWeights

  /// Makes a cell from `inputSize` inputs to `numHiddens` hidden units.
  public init(inputSize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator) {
    weights = GateWeights(
      inputSize: inputSize, numHiddens: numHiddens, gateCount: 3, generator: &generator)
  }

  /// Every step with the fused kernel, one graph node for the whole layer.
  public func sequence(
    projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]?
  ) -> (outputs: Tensor, final: RecurrentState) {
    let outputs = Tensor.gruSequence(
      projectedInputs: projected, hiddenWeight: weights.hiddenWeight,
      hiddenBias: weights.hiddenBias, initial: initial.hidden, reversed: reversed,
      validLen: validLen)
    return (outputs, RecurrentState(hidden: lastStep(of: outputs, reversed: reversed)))
  }

  /// One step spelled out in primitive ops, exactly the equations above.
  public func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState {
    let h = state.hidden
    let projectedHidden = weights.projectHidden(h)
    let (input, hidden) = (
      { self.weights.gate(projectedInput, $0) }, { self.weights.gate(projectedHidden, $0) }
    )
    let resetGate = (input(0) + hidden(0)).sigmoid()
    let updateGate = (input(1) + hidden(1)).sigmoid()
    let candidate = (input(2) + resetGate * hidden(2)).tanh()
    return RecurrentState(hidden: updateGate * h + (1 - updateGate) * candidate)
  }
}
