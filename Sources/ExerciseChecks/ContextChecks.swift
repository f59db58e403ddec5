import ContextVariable
import ExerciseSupport
import Exercises
import Layers
import TensorCore

/// The checks of concept 2, the context variable.
enum ContextChecks {
  static func encoded() -> (outputs: Tensor, state: RecurrentState) {
    var generator = SeededGenerator(seed: 11)
    let layer = RecurrentLayer(
      .gru, inputSize: 3, numHiddens: 4, numLayers: 2, generator: &generator)
    return layer(sample([5, 3, 3], seed: 12))
  }

  /// Three steps of two sentences with one hidden unit, small enough to read in a message:
  /// sentence 0 reads -3, -2, 9 and sentence 1 reads -1, 5, 7.
  static var tiny: Tensor { Tensor(shape: [3, 2, 1], scalars: [-3, -1, -2, 5, 9, 7]) }
  static let tinyText = "outputs [[-3, -2, 9], [-1, 5, 7]] (sentence by sentence)"

  /// Exercise 2.1, c = h_T.
  static func lastState(
    _ exercise: (Tensor) throws -> Tensor = ContextVariableExercises.lastState
  ) throws {
    let oneLayer = sample([1, 2, 4], seed: 13)
    try handPicked {
      try expectClose(
        .lastState, "c from a one-layer state (1, 2, 4)", got: try exercise(oneLayer),
        expected: oneLayer.reshaped([2, 4]))
      let (outputs, state) = encoded()
      try expectClose(
        .lastState, "c = h_T of a two-layer state (2, 3, 4): the top layer",
        got: try exercise(state.hidden),
        expected: ContextVariable.lastState(outputs: outputs, state: state))
    }
    let sizes = [
      SizeRange("layers", 1...4), SizeRange("batch", 1...4), SizeRange("hiddens", 1...5),
    ]
    try randomCases(.lastState, sizes: sizes) { sizes, generator in
      let (numLayers, batchSize, numHiddens) = (sizes["layers"], sizes["batch"], sizes["hiddens"])
      let hidden = generator.tensor([numLayers, batchSize, numHiddens])
      let outputs = generator.tensor([2, batchSize, numHiddens])
      try expectSame(
        .lastState, "c from the state \(describe(hidden))", of: [("the state", hidden)],
        yours: { try exercise($0[0]) },
        library: {
          ContextVariable.lastState(outputs: outputs, state: RecurrentState(hidden: $0[0]))
        })
    }
  }

  /// Exercise 2.2, c = mean over the valid steps.
  static func meanOverTime(
    _ exercise: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.meanOverTime
  ) throws {
    try pooling(
      .meanOverTime, .meanPooling, exercise, tiny: [[2, 3], [3, 0]],
      large: [[5, 5, 5], [2, 5, 0], [4, 2, 1]])
  }

  /// Exercise 2.3, c = max over the valid steps.
  static func maxOverTime(
    _ exercise: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.maxOverTime
  ) throws {
    try pooling(
      .maxOverTime, .maxPooling, exercise, tiny: [[2, 3], [2, 0]],
      large: [[5, 5, 5], [1, 3, 0], [4, 2, 1]])
  }

  /// Exercise `id` against the library's `pooling`: on `tiny` with the `tiny` valid lengths, then
  /// on a GRU's outputs (5, 3, 4) with the `large` ones.
  static func pooling(
    _ id: ExerciseID, _ pooling: ContextVariable, _ exercise: (Tensor, [Int]) throws -> Tensor,
    tiny tinyLengths: [[Int]], large: [[Int]]
  ) throws {
    try handPicked {
      let (outputs, state) = encoded()
      let cases =
        tinyLengths.map { (tiny, RecurrentState(hidden: tiny), $0, tinyText) }
        + large.map { (outputs, state, $0, "outputs (5, 3, 4)") }
      for (outputs, state, validLen, text) in cases {
        try expectClose(
          id, "\(pooling.shortName) of \(text) over validLen \(validLen)",
          got: try exercise(outputs, validLen),
          expected: pooling(outputs: outputs, state: state, validLen: validLen))
      }
    }
    let sizes = [SizeRange("steps", 1...5), SizeRange("batch", 1...4), SizeRange("hiddens", 1...4)]
    try randomCases(id, sizes: sizes) { sizes, generator in
      let (numSteps, batchSize) = (sizes["steps"], sizes["batch"])
      let outputs = generator.tensor([numSteps, batchSize, sizes["hiddens"]])
      let validLen = generator.validLengths(batchSize, numSteps: numSteps)
      try expectSame(
        id, "\(pooling.shortName) of outputs \(describe(outputs)) over validLen \(validLen)",
        of: [("the outputs", outputs)], yours: { try exercise($0[0], validLen) },
        library: {
          pooling(outputs: $0[0], state: RecurrentState(hidden: $0[0]), validLen: validLen)
        })
    }
  }
}
