import ExerciseSupport

/// The check of every exercise: the learner's function against the book's numbers and the
/// project's own modules, edge cases included. A check throws `ExerciseFailure` naming the
/// exercise, or `ExerciseError.notImplemented` while the exercise is not started.
public enum ExerciseChecks {
  /// Runs the check of exercise `id` ("4.2").
  public static func check(_ id: String) throws {
    guard let exercise = Registry.exercise(id) else {
      throw ExerciseFailure(id, "there is no such exercise")
    }
    try exercise.check()
  }
}
