import ExerciseSupport
import Layers
import TensorCore

/// Exercises 2: the context variable, c = q(h_1, ..., h_T).
public enum ContextVariableExercises {
  // MARK: Worked example
  /// A worked example: the hidden state of every sentence at step `t`, (batchSize, numHiddens),
  /// from outputs (numSteps, batchSize, numHiddens).
  public static func exampleStateAtStep(_ outputs: Tensor, _ t: Int) -> Tensor {
    outputs.select(axis: 0, t)
  }

  /// TODO(Exercise 2.1): c = h_T, the top layer's final state: the last entry of `state`
  /// (numLayers, batchSize, numHiddens), as a (batchSize, numHiddens) tensor.
  public static func lastState(_ state: Tensor) throws -> Tensor {
    // BEGIN Exercise 2.1
    state.select(axis: 0, state.shape[0] - 1)
    // END Exercise 2.1
  }

  /// TODO(Exercise 2.2): c = the mean of h_t over each sentence's valid steps: outputs
  /// (numSteps, batchSize, numHiddens), sentence b has validLen[b] valid steps (treat 0 as 1).
  public static func meanOverTime(_ outputs: Tensor, validLen: [Int]) throws -> Tensor {
    // BEGIN Exercise 2.2
    let (numSteps, batchSize) = (outputs.shape[0], outputs.shape[1])
    let mask = Tensor(
      shape: [numSteps, batchSize, 1],
      scalars: (0..<(numSteps * batchSize)).map {
        $0 / batchSize < max(validLen[$0 % batchSize], 1) ? 1 : 0
      })
    let counts = Tensor(shape: [batchSize, 1], scalars: validLen.map { Float(max($0, 1)) })
    return (outputs * mask).sum(axis: 0) / counts
    // END Exercise 2.2
  }

  /// TODO(Exercise 2.3): c = the element-wise maximum of h_t over each sentence's valid steps
  /// (treat a valid length of 0 as 1). Hint: mask the padding with a very negative number.
  public static func maxOverTime(_ outputs: Tensor, validLen: [Int]) throws -> Tensor {
    // BEGIN Exercise 2.3
    let (numSteps, batchSize) = (outputs.shape[0], outputs.shape[1])
    let mask = Tensor(
      shape: [numSteps, batchSize, 1],
      scalars: (0..<(numSteps * batchSize)).map {
        $0 / batchSize < max(validLen[$0 % batchSize], 1) ? 1 : 0
      })
    return outputs.masked(by: mask.expanded(to: outputs.shape), fill: -1e9).max(axis: 0)
    // END Exercise 2.3
  }
}
