import Foundation

/// Standard input and error as the command-line tools read and write them.
public enum StandardStreams {
  /// Whether standard input is a regular file (`< file`), not a pipe or a terminal.
  public static var inputIsAFile: Bool {
    var status = stat()
    return fstat(STDIN_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// Every line of standard input, to its end.
  public static func inputLines() -> [String] {
    var lines: [String] = []
    while let line = readLine() { lines.append(line) }
    return lines
  }

  /// `line` on standard error, after what standard output has so far.
  public static func note(_ line: String) {
    fflush(nil)
    FileHandle.standardError.write(Data("\(line)\n".utf8))
  }
}
