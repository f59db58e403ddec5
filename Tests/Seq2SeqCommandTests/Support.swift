import Foundation

@testable import Seq2SeqCommand

/// A new, empty folder in the temporary directory, named after `prefix`.
func temporaryFolder(_ prefix: String) -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "\(prefix)-\(UUID().uuidString)")
  try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

/// Trains a model of four units for one epoch on nine pairs, in a moment, and saves it at `path`.
func trainTinyModel(to path: String, transformer: Bool = false) {
  _ = quietly {
    Seq2SeqCommand.outcome(
      of: [
        "train", "--epochs", "1", "--num-examples", "8", "--embed-size", "4", "--num-hiddens", "4",
        "--num-layers", "1", "--out", path,
      ] + (transformer ? ["--architecture", "transformer", "--num-heads", "2"] : []))
  }
}

/// Runs `body` with standard output and error sent to /dev/null, so that hundreds of runs do not
/// flood the test log (what matters, the exit status and the message, comes back as values).
/// Tests running meanwhile in parallel lose their printed lines too, not their results: a
/// failure still counts and shows in the closing summary; `swift test --filter` shows its detail.
/// Calls may overlap (suites run in parallel): the first one in redirects, the last one out
/// restores, so the test log always gets its standard output back.
func quietly<T>(_ body: () -> T) -> T {
  Quiet.enter()
  defer { Quiet.leave() }
  return body()
}

/// The bookkeeping of `quietly`: how many calls are inside, and the saved descriptors.
private enum Quiet {
  static let lock = NSLock()
  nonisolated(unsafe) static var depth = 0
  nonisolated(unsafe) static var saved: (Int32, Int32) = (-1, -1)

  static func enter() {
    lock.lock()
    defer { lock.unlock() }
    depth += 1
    guard depth == 1 else { return }
    fflush(nil)
    saved = (dup(STDOUT_FILENO), dup(STDERR_FILENO))
    let null = open("/dev/null", O_WRONLY)
    dup2(null, STDOUT_FILENO)
    dup2(null, STDERR_FILENO)
    close(null)
  }

  static func leave() {
    lock.lock()
    defer { lock.unlock() }
    depth -= 1
    guard depth == 0 else { return }
    fflush(nil)
    dup2(saved.0, STDOUT_FILENO)
    dup2(saved.1, STDERR_FILENO)
    close(saved.0)
    close(saved.1)
  }
}
