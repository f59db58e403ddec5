import ExerciseSupport
import Exercises
import Layers
import TensorCore

// Each check takes the function it checks, the learner's by default, so that the tests can prove
// it fails on the mistakes learners make (Tests/ExerciseTests/MistakeTests.swift).

/// The checks of concept 1, the encoder.
enum EncoderChecks {
  /// Exercise 1.1, reorder token ids time first.
  static func timeMajor(
    _ exercise: ([Int], Int, Int) throws -> [Int] = EncoderExercises.timeMajor
  ) throws {
    let cases: [(String, [Int], Int, Int, [Int])] = [
      ("an empty batch", [], 0, 4, []),
      ("one sentence [[7, 8]]", [7, 8], 1, 2, [7, 8]),
      ("one step of three sentences [[7], [8], [9]]", [7, 8, 9], 3, 1, [7, 8, 9]),
      ("[[1, 2, 3], [4, 5, 6]]", [1, 2, 3, 4, 5, 6], 2, 3, [1, 4, 2, 5, 3, 6]),
      ("[[1, 2], [3, 4], [5, 6]]", [1, 2, 3, 4, 5, 6], 3, 2, [1, 3, 5, 2, 4, 6]),
    ]
    try handPicked {
      for (what, tokens, batchSize, numSteps, expected) in cases {
        try expectEqual(
          .timeMajor, "timeMajor of \(what) (batchSize \(batchSize), numSteps \(numSteps))",
          got: try exercise(tokens, batchSize, numSteps), expected: expected)
      }
    }
    try randomCases(.timeMajor, sizes: [SizeRange("batch", 1...5), SizeRange("steps", 1...6)]) {
      sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let tokens = Array(10..<(10 + batchSize * numSteps)).shuffled(using: &generator)
      try expectEqual(
        .timeMajor, "timeMajor of \(tokens) (batchSize \(batchSize), numSteps \(numSteps))",
        got: try exercise(tokens, batchSize, numSteps),
        expected: Embedding.timeMajorIds(tokens, batchSize: batchSize, numSteps: numSteps))
    }
  }

  static func cell(_ kind: CellKind, seed: UInt64) -> any RecurrentCell {
    var generator = SeededGenerator(seed: seed)
    return kind.makeCell(inputSize: 3, numHiddens: 4, generator: &generator)
  }

  /// Exercise 1.2, one vanilla RNN step.
  static func rnnStep(
    _ exercise: (Tensor, Tensor, GateWeights) throws -> Tensor = EncoderExercises.rnnStep
  ) throws {
    let rnn = cell(.rnn, seed: 1)
    try handPicked {
      try expectClose(
        .rnnStep, "h_t for x = 0 and h = 0 (only the two biases remain, tanh(b_x + b_h))",
        got: try exercise(Tensor.zeros([1, 3]), Tensor.zeros([1, 4]), rnn.weights),
        expected: (rnn.weights.inputBias + rnn.weights.hiddenBias).tanh().reshaped([1, 4]))
      let (x, h) = (sample([2, 3], seed: 2), sample([2, 4], seed: 3))
      try expectClose(
        .rnnStep, "h_t for a batch of 2 (x: 2x3, h: 2x4)", got: try exercise(x, h, rnn.weights),
        expected: rnn(x, state: RecurrentState(hidden: h)).hidden)
    }
    try randomStep(.rnnStep, .rnn, exercise)
  }

  /// Exercise 1.3, one GRU step from its equations.
  static func gruStep(
    _ exercise: (Tensor, Tensor, GateWeights) throws -> Tensor = EncoderExercises.gruStep
  ) throws {
    let gru = cell(.gru, seed: 4)
    try handPicked {
      for seed in [5, 6] as [UInt64] {
        let (x, h) = (sample([2, 3], seed: seed), sample([2, 4], seed: seed + 10))
        try expectClose(
          .gruStep, "H_t for a batch of 2 (x: 2x3, h: 2x4, seed \(seed))",
          got: try exercise(x, h, gru.weights),
          expected: gru(x, state: RecurrentState(hidden: h)).hidden)
      }
    }
    try randomStep(.gruStep, .gru, exercise)
  }

  /// The random part of 1.2 and 1.3: one step of a `kind` cell of random sizes, in value and in
  /// the gradients with respect to x and h.
  static func randomStep(
    _ id: ExerciseID, _ kind: CellKind, _ exercise: (Tensor, Tensor, GateWeights) throws -> Tensor
  ) throws {
    let sizes = [
      SizeRange("batch", 1...4), SizeRange("inputs", 1...5), SizeRange("hiddens", 1...5),
    ]
    try randomCases(id, sizes: sizes) { sizes, generator in
      let (batchSize, inputSize, numHiddens) = (sizes["batch"], sizes["inputs"], sizes["hiddens"])
      let cell = kind.makeCell(inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
      let (x, h) = (
        generator.tensor([batchSize, inputSize]), generator.tensor([batchSize, numHiddens])
      )
      try expectSame(
        id, "the new state for x \(describe(x)) and h \(describe(h))", of: [("x", x), ("h", h)],
        yours: { try exercise($0[0], $0[1], cell.weights) },
        library: { cell($0[0], state: RecurrentState(hidden: $0[1])).hidden })
    }
  }

  /// Exercise 1.4, run a cell over a whole sequence.
  static func runCell(
    _ exercise: (any RecurrentCell, Tensor, RecurrentState) throws -> (
      outputs: Tensor, state: RecurrentState
    ) = EncoderExercises.runCell
  ) throws {
    var generator = SeededGenerator(seed: 9)
    let one = RecurrentLayer(.gru, inputSize: 3, numHiddens: 4, generator: &generator)
    let single = sample([1, 1, 3], seed: 10)
    try handPicked {
      try expectClose(
        .runCell, "GRU outputs of a one-step sequence (1, 1, 3)",
        got: try exercise(one.cells[0], single, one.cells[0].zeroState(batchSize: 1)).outputs,
        expected: one(single).outputs)
      // From zeros, then from a state that is not zero: a loop must start from `initial`, not
      // from the cell's zeros (with an LSTM's memory cell too).
      for (kind, fromZero) in [(CellKind.gru, true), (.lstm, true), (.gru, false), (.lstm, false)] {
        var generator = SeededGenerator(seed: fromZero ? 7 : 11)
        let layer = RecurrentLayer(kind, inputSize: 3, numHiddens: 4, generator: &generator)
        let inputs = sample([5, 2, 3], seed: fromZero ? 8 : 12)
        let initial =
          fromZero
          ? layer.cells[0].zeroState(batchSize: 2)
          : RecurrentState(
            hidden: sample([2, 4], seed: 13), cell: kind == .lstm ? sample([2, 4], seed: 14) : nil)
        let (expectedOutputs, expectedState) = layer(
          inputs,
          state: RecurrentState(
            hidden: initial.hidden.reshaped([1, 2, 4]), cell: initial.cell?.reshaped([1, 2, 4])))
        let (outputs, state) = try exercise(layer.cells[0], inputs, initial)
        let what =
          "\(kind.rawValue) over inputs (5, 2, 3)"
          + (fromZero ? "" : " from a non-zero initial state" + (kind == .lstm ? " (h and c)" : ""))
        try expectClose(.runCell, "\(what): outputs", got: outputs, expected: expectedOutputs)
        try expectClose(
          .runCell, "\(what): final hidden state", got: state.hidden,
          expected: expectedState.hidden.select(axis: 0, 0))
        if let cell = expectedState.cell {
          try expectClose(
            .runCell, "\(what): final memory cell (keep the whole state, not only its hidden part)",
            got: state.cell ?? Tensor.zeros([2, 4]), expected: cell.select(axis: 0, 0))
        }
      }
    }
    try randomRun(exercise)
  }

  /// The random part of 1.4: a cell of each kind over random sizes from a state that is not zero;
  /// the outputs in value and gradients (inputs, h_0, c_0), then the final state.
  static func randomRun(
    _ exercise: (any RecurrentCell, Tensor, RecurrentState) throws -> (
      outputs: Tensor, state: RecurrentState
    )
  ) throws {
    let sizes = [
      SizeRange("steps", 1...5), SizeRange("batch", 1...4), SizeRange("inputs", 1...5),
      SizeRange("hiddens", 1...5),
    ]
    try randomCases(.runCell, count: 9, sizes: sizes) { sizes, generator in
      let kind = CellKind.allCases.randomElement(using: &generator)!
      let (numSteps, batchSize) = (sizes["steps"], sizes["batch"])
      let (inputSize, numHiddens) = (sizes["inputs"], sizes["hiddens"])
      let layer = RecurrentLayer(
        kind, inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
      let inputs = generator.tensor([numSteps, batchSize, inputSize])
      let (h, c) = (
        generator.tensor([batchSize, numHiddens]), generator.tensor([batchSize, numHiddens])
      )
      let lstm = kind == .lstm
      let state = { (values: [Tensor]) in
        RecurrentState(hidden: values[1], cell: lstm ? values[2] : nil)
      }
      let library = { (values: [Tensor]) in
        let state = state(values)
        return layer(
          values[0],
          state: RecurrentState(
            hidden: state.hidden.reshaped([1, batchSize, numHiddens]),
            cell: state.cell?.reshaped([1, batchSize, numHiddens])))
      }
      let what =
        "a \(kind.rawValue) over inputs \(describe(inputs)) from h_0 \(describe(h))"
        + (lstm ? " and c_0 \(describe(c))" : "")
      try expectSame(
        .runCell, "\(what): the outputs",
        of: [("the inputs", inputs), ("h_0", h)] + (lstm ? [("c_0", c)] : []),
        yours: { try exercise(layer.cells[0], $0[0], state($0)).outputs },
        library: { library($0).outputs })
      let values = [inputs, h, c]
      let (got, expected) = (
        try exercise(layer.cells[0], inputs, state(values)).state, library(values).state
      )
      try expectClose(
        .runCell, "\(what): the final hidden state", got: got.hidden,
        expected: expected.hidden.select(axis: 0, 0))
      if let cell = expected.cell {
        try expectClose(
          .runCell,
          "\(what): the final memory cell (keep the whole state, not only its hidden part)",
          got: got.cell ?? Tensor.zeros([batchSize, numHiddens]), expected: cell.select(axis: 0, 0))
      }
    }
  }
}
