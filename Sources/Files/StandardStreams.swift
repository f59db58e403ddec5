import Foundation

/// Standard input and error as the command-line tools read and write them.
public enum StandardStreams {
  /// Whether standard input is a regular file (`< file`), not a pipe or a terminal.
  public static var inputIsAFile: Bool {
    var status = stat()
    return fstat(STDIN_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// The longest line read from standard input: 1 MB, a hundred times the longest sentence of
  /// the corpus (so that `< /dev/zero` is refused instead of read until memory runs out).
  public static let lineLimit = 1 << 20

  /// The next line of standard input, without its newline; `nil` at its end.
  /// - Throws: `FileError` when standard input is a folder or a line is longer than `lineLimit`.
  public static func inputLine() throws(FileError) -> String? {
    var status = stat()
    if fstat(STDIN_FILENO, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
      throw FileError(failed: "cannot read", path: "standard input", reason: "it is a folder")
    }
    var bytes: [UInt8] = []
    while true {
      let byte = getchar()
      if byte == EOF { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(UInt8(byte))
      guard bytes.count <= lineLimit else {
        throw FileError(
          failed: "cannot read", path: "standard input",
          reason: "a line longer than \(lineLimit >> 20) MB (an endless device such as /dev/zero?)")
      }
    }
  }

  /// Every line of standard input, to its end.
  /// - Throws: `FileError`, as `inputLine` does.
  public static func inputLines() throws(FileError) -> [String] {
    var lines: [String] = []
    while let line = try inputLine() { lines.append(line) }
    return lines
  }

  /// `line` on standard error, after what standard output has so far.
  public static func note(_ line: String) {
    fflush(nil)
    FileHandle.standardError.write(Data("\(line)\n".utf8))
  }
}
