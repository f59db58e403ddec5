import Foundation

/// A child process whose output (standard output and error together) goes to a temporary file,
/// so that waiting for it never blocks on a full pipe and a loop can poll it while it runs.
final class Job {
  /// The running process.
  let process = Process()
  private let outputURL: URL

  /// Starts `arguments[0]` with the rest as its arguments, in `directory` when given.
  init(_ arguments: [String], in directory: URL? = nil) throws {
    outputURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("exercises-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
      throw CommandError("\(outputURL.path): cannot create it for a check's output")
    }
    let output = try FileHandle(forWritingTo: outputURL)
    defer { try? output.close() }
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    if let directory { process.currentDirectoryURL = directory }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    try process.run()
  }

  deinit {
    if process.isRunning { process.terminate() }
    try? FileManager.default.removeItem(at: outputURL)
  }

  /// Whether the process is still running.
  var isRunning: Bool { process.isRunning }

  /// Waits for the process to end.
  func wait() { process.waitUntilExit() }

  /// Stops the process (SIGTERM) and waits for it.
  func stop() {
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }

  /// What the process printed, once it has ended.
  var output: String {
    let data = FileManager.default.contents(atPath: outputURL.path) ?? Data()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Whether it ended by exiting with status 0.
  var succeeded: Bool { process.terminationReason == .exit && process.terminationStatus == 0 }
}
