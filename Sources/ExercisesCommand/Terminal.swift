import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard input for `watch`: single keys on a terminal (no Enter, no echo), whole lines
/// otherwise; the terminal's settings are put back on every way out, Ctrl-C included.
enum Terminal {
  /// The settings found at start, put back by `restore()`.
  nonisolated(unsafe) private static var saved: termios?
  private static let interruption = Atomic<Bool>(false)
  /// Whether SIGINT or SIGTERM arrived; the loop sees it within a tick and leaves cleanly (as
  /// `seq2seq train`'s `Interruption` does).
  static var interrupted: Bool { interruption.load(ordering: .relaxed) }
  /// Whether standard input reached its end (no more keys will come).
  nonisolated(unsafe) private(set) static var closed = false
  nonisolated(unsafe) private static var pending = ""

  /// Whether standard input is a terminal.
  static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  /// Turns off line editing and echo (keys arrive one by one; Ctrl-C still interrupts), and
  /// makes SIGINT and SIGTERM set `interrupted` instead of ending the program at once.
  static func enterKeyMode() {
    signal(SIGINT) { _ in Terminal.interruption.store(true, ordering: .relaxed) }
    signal(SIGTERM) { _ in Terminal.interruption.store(true, ordering: .relaxed) }
    guard isInteractive else { return }
    var settings = termios()
    guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
    saved = settings
    settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
    _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
  }

  /// Puts the terminal's settings back as they were found.
  static func restore() {
    guard var settings = saved else { return }
    _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    saved = nil
  }

  /// Waits up to `milliseconds` for input: the keys typed (on a terminal) or the complete lines'
  /// first characters (otherwise). Empty when nothing came.
  static func input(waiting milliseconds: Int32) -> [Character] {
    guard !closed else {
      usleep(useconds_t(milliseconds) * 1000)
      return []
    }
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, milliseconds) > 0 else { return [] }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = read(STDIN_FILENO, &buffer, buffer.count)
    guard count > 0 else {
      closed = true
      return []
    }
    let text = String(decoding: buffer[..<count], as: UTF8.self)
    if isInteractive { return Array(text) }
    pending += text
    var lines = pending.split(separator: "\n", omittingEmptySubsequences: false)
    pending = String(lines.removeLast())
    return lines.compactMap { $0.trimmingCharacters(in: .whitespaces).first }
  }
}
