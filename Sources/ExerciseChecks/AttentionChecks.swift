import Attention
import ExerciseSupport
import Exercises
import TensorCore

/// The checks of concept 8, attention.
enum AttentionChecks {
  /// Exercise 8.1, the masked softmax over source steps.
  static func maskedWeights(
    _ exercise: (Tensor, [Int]) throws -> Tensor = AttentionExercises.maskedSoftmax
  ) throws {
    // Ties: the valid steps share the weight evenly, the padding gets none.
    try expectClose(
      .maskedWeights, "scores [[0, 0, 0, 0]] with validLen [2]",
      got: try exercise(Tensor.zeros([1, 4]), [2]),
      expected: Tensor(shape: [1, 4], scalars: [0.5, 0.5, 0, 0]), tolerance: 1e-6)
    // Large padding scores must not leak in (masking after the softmax would renormalise wrong).
    let scores = Tensor(shape: [3, 4], scalars: [1, 2, 9, 9, 0.5, -1, 3, 8, 2, 1, 0, -1])
    try expectClose(
      .maskedWeights,
      "scores [[1, 2, 9, 9], [0.5, -1, 3, 8], [2, 1, 0, -1]] with validLen [2, 3, 4]",
      got: try exercise(scores, [2, 3, 4]),
      expected: maskedSoftmax(scores, validLen: [2, 3, 4]), tolerance: 1e-6)
    try expectClose(
      .maskedWeights, "validLen [0]: the first step gets all the weight",
      got: try exercise(Tensor(shape: [1, 3], scalars: [0, 5, 5]), [0]),
      expected: Tensor(shape: [1, 3], scalars: [1, 0, 0]), tolerance: 1e-6)
  }

  /// Exercise 8.2's function: query, states, W_q, W_k, w_v -> the scores.
  typealias Scores = (Tensor, Tensor, Tensor, Tensor, Tensor) throws -> Tensor

  /// Exercise 8.2, the additive score.
  static func additiveScore(
    _ exercise: Scores = AttentionExercises.additiveScores
  ) throws {
    // Query and key widths differ (3 and 5), so W_q and W_k cannot be swapped unnoticed.
    var generator = SeededGenerator(seed: 81)
    let score = AdditiveAttention(querySize: 3, keySize: 5, numHiddens: 4, generator: &generator)
    let (query, states) = (sample([2, 3], seed: 82), sample([2, 6, 5], seed: 83))
    try expectClose(
      .additiveScore, "a batch of 2 queries (width 3) over 6 states (width 5), 4 hidden units",
      got: try exercise(
        query, states, score.queryWeight, score.keyWeight, score.scoreWeight),
      expected: score.scores(query: query, keys: score.keys(states)))
  }

  /// Exercise 8.3, the weighted context.
  static func context(
    _ exercise: (Tensor, Tensor) throws -> Tensor = AttentionExercises.weightedContext
  ) throws {
    let states = Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    try expectClose(
      .context,
      "weights [[0, 1, 0], [0.5, 0.25, 0.25]] over states [[[1, 2], [3, 4], [5, 6]], "
        + "[[7, 8], [9, 10], [11, 12]]]",
      got: try exercise(
        Tensor(shape: [2, 3], scalars: [0, 1, 0, 0.5, 0.25, 0.25]), states),
      expected: Tensor(shape: [2, 2], scalars: [3, 4, 8.5, 9.5]))
    let (weights, values) = (sample([3, 4], seed: 84), sample([3, 4, 5], seed: 85))
    try expectClose(
      .context, "random weights (3, 4) over states (3, 4, 5)",
      got: try exercise(weights, values),
      expected: weightedContext(weights, values))
  }
}
