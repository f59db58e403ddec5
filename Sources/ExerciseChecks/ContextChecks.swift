import ContextVariable
import Exercises
import Layers
import TensorCore

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

  static func lastState(
    _ exercise: (Tensor) throws -> Tensor = ContextVariableExercises.lastState
  ) throws {
    let oneLayer = sample([1, 2, 4], seed: 13)
    try expectClose(
      "2.1", "c from a one-layer state (1, 2, 4)", got: try exercise(oneLayer),
      expected: oneLayer.reshaped([2, 4]))
    let (outputs, state) = encoded()
    try expectClose(
      "2.1", "c = h_T of a two-layer state (2, 3, 4): the top layer",
      got: try exercise(state.hidden),
      expected: ContextVariable.lastState(outputs: outputs, state: state))
  }

  static func meanOverTime(
    _ exercise: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.meanOverTime
  ) throws {
    for validLen in [[2, 3], [3, 0]] {
      try expectClose(
        "2.2", "mean of \(tinyText) over validLen \(validLen)",
        got: try exercise(tiny, validLen),
        expected: ContextVariable.meanPooling(
          outputs: tiny, state: RecurrentState(hidden: tiny), validLen: validLen))
    }
    let (outputs, state) = encoded()
    for validLen in [[5, 5, 5], [2, 5, 0]] {
      try expectClose(
        "2.2", "mean over valid steps \(validLen) of outputs (5, 3, 4)",
        got: try exercise(outputs, validLen),
        expected: ContextVariable.meanPooling(outputs: outputs, state: state, validLen: validLen))
    }
  }

  static func maxOverTime(
    _ exercise: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.maxOverTime
  ) throws {
    for validLen in [[2, 3], [2, 0]] {
      try expectClose(
        "2.3", "max of \(tinyText) over validLen \(validLen)",
        got: try exercise(tiny, validLen),
        expected: ContextVariable.maxPooling(
          outputs: tiny, state: RecurrentState(hidden: tiny), validLen: validLen))
    }
    let (outputs, state) = encoded()
    for validLen in [[5, 5, 5], [1, 3, 0]] {
      try expectClose(
        "2.3", "max over valid steps \(validLen) of outputs (5, 3, 4)",
        got: try exercise(outputs, validLen),
        expected: ContextVariable.maxPooling(outputs: outputs, state: state, validLen: validLen))
    }
  }
}
