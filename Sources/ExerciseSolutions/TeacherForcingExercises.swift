import EncoderDecoder
import ExerciseSupport
import MaskedLoss
import TensorCore

/// Exercises 5: teacher forcing.
public enum TeacherForcingExercises {
  // MARK: Worked example
  /// A worked example: one row of a (batchSize, numSteps) row-major batch.
  public static func exampleRow(_ batch: [Int], row: Int, numSteps: Int) -> [Int] {
    Array(batch[(row * numSteps)..<((row + 1) * numSteps)])
  }

  /// TODO(Exercise 5.1): the decoder's input under teacher forcing: each row of `target`
  /// (batchSize, numSteps) becomes `<bos>` followed by that row without its last token.
  public static func teacherForcingInput(target: [Int], batchSize: Int, numSteps: Int, bos: Int)
    throws -> [Int]
  {
    // BEGIN Exercise 5.1
    (0..<batchSize).flatMap { row in
      [bos] + exampleRow(target, row: row, numSteps: numSteps).dropLast()
    }
    // END Exercise 5.1
  }

  /// TODO(Exercise 5.2): scheduled sampling's choice for one step: for each row, the gold token
  /// when `draws[row] < goldProbability`, else the model's own prediction.
  public static func scheduledInput(
    gold: [Int], predicted: [Int], draws: [Float], goldProbability: Float
  ) throws -> [Int] {
    // BEGIN Exercise 5.2
    gold.indices.map { draws[$0] < goldProbability ? gold[$0] : predicted[$0] }
    // END Exercise 5.2
  }

  /// TODO(Exercise 5.3): one training step: clear the gradients, compute the logits of `model`
  /// for the teacher-forced input, the masked loss summed over the batch, backward, clip the
  /// gradients to `maxNorm`, one `optimizer` step. Returns the summed loss.
  public static func trainStep(
    model: any Seq2SeqModel, optimizer: Adam, source: [Int], sourceValidLen: [Int], target: [Int],
    targetValidLen: [Int], shape: [Int], bos: Int, maxNorm: Float
  ) throws -> Float {
    // BEGIN Exercise 5.3
    optimizer.zeroGrad()
    let input = try teacherForcingInput(
      target: target, batchSize: shape[0], numSteps: shape[1], bos: bos)
    let logits = try model(
      source: source, sourceValidLen: sourceValidLen, decoderInput: input, shape: shape)
    let loss = maskedSoftmaxCrossEntropy(logits: logits, labels: target, validLen: targetValidLen)
      .sum()
    loss.backward()
    clipGradients(optimizer.parameters, maxNorm: maxNorm)
    optimizer.step()
    return loss.scalar
    // END Exercise 5.3
  }
}
