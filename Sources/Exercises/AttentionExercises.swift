// Your exercises. Replace each `throw ExerciseError.notImplemented(...)` between BEGIN and END
// with your code; check with `swift run exercises`. Hints: `swift run exercises hint X.Y`.
// (Generated from Sources/ExerciseSolutions by .ci/make-exercise-stubs.)

import ExerciseSupport
import TensorCore

/// Exercises 8: attention.
public enum AttentionExercises {
  // MARK: Worked example
  /// A worked example: the weights of one sentence whose scores all tie, `validLen` of them
  /// real: `exampleEvenWeights(validLen: 2, numSteps: 4)` is `[0.5, 0.5, 0, 0]`.
  public static func exampleEvenWeights(validLen: Int, numSteps: Int) -> [Float] {
    (0..<numSteps).map { $0 < validLen ? 1 / Float(validLen) : 0 }
  }

  /// TODO(Exercise 8.1): the masked softmax over source steps (D2L's `masked_softmax`): `scores`
  /// is (batchSize, numSteps); row b's softmax over its first validLen[b] entries, exactly 0
  /// after them. A valid length of 0 counts as 1 (a sentence always has its `<eos>`).
  public static func maskedSoftmax(_ scores: Tensor, validLen: [Int]) throws -> Tensor {
    // BEGIN Exercise 8.1
    throw ExerciseError.notImplemented("8.1")
    // END Exercise 8.1
  }

  /// TODO(Exercise 8.2): Bahdanau's additive score a(s, h_t) = w_v^T tanh(W_q s + W_k h_t) for
  /// every step: query s (batchSize, querySize), encoder states h (batchSize, numSteps, keySize),
  /// W_q (querySize, numHiddens), W_k (keySize, numHiddens), w_v (numHiddens, 1); the scores
  /// are (batchSize, numSteps).
  public static func additiveScores(
    query: Tensor, states: Tensor, queryWeight: Tensor, keyWeight: Tensor, scoreWeight: Tensor
  ) throws -> Tensor {
    // BEGIN Exercise 8.2
    throw ExerciseError.notImplemented("8.2")
    // END Exercise 8.2
  }

  /// TODO(Exercise 8.3): the context of one decoder step, c = sum_t alpha_t h_t, for every row:
  /// weights (batchSize, numSteps) and encoder states (batchSize, numSteps, contextSize) give
  /// (batchSize, contextSize).
  public static func weightedContext(_ weights: Tensor, states: Tensor) throws -> Tensor {
    // BEGIN Exercise 8.3
    throw ExerciseError.notImplemented("8.3")
    // END Exercise 8.3
  }
}
