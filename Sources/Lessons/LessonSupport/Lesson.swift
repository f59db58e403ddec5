import Formatting
import Foundation
import TensorCore

/// A lesson: a walk through one idea of the chapter that writes what it shows, line by line,
/// with `say`. Executables print the lines; tests compare them with a recorded transcript.
public protocol Lesson {
  /// Runs the lesson from top to bottom, passing every line it prints to `say`.
  static func run(_ say: (String) -> Void) throws
}

extension Lesson {
  /// Runs the lesson as a program: lines to standard output; an error as one line on standard
  /// error and exit status 1.
  public static func main() {
    do {
      try run { print($0) }
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      exit(1)
    }
  }

  /// The lesson's whole output as one string, for tests.
  public static func transcript() throws -> String {
    var lines: [String] = []
    try run { lines.append($0) }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A shape as the book prints it: `(7, 4, 16)`.
public func shape(_ tensor: Tensor) -> String {
  Shape.describe(tensor.shape)
}

/// A number with `digits` decimals, e.g. `2.3026`.
public func format(_ value: Float, digits: Int = 4) -> String {
  fixed(value, digits)
}

/// Numbers with `digits` decimals in brackets: `[2.3026, 1.1513, 0.0000]`.
public func format(_ values: [Float], digits: Int = 4) -> String {
  "[" + values.map { format($0, digits: digits) }.joined(separator: ", ") + "]"
}

/// A tensor's scalars nested by its shape, as PyTorch prints them: `[[1, 0, 0], [4, 5, 0]]`.
public func format(_ tensor: Tensor, digits: Int = 4) -> String {
  func nest(_ values: ArraySlice<Float>, _ shape: ArraySlice<Int>) -> String {
    guard let first = shape.first, shape.count > 1 else {
      return format(Array(values), digits: digits)
    }
    let size = values.count / max(first, 1)
    let rows = (0..<first).map { row in
      nest(
        values[(values.startIndex + row * size)..<(values.startIndex + (row + 1) * size)],
        shape.dropFirst())
    }
    return "[" + rows.joined(separator: ", ") + "]"
  }
  return tensor.rank == 0
    ? format(tensor.scalar, digits: digits) : nest(tensor.scalars[...], tensor.shape[...])
}

/// A section heading: a blank line, the title, and a rule under it.
public func heading(_ title: String) -> [String] {
  ["", title, String(repeating: "-", count: title.count)]
}
