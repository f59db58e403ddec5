import ExerciseChecks
import ExerciseSupport
import Foundation

/// Where one exercise stands.
enum Status: Equatable {
  case notStarted
  case failing(String)
  case done

  /// The exit status `run-one` uses for an exercise not started.
  static let notStartedCode: Int32 = 3

  /// A one-character mark for lists.
  var mark: String {
    switch self {
    case .notStarted: "·"
    case .failing: "✗"
    case .done: "✓"
    }
  }

  /// The status in words.
  var text: String {
    switch self {
    case .notStarted: "not started"
    case .failing: "failing"
    case .done: "done"
    }
  }

  /// The command that runs exercise `id`'s check in a child process: this program's `run-one`.
  static func checkCommand(_ id: String) -> [String] {
    let exe =
      FileManager.default.fileExists(atPath: "/proc/self/exe")
      ? "/proc/self/exe" : CommandLine.arguments[0]
    return [exe, "run-one", id]
  }

  /// Runs the exercise's check in a child process (this program, `run-one`), so that a trap in
  /// the learner's code fails that exercise instead of ending the program.
  static func of(_ exercise: Exercise) throws -> Status {
    let job = try Job(checkCommand(exercise.id))
    job.wait()
    return Status(job)
  }

  /// The verdict of a check run `job` that has ended: exit 0 is done, exit `notStartedCode` not
  /// started, another exit or a signal (a trap) failing, with what the check printed.
  init(_ job: Job) {
    let text = job.output
    switch (job.process.terminationReason, job.process.terminationStatus) {
    case (.exit, 0): self = .done
    case (.exit, Status.notStartedCode): self = .notStarted
    case (.exit, _): self = .failing(text.isEmpty ? "the check failed" : text)
    case (.uncaughtSignal, let signal):
      let reason = text.split(separator: "\n").first { $0.contains("Fatal error") }
      self = .failing("your code crashed (signal \(signal))" + (reason.map { ": \($0)" } ?? ""))
    @unknown default: self = .failing("the check ended unexpectedly")
    }
  }
}
