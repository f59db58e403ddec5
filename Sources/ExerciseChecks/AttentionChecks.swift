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
    try handPicked {
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
    try randomCases(.maskedWeights, sizes: [SizeRange("batch", 1...4), SizeRange("steps", 1...6)]) {
      sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let scores = generator.tensor([batchSize, numSteps]) * 4
      let validLen = generator.validLengths(batchSize, numSteps: numSteps)
      try expectSame(
        .maskedWeights, "scores \(describe(scores)) with validLen \(validLen)",
        of: [("the scores", scores)],
        tolerance: 1e-6, yours: { try exercise($0[0], validLen) },
        library: { maskedSoftmax($0[0], validLen: validLen) })
    }
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
    try handPicked {
      try expectClose(
        .additiveScore, "a batch of 2 queries (width 3) over 6 states (width 5), 4 hidden units",
        got: try exercise(
          query, states, score.queryWeight, score.keyWeight, score.scoreWeight),
        expected: score.scores(query: query, keys: score.keys(states)))
    }
    let sizes = [
      SizeRange("batch", 1...3), SizeRange("steps", 1...5), SizeRange("query", 1...4),
      SizeRange("key", 1...4), SizeRange("hiddens", 1...4),
    ]
    try randomCases(.additiveScore, sizes: sizes) { sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let score = AdditiveAttention(
        querySize: sizes["query"], keySize: sizes["key"], numHiddens: sizes["hiddens"],
        generator: &generator)
      let query = generator.tensor([batchSize, sizes["query"]])
      let states = generator.tensor([batchSize, numSteps, sizes["key"]])
      try expectSame(
        .additiveScore,
        "queries \(describe(query)) over states \(describe(states)), \(sizes["hiddens"]) hidden units",
        of: [("the queries", query), ("the states", states)],
        yours: {
          try exercise($0[0], $0[1], score.queryWeight, score.keyWeight, score.scoreWeight)
        },
        library: { score.scores(query: $0[0], keys: score.keys($0[1])) })
    }
  }

  /// Exercise 8.3, the weighted context.
  static func context(
    _ exercise: (Tensor, Tensor) throws -> Tensor = AttentionExercises.weightedContext
  ) throws {
    let states = Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    let (weights, values) = (sample([3, 4], seed: 84), sample([3, 4, 5], seed: 85))
    try handPicked {
      try expectClose(
        .context,
        "weights [[0, 1, 0], [0.5, 0.25, 0.25]] over states [[[1, 2], [3, 4], [5, 6]], "
          + "[[7, 8], [9, 10], [11, 12]]]",
        got: try exercise(
          Tensor(shape: [2, 3], scalars: [0, 1, 0, 0.5, 0.25, 0.25]), states),
        expected: Tensor(shape: [2, 2], scalars: [3, 4, 8.5, 9.5]))
      try expectClose(
        .context, "random weights (3, 4) over states (3, 4, 5)",
        got: try exercise(weights, values),
        expected: weightedContext(weights, values))
    }
    let sizes = [SizeRange("batch", 1...4), SizeRange("steps", 1...5), SizeRange("width", 1...4)]
    try randomCases(.context, sizes: sizes) { sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let weights = generator.tensor([batchSize, numSteps])
      let states = generator.tensor([batchSize, numSteps, sizes["width"]])
      try expectSame(
        .context, "weights \(describe(weights)) over states \(describe(states))",
        of: [("the weights", weights), ("the states", states)],
        yours: { try exercise($0[0], $0[1]) },
        library: { weightedContext($0[0], $0[1]) })
    }
  }
}
