import ExerciseSupport

/// The check of every exercise: the learner's function against the book's numbers and the
/// project's own modules, edge cases included. A check throws `ExerciseFailure` naming the
/// exercise, or `ExerciseError.notImplemented` while the exercise is not started.
public enum ExerciseChecks {
  /// Every check, by exercise id.
  public static let all: [String: @Sendable () throws -> Void] = [
    "1.1": { try EncoderChecks.timeMajor() }, "1.2": { try EncoderChecks.rnnStep() },
    "1.3": { try EncoderChecks.gruStep() }, "1.4": { try EncoderChecks.runCell() },
    "2.1": { try ContextChecks.lastState() }, "2.2": { try ContextChecks.meanOverTime() },
    "2.3": { try ContextChecks.maxOverTime() },
    "3.1": { try DecoderChecks.concatenateContext() },
    "3.2": { try DecoderChecks.initialState() }, "3.3": { try DecoderChecks.decoderStep() },
    "4.1": { try MaskedLossChecks.sequenceMask() }, "4.2": { try MaskedLossChecks.maskedLoss() },
    "4.3": { try MaskedLossChecks.lossPerToken() },
    "5.1": { try TeacherForcingChecks.teacherForcingInput() },
    "5.2": { try TeacherForcingChecks.scheduledInput() },
    "5.3": { try TeacherForcingChecks.trainStep() },
    "6.1": { try PredictionChecks.argmax() }, "6.2": { try PredictionChecks.greedyDecode() },
    "6.3": { try PredictionChecks.beamStep() },
    "7.1": { try BLEUChecks.clippedPrecision() }, "7.2": { try BLEUChecks.brevityPenalty() },
    "7.3": { try BLEUChecks.bleu() },
    "8.1": { try AttentionChecks.maskedWeights() }, "8.2": { try AttentionChecks.additiveScore() },
    "8.3": { try AttentionChecks.context() },
  ]

  /// Runs the check of exercise `id`.
  public static func check(_ id: String) throws {
    guard let check = all[id] else { throw ExerciseFailure(id, "there is no such exercise") }
    try check()
  }
}
