// Your exercises. Replace each `throw ExerciseError.notImplemented(...)` between BEGIN and END
// with your code; check with `swift run exercises`. Hints: `swift run exercises hint X.Y`.
// (Generated from Sources/ExerciseSolutions by .ci/make-exercise-stubs.)

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
    throw ExerciseError.notImplemented("5.1")
    // END Exercise 5.1
  }

  /// TODO(Exercise 5.2): scheduled sampling's choice for one step: for each row, the gold token
  /// when `draws[row] < goldProbability`, else the model's own prediction.
  public static func scheduledInput(
    gold: [Int], predicted: [Int], draws: [Float], goldProbability: Float
  ) throws -> [Int] {
    // BEGIN Exercise 5.2
    throw ExerciseError.notImplemented("5.2")
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
    throw ExerciseError.notImplemented("5.3")
    // END Exercise 5.3
  }
}
