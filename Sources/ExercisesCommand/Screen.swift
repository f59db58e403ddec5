import Foundation

/// Where `watch` draws. On a terminal each verdict replaces the last one (the screen is cleared);
/// otherwise (a pipe, a log file, a test) verdicts follow one another, separated by a blank line.
final class Screen {
  /// Whether to clear the screen before each verdict.
  let clears: Bool
  /// The keys' help shown after the progress bar.
  let keysHelp: String
  private let write: (String) -> Void

  /// A screen writing through `write`.
  init(clears: Bool, keys: Bool, write: @escaping (String) -> Void) {
    self.clears = clears
    keysHelp =
      keys
      ? "h hint · n next · l list · r re-run · t translator · q quit"
      : "type h (hint), n (next), l (list), r (re-run) or q (quit), then Enter"
    self.write = write
  }

  /// Standard output, flushed after every verdict.
  static func standardOutput(clears: Bool, keys: Bool) -> Screen {
    Screen(clears: clears, keys: keys) { text in
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// Shows `lines` as the current verdict.
  func show(_ lines: [String]) {
    let text = lines.joined(separator: "\n") + "\n"
    write(clears ? "\u{1B}[H\u{1B}[2J" + text : "\n" + text)
  }
}
