import TensorCore

/// One step of a recurrent network, h_t = f(x_t, h_{t-1}).
///
/// Every cell first projects its input, x W_ih + b_ih; a layer does that for all time steps in
/// one matrix product and then hands the projections to `sequence`. A cell's `step` is always
/// its equations in primitive ops (the readable lesson code). The cell owns how the steps run:
/// the default `sequence`, `compositeSequence`, calls `step` once per time step; GRU, LSTM and
/// vanilla RNN cells run a fused kernel over all steps instead (the engine: what training and
/// prediction run, one step at a time included), and the tests prove the two agree, values and
/// gradients.
public protocol RecurrentCell: AnyObject {
  /// The four parameters (W_ih, W_hh, b_ih, b_hh) and the gate width.
  var weights: GateWeights { get }
  /// One step from the projected input x_t W_ih + b_ih, (batchSize, gateCount * numHiddens),
  /// and the previous state, in primitive ops.
  func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState
  /// The cell over every step of `projected`, x_t W_ih + b_ih for all steps,
  /// (numSteps * batchSize, gateCount * numHiddens), time-major; last to first when `reversed`.
  /// With `validLen`, row b runs only the steps t < validLen[b] and its state passes through the
  /// others unchanged: a reversed run then starts each row at its last valid token. Returns the
  /// hidden state at each step in time order, (numSteps, batchSize, numHiddens), and the final
  /// state (after the first step when `reversed`).
  func sequence(projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]?)
    -> (outputs: Tensor, final: RecurrentState)
  /// The all-zero state for a batch, D2L's `begin_state`.
  func zeroState(batchSize: Int) -> RecurrentState
  /// h_t = f(x_t, h_{t-1}) for one step from the input itself, x (batchSize, inputSize): by
  /// default `step` on x W_ih + b_ih. (A requirement, so that a cell made of a learner's own step
  /// function can take x as it is.)
  func callAsFunction(_ x: Tensor, state: RecurrentState) -> RecurrentState
}

extension RecurrentCell {
  /// The number of hidden units.
  public var numHiddens: Int { weights.numHiddens }

  /// The trainable tensors.
  public var parameters: [Tensor] { weights.parameters }

  /// h_t = f(x_t, h_{t-1}) for one step: x (batchSize, inputSize).
  public func callAsFunction(_ x: Tensor, state: RecurrentState) -> RecurrentState {
    step(projectedInput: weights.projectInputs(x), state: state)
  }

  /// The all-zero hidden state, (batchSize, numHiddens).
  public func zeroState(batchSize: Int) -> RecurrentState {
    RecurrentState(hidden: Tensor.zeros([batchSize, numHiddens]))
  }

  /// By default, `compositeSequence`.
  public func sequence(
    projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]?
  ) -> (outputs: Tensor, final: RecurrentState) {
    compositeSequence(projected: projected, from: initial, reversed: reversed, validLen: validLen)
  }

  /// `step` called once per time step: the composite every fused kernel must equal. A row that
  /// skips step t keeps its state: s_t = m s_new + (1 - m) s_{t-1} with m = 1 where t < validLen.
  public func compositeSequence(
    projected: Tensor, from initial: RecurrentState, reversed: Bool, validLen: [Int]? = nil
  ) -> (outputs: Tensor, final: RecurrentState) {
    let batchSize = initial.hidden.shape[0]
    let numSteps = projected.shape[0] / max(batchSize, 1)
    var state = initial
    var outputs = [Tensor](repeating: initial.hidden, count: numSteps)
    let mask = validLen.map { stepMask(validLen: $0, numSteps: numSteps, layout: .timeMajor) }
    for t in reversed ? Array((0..<numSteps).reversed()) : Array(0..<numSteps) {
      let projectedInput = projected.slice(axis: 0, (t * batchSize)..<((t + 1) * batchSize))
      let next = step(projectedInput: projectedInput, state: state)
      if let mask {
        let runs = mask.select(axis: 0, t).reshaped([batchSize, 1])
        let previous = state
        state = RecurrentState(
          hidden: runs * next.hidden + (1 - runs) * previous.hidden,
          cell: next.cell.map { runs * $0 + (1 - runs) * previous.cell! })
      } else {
        state = next
      }
      outputs[t] = state.hidden
    }
    return (Tensor.stack(outputs), state)
  }

  /// The final state of a sequence whose states are `outputs`, (numSteps, batchSize, ...):
  /// the last step's, or the first's when the steps ran `reversed`.
  func lastStep(of outputs: Tensor, reversed: Bool) -> Tensor {
    outputs.select(axis: 0, reversed ? 0 : outputs.shape[0] - 1)
  }
}

/// The three recurrent cells of the chapter.
public enum CellKind: String, CaseIterable, Codable, Sendable {
  /// The vanilla RNN, h' = tanh(x W_xh + h W_hh + b).
  case rnn
  /// The gated recurrent unit (D2L's choice for seq2seq).
  case gru
  /// Long short-term memory, whose state includes the memory cell.
  case lstm

  /// The number of gates, each `numHiddens` wide: 1, 3 or 4.
  public var gateCount: Int {
    switch self {
    case .rnn: 1
    case .gru: 3
    case .lstm: 4
    }
  }

  /// A new cell of this kind.
  public func makeCell(
    inputSize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator
  ) -> any RecurrentCell {
    switch self {
    case .rnn: RNNCell(inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
    case .gru: GRUCell(inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
    case .lstm: LSTMCell(inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
    }
  }
}
