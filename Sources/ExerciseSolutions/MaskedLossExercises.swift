import ExerciseSupport
import TensorCore

/// Exercises 4: the masked loss.
public enum MaskedLossExercises {
  // MARK: Worked example
  /// A worked example: D2L's mask for one sentence, 1 for its first `validLen` steps, then 0:
  /// `exampleMaskRow(validLen: 2, numSteps: 4)` is `[1, 1, 0, 0]`.
  public static func exampleMaskRow(validLen: Int, numSteps: Int) -> [Float] {
    (0..<numSteps).map { $0 < validLen ? 1 : 0 }
  }

  /// TODO(Exercise 4.1): D2L's `sequence_mask`: `x` is (batchSize, numSteps); keep entry [b, t]
  /// when t < validLen[b], else put `value` there.
  public static func sequenceMask(_ x: Tensor, validLen: [Int], value: Float = 0) throws -> Tensor {
    // BEGIN Exercise 4.1
    let (batchSize, numSteps) = (x.shape[0], x.shape[1])
    let mask = Tensor(
      shape: [batchSize, numSteps],
      scalars: (0..<batchSize).flatMap {
        exampleMaskRow(validLen: validLen[$0], numSteps: numSteps)
      })
    return x.masked(by: mask, fill: value)
    // END Exercise 4.1
  }

  /// TODO(Exercise 4.2): D2L's masked softmax cross-entropy: logits (batchSize, numSteps,
  /// vocabSize), labels row-major (batchSize, numSteps); the loss of each position, 0 beyond the
  /// valid length, averaged over all numSteps positions: (batchSize,).
  public static func maskedSoftmaxCrossEntropy(
    logits: Tensor, labels: [Int], validLen: [Int]
  ) throws -> Tensor {
    // BEGIN Exercise 4.2
    let unweighted = logits.crossEntropy(labels: labels)  // (batchSize, numSteps)
    let weights = try sequenceMask(Tensor.ones(unweighted.shape), validLen: validLen)
    return (unweighted * weights).mean(axis: 1)
    // END Exercise 4.2
  }

  /// TODO(Exercise 4.3): the loss D2L prints while training: the sum of the sentences' losses
  /// (from 4.2) divided by the number of valid target tokens. 0 when there are none.
  public static func lossPerToken(sentenceLosses: [Float], validLen: [Int]) throws -> Float {
    // BEGIN Exercise 4.3
    let tokens = validLen.reduce(0, +)
    return tokens == 0 ? 0 : sentenceLosses.reduce(0, +) / Float(tokens)
    // END Exercise 4.3
  }
}
