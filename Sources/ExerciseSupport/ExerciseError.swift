/// What an exercise stub throws until it is written.
public enum ExerciseError: Error, Equatable, CustomStringConvertible {
  /// The stub still has its `throw`: the exercise has not been started.
  case notImplemented(String)

  /// One line pointing at the exercise and the progress command.
  public var description: String {
    switch self {
    case .notImplemented(let id):
      "Exercise \(id) is not implemented yet: replace its `throw` (see `swift run exercises hint \(id)`)"
    }
  }
}

/// Why an exercise's check failed: which exercise, what was expected, what the code gave.
public struct ExerciseFailure: Error, CustomStringConvertible {
  /// The exercise, e.g. "4.2".
  public let id: String
  /// What went wrong, with the expected and the actual values.
  public let message: String

  /// Makes a failure of exercise `id`.
  public init(_ id: String, _ message: String) {
    self.id = id
    self.message = message
  }

  /// `Exercise 4.2: expected [2.3026, 1.1513, 0.0000], got [...]`.
  public var description: String { "Exercise \(id): \(message)" }
}
