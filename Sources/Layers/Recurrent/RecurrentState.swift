import TensorCore

/// The state a recurrent network carries from step to step: the hidden state h, and for an LSTM
/// also the memory cell c (D2L: "with an LSTM the cell state is part of the state").
///
/// For one cell both are (batchSize, numHiddens); for a layer of `numLayers` (times 2 when
/// bidirectional) they are stacked: (numLayers, batchSize, numHiddens), layer by layer and, within
/// a layer, forward direction first, as PyTorch orders them.
public struct RecurrentState {
  /// The hidden state h.
  public var hidden: Tensor
  /// The memory cell c of an LSTM; `nil` for a vanilla RNN or a GRU.
  public var cell: Tensor?

  /// Makes a state from h and, for an LSTM, c.
  public init(hidden: Tensor, cell: Tensor? = nil) {
    self.hidden = hidden
    self.cell = cell
  }

  /// Entry `index` of a stacked state: the state of one layer (and direction).
  public func select(_ index: Int) -> RecurrentState {
    RecurrentState(hidden: hidden.select(axis: 0, index), cell: cell?.select(axis: 0, index))
  }

  /// The states of the batch rows `rows`, in that order (a row may repeat): what beam search
  /// keeps of the beams it continues. The batch axis is the one before numHiddens.
  public func rows(_ rows: [Int]) -> RecurrentState {
    RecurrentState(
      hidden: hidden.gather(axis: hidden.rank - 2, rows),
      cell: cell.map { $0.gather(axis: $0.rank - 2, rows) })
  }

  /// States of single layers stacked into one: (count, batchSize, numHiddens).
  public static func stack(_ states: [RecurrentState]) -> RecurrentState {
    let cells = states.compactMap(\.cell)
    return RecurrentState(
      hidden: Tensor.stack(states.map(\.hidden)),
      cell: cells.isEmpty ? nil : Tensor.stack(cells))
  }
}
