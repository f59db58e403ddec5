import TensorCore

/// One step of a recurrent network, h_t = f(x_t, h_{t-1}).
///
/// Every cell first projects its input, x W_ih + b_ih; a layer does that for all time steps in
/// one matrix product and then calls `step` once per time step with that step's rows.
public protocol RecurrentCell: AnyObject {
  /// The four parameters (W_ih, W_hh, b_ih, b_hh) and the gate width.
  var weights: GateWeights { get }
  /// One step from the projected input x_t W_ih + b_ih, (batchSize, gateCount * numHiddens),
  /// and the previous state.
  func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState
  /// The all-zero state for a batch, D2L's `begin_state`.
  func zeroState(batchSize: Int) -> RecurrentState
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
