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

  /// Runs the exercise's check in a child process (this program, `run-one`), so that a trap in
  /// the learner's code fails that exercise instead of ending the program.
  static func of(_ exercise: Exercise) throws -> Status {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    if !FileManager.default.fileExists(atPath: "/proc/self/exe") {
      process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    }
    process.arguments = ["run-one", exercise.id]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    switch (process.terminationReason, process.terminationStatus) {
    case (.exit, 0): return .done
    case (.exit, notStartedCode): return .notStarted
    case (.exit, _): return .failing(text.isEmpty ? "the check failed" : text)
    case (.uncaughtSignal, let signal):
      let reason = text.split(separator: "\n").first { $0.contains("Fatal error") }
      return .failing("your code crashed (signal \(signal))" + (reason.map { ": \($0)" } ?? ""))
    @unknown default: return .failing("the check ended unexpectedly")
    }
  }
}
