import TensorCore

/// Long short-term memory, in the book's equations with PyTorch's gate order
/// (input, forget, candidate, output):
///
/// ```
/// I_t  = sigma(X_t W_xi + H_{t-1} W_hi + b_i)       input gate
/// F_t  = sigma(X_t W_xf + H_{t-1} W_hf + b_f)       forget gate
/// C~_t = tanh(X_t W_xc + H_{t-1} W_hc + b_c)        candidate memory cell
/// O_t  = sigma(X_t W_xo + H_{t-1} W_ho + b_o)       output gate
/// C_t  = F_t * C_{t-1} + I_t * C~_t                 memory cell
/// H_t  = O_t * tanh(C_t)                            hidden state
/// ```
///
/// The state is the pair (H, C); each b is the sum of the input and hidden biases. `step` spells
/// the equations in primitive ops; `sequence` runs the fused kernel `Tensor.lstmSequence` over all
/// steps, and the tests prove the two agree.
public final class LSTMCell: RecurrentCell {
  /// W_ih (inputSize, 4 numHiddens), W_hh (numHiddens, 4 numHiddens) and their biases.
  public let weights: GateWeights

  /// Makes a cell from `inputSize` inputs to `numHiddens` hidden units.
  public init(inputSize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator) {
    weights = GateWeights(
      inputSize: inputSize, numHiddens: numHiddens, gateCount: 4, generator: &generator)
  }

  /// One step: the four gates, then the new memory cell and hidden state.
  public func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState {
    let previousCell = state.cell ?? Tensor.zeros(state.hidden.shape)
    let gates = projectedInput + weights.projectHidden(state.hidden)
    let inputGate = weights.gate(gates, 0).sigmoid()
    let forgetGate = weights.gate(gates, 1).sigmoid()
    let candidateCell = weights.gate(gates, 2).tanh()
    let outputGate = weights.gate(gates, 3).sigmoid()
    let cell = forgetGate * previousCell + inputGate * candidateCell
    return RecurrentState(hidden: outputGate * cell.tanh(), cell: cell)
  }

  /// Every step with the fused kernel: h_t and c_t side by side from one graph node.
  public func sequence(
    projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]?
  ) -> (outputs: Tensor, final: RecurrentState) {
    let numHiddens = weights.numHiddens
    let both = Tensor.lstmSequence(
      projectedInputs: projected, hiddenWeight: weights.hiddenWeight,
      hiddenBias: weights.hiddenBias, initialHidden: initial.hidden,
      initialCell: initial.cell ?? Tensor.zeros(initial.hidden.shape), reversed: reversed,
      validLen: validLen)
    let last = lastStep(of: both, reversed: reversed)
    return (
      both.slice(axis: 2, 0..<numHiddens),
      RecurrentState(
        hidden: last.slice(axis: 1, 0..<numHiddens),
        cell: last.slice(axis: 1, numHiddens..<(2 * numHiddens)))
    )
  }

  /// The all-zero state (H, C), each (batchSize, numHiddens).
  public func zeroState(batchSize: Int) -> RecurrentState {
    let zeros = Tensor.zeros([batchSize, numHiddens])
    return RecurrentState(hidden: zeros, cell: zeros)
  }
}
