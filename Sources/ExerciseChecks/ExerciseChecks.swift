import ExerciseSupport

/// The check of every exercise: the learner's function against the book's numbers and the
/// project's own modules, edge cases included. A check throws `ExerciseFailure` naming the
/// exercise, or `ExerciseError.notImplemented` while the exercise is not started.
public enum ExerciseChecks {
  /// Every check, by exercise id.
  public static let all: [String: @Sendable () throws -> Void] = [
    "1.1": EncoderChecks.timeMajor, "1.2": EncoderChecks.rnnStep, "1.3": EncoderChecks.gruStep,
    "1.4": EncoderChecks.runCell,
    "2.1": ContextChecks.lastState, "2.2": ContextChecks.meanOverTime,
    "2.3": ContextChecks.maxOverTime,
    "3.1": DecoderChecks.concatenateContext, "3.2": DecoderChecks.initialState,
    "3.3": DecoderChecks.decoderStep,
    "4.1": MaskedLossChecks.sequenceMask, "4.2": MaskedLossChecks.maskedLoss,
    "4.3": MaskedLossChecks.lossPerToken,
    "5.1": TeacherForcingChecks.teacherForcingInput, "5.2": TeacherForcingChecks.scheduledInput,
    "5.3": TeacherForcingChecks.trainStep,
    "6.1": PredictionChecks.argmax, "6.2": PredictionChecks.greedyDecode,
    "6.3": PredictionChecks.beamStep,
    "7.1": BLEUChecks.clippedPrecision, "7.2": BLEUChecks.brevityPenalty, "7.3": BLEUChecks.bleu,
    "8.1": AttentionChecks.maskedWeights, "8.2": AttentionChecks.additiveScore,
    "8.3": AttentionChecks.context,
  ]

  /// Runs the check of exercise `id`.
  public static func check(_ id: String) throws {
    guard let check = all[id] else { throw ExerciseFailure(id, "there is no such exercise") }
    try check()
  }
}
