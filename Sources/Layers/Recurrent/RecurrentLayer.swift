import TensorCore

/// A recurrent network over whole sequences: `numLayers` layers of cells, optionally in both
/// directions, with dropout between layers, as PyTorch's `nn.GRU`/`nn.LSTM`/`nn.RNN`.
///
/// Inputs are (numSteps, batchSize, inputSize). The result is the top layer's hidden state at
/// every step, (numSteps, batchSize, numDirections * numHiddens), and every layer's final state,
/// (numLayers * numDirections, batchSize, numHiddens) — D2L's `output, state`.
public final class RecurrentLayer: Layer {
  /// Which cell: vanilla RNN, GRU or LSTM.
  public let kind: CellKind
  /// The width of each input vector.
  public let inputSize: Int
  /// The number of hidden units of each cell.
  public let numHiddens: Int
  /// The number of stacked layers.
  public let numLayers: Int
  /// Whether a second set of cells reads each sequence from its end.
  public let bidirectional: Bool
  /// The cells, layer by layer, forward direction first within a layer.
  public let cells: [any RecurrentCell]
  /// Dropout applied to the outputs of every layer but the last.
  public let dropout: Dropout
  /// Substitutes for the library's pieces: with `overTime`, a one-way layer runs each cell with
  /// it instead of the fused kernel.
  public var pieces = ModelPieces()

  /// 1, or 2 when bidirectional.
  public var numDirections: Int { bidirectional ? 2 : 1 }

  /// Makes the layers; `dropout` is the probability between layers (training only).
  public init(
    _ kind: CellKind, inputSize: Int, numHiddens: Int, numLayers: Int = 1, dropout: Float = 0,
    bidirectional: Bool = false, generator: inout SeededGenerator
  ) {
    self.kind = kind
    self.inputSize = inputSize
    self.numHiddens = numHiddens
    self.numLayers = numLayers
    self.bidirectional = bidirectional
    var cells: [any RecurrentCell] = []
    for layer in 0..<numLayers {
      let layerInputSize = layer == 0 ? inputSize : (bidirectional ? 2 : 1) * numHiddens
      for _ in 0..<(bidirectional ? 2 : 1) {
        cells.append(
          kind.makeCell(inputSize: layerInputSize, numHiddens: numHiddens, generator: &generator))
      }
    }
    self.cells = cells
    self.dropout = Dropout(p: dropout, seed: generator.next())
  }

  /// The trainable tensors of every cell, in cell order.
  public var parameters: [Tensor] { cells.flatMap(\.parameters) }

  /// The all-zero state of every layer and direction: (numLayers * numDirections, batchSize,
  /// numHiddens), and for an LSTM the memory cells alike.
  public func zeroState(batchSize: Int) -> RecurrentState {
    RecurrentState.stack(cells.map { $0.zeroState(batchSize: batchSize) })
  }

  /// Runs the sequence through every layer.
  ///
  /// - Parameters:
  ///   - inputs: (numSteps, batchSize, inputSize).
  ///   - state: the initial state of every layer, (numLayers * numDirections, batchSize,
  ///     numHiddens); zeros when `nil`.
  ///   - validLen: how many steps of each sequence are real, the rest padding. The backward
  ///     direction of a bidirectional layer starts at each sequence's last real step, so that
  ///     it never reads padding first (its outputs over the padding are its initial state); the
  ///     forward direction reads the padding, as D2L's encoder does.
  /// - Returns: outputs (numSteps, batchSize, numDirections * numHiddens) and the final state
  ///   (numLayers * numDirections, batchSize, numHiddens).
  public func callAsFunction(
    _ inputs: Tensor, state: RecurrentState? = nil, validLen: [Int]? = nil
  ) -> (outputs: Tensor, state: RecurrentState) {
    require(
      inputs.rank == 3 && inputs.shape[2] == inputSize,
      "RecurrentLayer: expected inputs (numSteps, batchSize, \(inputSize)), "
        + "got \(Shape.describe(inputs.shape))")
    let batchSize = inputs.shape[1]
    let initial = state ?? zeroState(batchSize: batchSize)
    require(
      initial.hidden.shape == [cells.count, batchSize, numHiddens],
      "RecurrentLayer: expected a state \(Shape.describe([cells.count, batchSize, numHiddens])), "
        + "got \(Shape.describe(initial.hidden.shape))")
    var layerInputs = inputs
    var finalStates: [RecurrentState] = []
    for layer in 0..<numLayers {
      var directionOutputs: [Tensor] = []
      for direction in 0..<numDirections {
        let index = layer * numDirections + direction
        let (outputs, final) = run(
          cells[index], over: layerInputs, from: initial.select(index), reversed: direction == 1,
          validLen: direction == 1 ? validLen : nil)
        directionOutputs.append(outputs)
        finalStates.append(final)
      }
      layerInputs =
        directionOutputs.count == 1
        ? directionOutputs[0] : Tensor.concatenate(directionOutputs, axis: 2)
      if layer < numLayers - 1 { layerInputs = dropout(layerInputs) }
    }
    return (layerInputs, RecurrentState.stack(finalStates))
  }

  /// One cell over all steps (last to first when `reversed`): the hidden state at each step,
  /// (numSteps, batchSize, numHiddens), in the original time order, and the final state.
  private func run(
    _ cell: any RecurrentCell, over inputs: Tensor, from initial: RecurrentState, reversed: Bool,
    validLen: [Int]?
  ) -> (outputs: Tensor, final: RecurrentState) {
    if !reversed, validLen == nil, let (outputs, final) = pieces.overTime?(cell, inputs, initial) {
      return (outputs, final)
    }
    let (numSteps, batchSize) = (inputs.shape[0], inputs.shape[1])
    // x_t W_ih + b_ih for every step at once: (numSteps * batchSize, gateCount * numHiddens);
    // the cell runs the steps with its own kernel.
    let projected = cell.weights.projectInputs(inputs.reshaped([numSteps * batchSize, -1]))
    return cell.sequence(
      projected: projected, from: initial, reversed: reversed, validLen: validLen)
  }

  /// Exercise 1.4's loop: `cell` called on each step of `inputs` (numSteps, batchSize,
  /// inputSize) in turn from `initial`, the states stacked (numSteps, batchSize, numHiddens),
  /// and the last state. What runs a cell whose step is a learner's.
  public static func loopOverTime(
    _ cell: any RecurrentCell, _ inputs: Tensor, from initial: RecurrentState
  ) -> (outputs: Tensor, state: RecurrentState) {
    var (state, outputs) = (initial, [Tensor]())
    for t in 0..<inputs.shape[0] {
      state = cell(inputs.select(axis: 0, t), state: state)
      outputs.append(state.hidden)
    }
    return (Tensor.stack(outputs), state)
  }
}
