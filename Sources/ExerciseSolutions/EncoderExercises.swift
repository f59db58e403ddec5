import ExerciseSupport
import Layers
import TensorCore

/// Exercises 1: the encoder, h_t = f(x_t, h_{t-1}).
public enum EncoderExercises {
  // MARK: Worked example
  /// A worked example: one step of a vanilla RNN cell *without* a bias,
  /// h_t = tanh(x_t W_xh + h_{t-1} W_hh), for x (batchSize, inputSize) and h (batchSize, numHiddens).
  public static func exampleRNNStepWithoutBias(
    x: Tensor, h: Tensor, inputWeight: Tensor, hiddenWeight: Tensor
  ) -> Tensor {
    let fromInput = x.matmul(inputWeight)  // (batchSize, numHiddens)
    let fromState = h.matmul(hiddenWeight)  // (batchSize, numHiddens)
    return (fromInput + fromState).tanh()
  }

  /// TODO(Exercise 1.1): reorder token ids from batch-first (batchSize, numSteps), row-major, to
  /// time-first (numSteps, batchSize), as the RNN reads them: entry [t][b] = tokens[b][t].
  public static func timeMajor(_ tokens: [Int], batchSize: Int, numSteps: Int) throws -> [Int] {
    // BEGIN Exercise 1.1
    var result: [Int] = []
    for t in 0..<numSteps {
      for b in 0..<batchSize { result.append(tokens[b * numSteps + t]) }
    }
    return result
    // END Exercise 1.1
  }

  /// TODO(Exercise 1.2): one step of the vanilla RNN with its two biases,
  /// h_t = tanh(x_t W_ih + b_ih + h_{t-1} W_hh + b_hh), using `weights` (gateCount 1).
  public static func rnnStep(x: Tensor, h: Tensor, weights: GateWeights) throws -> Tensor {
    // BEGIN Exercise 1.2
    let fromInput = x.matmul(weights.inputWeight) + weights.inputBias
    let fromState = h.matmul(weights.hiddenWeight) + weights.hiddenBias
    return (fromInput + fromState).tanh()
    // END Exercise 1.2
  }

  /// TODO(Exercise 1.3): one GRU step from its equations, PyTorch's gate order (reset, update,
  /// candidate); `weights.gate(projection, k)` cuts gate k out of a projection:
  /// R = sigma(X W_xr + b_xr + H W_hr + b_hr), Z likewise,
  /// H~ = tanh(X W_xh + b_xh + R * (H W_hh + b_hh)), H' = Z * H + (1 - Z) * H~.
  public static func gruStep(x: Tensor, h: Tensor, weights: GateWeights) throws -> Tensor {
    // BEGIN Exercise 1.3
    let fromInput = weights.projectInputs(x)
    let fromState = weights.projectHidden(h)
    let reset = (weights.gate(fromInput, 0) + weights.gate(fromState, 0)).sigmoid()
    let update = (weights.gate(fromInput, 1) + weights.gate(fromState, 1)).sigmoid()
    let candidate = (weights.gate(fromInput, 2) + reset * weights.gate(fromState, 2)).tanh()
    return update * h + (1 - update) * candidate
    // END Exercise 1.3
  }

  /// TODO(Exercise 1.4): run `cell` over every step of `inputs` (numSteps, batchSize, inputSize)
  /// from `initial`, returning every step's hidden state stacked, (numSteps, batchSize,
  /// numHiddens), and the final state.
  public static func runCell(
    _ cell: any RecurrentCell, inputs: Tensor, initial: RecurrentState
  ) throws -> (outputs: Tensor, state: RecurrentState) {
    // BEGIN Exercise 1.4
    var state = initial
    var outputs: [Tensor] = []
    for t in 0..<inputs.shape[0] {
      state = cell(inputs.select(axis: 0, t), state: state)
      outputs.append(state.hidden)
    }
    return (Tensor.stack(outputs), state)
    // END Exercise 1.4
  }
}
