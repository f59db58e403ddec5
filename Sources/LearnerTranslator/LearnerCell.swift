import Exercises
import Layers
import TensorCore

/// A recurrent cell whose step is the learner's (exercise 1.3 for a GRU, 1.2 for a vanilla RNN)
/// on the weights of a library cell: what your exercise 1.4 runs over time in your translator.
final class LearnerCell: RecurrentCell {
  /// The library's cell, whose weights both steps read.
  let library: any RecurrentCell
  /// The piece that says whose step runs.
  let piece: Piece
  let kind: CellKind
  let yours: Yours

  init(_ library: any RecurrentCell, kind: CellKind, pieces: Pieces) {
    self.library = library
    self.kind = kind
    yours = pieces.yours
    piece = kind == .rnn ? pieces.rnnStep : pieces.gruStep
  }

  var weights: GateWeights { library.weights }

  /// h_t from x_t and h_{t-1} by your step (an LSTM has no exercise: the library's).
  func callAsFunction(_ x: Tensor, state: RecurrentState) -> RecurrentState {
    guard kind != .lstm else { return library(x, state: state) }
    let hidden = piece.run(on: "x \(dims(x)), h \(dims(state.hidden))") {
      kind == .rnn
        ? try yours.rnnStep(x, state.hidden, weights) : try yours.gruStep(x, state.hidden, weights)
    }
    return hidden.map { RecurrentState(hidden: $0) } ?? library(x, state: state)
  }

  /// The library's step (used only by the library's loops).
  func step(projectedInput: Tensor, state: RecurrentState) -> RecurrentState {
    library.step(projectedInput: projectedInput, state: state)
  }

  func zeroState(batchSize: Int) -> RecurrentState { library.zeroState(batchSize: batchSize) }
}
