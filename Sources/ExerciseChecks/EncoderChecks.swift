import Exercises
import Layers
import TensorCore

enum EncoderChecks {
  static func timeMajor() throws {
    // Two sentences of three tokens: [[1, 2, 3], [4, 5, 6]] read time first.
    let got = try EncoderExercises.timeMajor([1, 2, 3, 4, 5, 6], batchSize: 2, numSteps: 3)
    try expectEqual(
      "1.1", "timeMajor of [[1, 2, 3], [4, 5, 6]]", got: got, expected: [1, 4, 2, 5, 3, 6])
    try expectEqual(
      "1.1", "timeMajor of one sentence",
      got: try EncoderExercises.timeMajor([7, 8], batchSize: 1, numSteps: 2),
      expected: [7, 8])
    try expectEqual(
      "1.1", "timeMajor of an empty batch",
      got: try EncoderExercises.timeMajor([], batchSize: 0, numSteps: 4),
      expected: [])
  }

  static func cell(_ kind: CellKind, seed: UInt64) -> any RecurrentCell {
    var generator = SeededGenerator(seed: seed)
    return kind.makeCell(inputSize: 3, numHiddens: 4, generator: &generator)
  }

  static func rnnStep() throws {
    let rnn = cell(.rnn, seed: 1)
    let (x, h) = (sample([2, 3], seed: 2), sample([2, 4], seed: 3))
    let expected = rnn(x, state: RecurrentState(hidden: h)).hidden
    let got = try EncoderExercises.rnnStep(x: x, h: h, weights: rnn.weights)
    try expectClose("1.2", "h_t", got: got, expected: expected)
    let zeros = try EncoderExercises.rnnStep(
      x: Tensor.zeros([1, 3]), h: Tensor.zeros([1, 4]), weights: rnn.weights)
    try expectClose(
      "1.2", "h_t for zero input and state (only the biases remain)", got: zeros,
      expected: (rnn.weights.inputBias + rnn.weights.hiddenBias).tanh().reshaped([1, 4]))
  }

  static func gruStep() throws {
    let gru = cell(.gru, seed: 4)
    for seed in [5, 6] as [UInt64] {
      let (x, h) = (sample([2, 3], seed: seed), sample([2, 4], seed: seed + 10))
      let expected = gru(x, state: RecurrentState(hidden: h)).hidden
      let got = try EncoderExercises.gruStep(x: x, h: h, weights: gru.weights)
      try expectClose("1.3", "H_t", got: got, expected: expected)
    }
  }

  static func runCell() throws {
    for kind in [CellKind.gru, .lstm] {
      var generator = SeededGenerator(seed: 7)
      let layer = RecurrentLayer(kind, inputSize: 3, numHiddens: 4, generator: &generator)
      let inputs = sample([5, 2, 3], seed: 8)
      let (expectedOutputs, expectedState) = layer(inputs)
      let (outputs, state) = try EncoderExercises.runCell(
        layer.cells[0], inputs: inputs, initial: layer.cells[0].zeroState(batchSize: 2))
      try expectClose("1.4", "\(kind.rawValue) outputs", got: outputs, expected: expectedOutputs)
      try expectClose(
        "1.4", "\(kind.rawValue) final hidden state", got: state.hidden,
        expected: expectedState.hidden.select(axis: 0, 0))
      if let cell = expectedState.cell {
        try expectClose(
          "1.4", "lstm final memory cell", got: state.cell ?? Tensor.zeros([2, 4]),
          expected: cell.select(axis: 0, 0))
      }
    }
    var generator = SeededGenerator(seed: 9)
    let one = RecurrentLayer(.gru, inputSize: 3, numHiddens: 4, generator: &generator)
    let single = sample([1, 1, 3], seed: 10)
    let (outputs, _) = try EncoderExercises.runCell(
      one.cells[0], inputs: single, initial: one.cells[0].zeroState(batchSize: 1))
    try expectClose(
      "1.4", "outputs of a one-step sequence", got: outputs, expected: one(single).outputs)
  }
}
