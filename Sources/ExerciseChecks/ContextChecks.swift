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

  static func lastState() throws {
    let (outputs, state) = encoded()
    try expectClose(
      "2.1", "c = h_T", got: try ContextVariableExercises.lastState(state.hidden),
      expected: ContextVariable.lastState(outputs: outputs, state: state))
    let oneLayer = sample([1, 2, 4], seed: 13)
    try expectClose(
      "2.1", "c from a one-layer state", got: try ContextVariableExercises.lastState(oneLayer),
      expected: oneLayer.reshaped([2, 4]))
  }

  static func meanOverTime() throws {
    let (outputs, state) = encoded()
    for validLen in [[5, 5, 5], [2, 5, 0]] {
      try expectClose(
        "2.2", "mean over valid steps \(validLen)",
        got: try ContextVariableExercises.meanOverTime(outputs, validLen: validLen),
        expected: ContextVariable.meanPooling(outputs: outputs, state: state, validLen: validLen))
    }
  }

  static func maxOverTime() throws {
    let (outputs, state) = encoded()
    for validLen in [[5, 5, 5], [1, 3, 0]] {
      try expectClose(
        "2.3", "max over valid steps \(validLen)",
        got: try ContextVariableExercises.maxOverTime(outputs, validLen: validLen),
        expected: ContextVariable.maxPooling(outputs: outputs, state: state, validLen: validLen))
    }
  }
}
