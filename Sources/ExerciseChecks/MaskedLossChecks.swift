import ExerciseSupport
import Exercises
import Formatting
import MaskedLoss
import TensorCore

/// The checks of concept 4, the masked loss.
enum MaskedLossChecks {
  /// Exercise 4.1, sequenceMask.
  static func sequenceMask(
    _ exercise: (Tensor, [Int], Float) throws -> Tensor = MaskedLossExercises.sequenceMask
  ) throws {
    // D2L: [[1, 2, 3], [4, 5, 6]] with valid lengths [1, 2] gives [[1, 0, 0], [4, 5, 0]].
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let cases: [([Int], Float, [Float])] = [
      ([1, 2], 0, [1, 0, 0, 4, 5, 0]),
      ([0, 3], -1, [-1, -1, -1, 4, 5, 6]),
      ([3, 0], 0, [1, 2, 3, 0, 0, 0]),
    ]
    try handPicked {
      for (validLen, value, expected) in cases {
        try expectClose(
          .sequenceMask,
          "sequenceMask([[1, 2, 3], [4, 5, 6]], validLen: \(validLen), value: \(value))",
          got: try exercise(x, validLen, value), expected: Tensor(shape: [2, 3], scalars: expected))
      }
    }
    try randomCases(.sequenceMask, sizes: [SizeRange("batch", 1...5), SizeRange("steps", 1...6)]) {
      sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let value = Float(Int.random(in: -3...3, using: &generator))
      let x = generator.tensor([batchSize, numSteps])
      let validLen = generator.validLengths(batchSize, numSteps: numSteps)
      try expectSame(
        .sequenceMask, "sequenceMask(\(describe(x)), validLen: \(validLen), value: \(value))",
        of: [("x", x)], yours: { try exercise($0[0], validLen, value) },
        library: { MaskedLoss.sequenceMask($0[0], validLen: validLen, value: value) })
    }
  }

  /// Exercise 4.2, the masked softmax cross-entropy.
  static func maskedLoss(
    _ exercise: (Tensor, [Int], [Int]) throws -> Tensor =
      MaskedLossExercises.maskedSoftmaxCrossEntropy
  ) throws {
    try handPicked {
      // D2L: all-ones logits (3, 4, 10), all-ones labels, valid lengths [4, 2, 0].
      try expectClose(
        .maskedLoss, "D2L's check: logits of ones (3, 4, 10), labels 1, validLen [4, 2, 0]",
        got: try exercise(Tensor.ones([3, 4, 10]), Array(repeating: 1, count: 12), [4, 2, 0]),
        expected: Tensor(shape: [3], scalars: [2.3026, 1.1513, 0]))
      let logits = sample([2, 5, 7], seed: 31)
      let labels = [0, 6, 2, 2, 1, 3, 3, 4, 5, 0]
      try expectClose(
        .maskedLoss, "random logits (2, 5, 7), labels \(labels), validLen [5, 1]",
        got: try exercise(logits, labels, [5, 1]),
        expected: maskedSoftmaxCrossEntropy(logits: logits, labels: labels, validLen: [5, 1]))
      // Every valid length below numSteps and each different: D2L divides by numSteps (6), not by
      // the longest sentence.
      let short = sample([3, 6, 5], seed: 32)
      let shortLabels = [0, 4, 2, 1, 3, 0, 2, 2, 4, 1, 0, 3, 1, 1, 0, 4, 2, 3]
      try expectClose(
        .maskedLoss, "random logits (3, 6, 5), validLen [2, 4, 1], all below numSteps 6",
        got: try exercise(short, shortLabels, [2, 4, 1]),
        expected: maskedSoftmaxCrossEntropy(
          logits: short, labels: shortLabels, validLen: [2, 4, 1]))
    }
    let sizes = [SizeRange("batch", 1...4), SizeRange("steps", 1...5), SizeRange("vocab", 2...6)]
    try randomCases(.maskedLoss, sizes: sizes) { sizes, generator in
      let (batchSize, numSteps, vocabSize) = (sizes["batch"], sizes["steps"], sizes["vocab"])
      let logits = generator.tensor([batchSize, numSteps, vocabSize])
      let labels = generator.tokens(batchSize * numSteps, vocabSize: vocabSize)
      let validLen = generator.validLengths(batchSize, numSteps: numSteps)
      try expectSame(
        .maskedLoss, "logits \(describe(logits)), labels \(labels), validLen \(validLen)",
        of: [("the logits", logits)], yours: { try exercise($0[0], labels, validLen) },
        library: { maskedSoftmaxCrossEntropy(logits: $0[0], labels: labels, validLen: validLen) })
    }
  }

  /// Exercise 4.3, D2L's printed loss.
  static func lossPerToken(
    _ exercise: ([Float], [Int]) throws -> Float = MaskedLossExercises.lossPerToken
  ) throws {
    let cases: [([Float], [Int], Float)] = [
      ([0, 0], [0, 0], 0),
      ([2.3026, 1.1513, 0], [4, 2, 0], 3.4539 / 6),
      ([1, 3], [1, 3], 1),
      // Losses per token that differ (3 and 0.25): the total over the tokens, 4 / 5, not the
      // mean of the sentences' means.
      ([3, 1], [1, 4], 0.8),
    ]
    try handPicked {
      for (losses, validLen, expected) in cases {
        try expectClose(
          .lossPerToken, "sentence losses \(losses) over valid lengths \(validLen)",
          got: [try exercise(losses, validLen)], expected: [expected])
      }
    }
    try randomCases(.lossPerToken, sizes: [SizeRange("batch", 1...6), SizeRange("steps", 1...6)]) {
      sizes, generator in
      // One batch in four holds no real token at all.
      let empty = generator.nextUnitFloat() < 0.25
      let validLen =
        empty
        ? Array(repeating: 0, count: sizes["batch"])
        : generator.validLengths(sizes["batch"], numSteps: sizes["steps"])
      // A sentence's loss is its tokens' summed loss over numSteps (D2L's mean over the steps).
      let losses = validLen.map {
        Float($0) * (0.5 + generator.nextUnitFloat()) / Float(sizes["steps"])
      }
      try expectClose(
        .lossPerToken,
        "sentence losses \(losses.map { fixed($0, 3) }) over valid lengths \(validLen)",
        got: [try exercise(losses, validLen)],
        expected: [MaskedLoss.lossPerToken(sentenceLosses: losses, validLen: validLen)])
    }
  }
}
