import Files

/// A text file read as lines.
public enum TextFile {
  /// The lines of a UTF-8 text file as sacrebleu reads them: split at newline bytes, trailing
  /// whitespace (a `\r` too) kept for the reader to strip, no last empty line.
  /// - Throws: `FileError` when the file cannot be read, `InputError` naming the first line that
  ///   is not valid UTF-8.
  public static func lines(of path: String) throws -> [String] {
    let data = try FileProblem.contents(of: path)
    var lines = try data.withUnsafeBytes { bytes in
      try bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        .map { number, line in
          guard let text = String(validating: line, as: UTF8.self) else {
            throw InputError(description: "\(path):\(number + 1): not valid UTF-8 text")
          }
          return text
        }
    }
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}
