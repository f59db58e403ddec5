import Files
import Foundation

/// An exercise source file of this package, edited between its `// BEGIN Exercise X.Y` and
/// `// END Exercise X.Y` lines.
struct SourceFile {
  /// The package's folder, found from where this file was compiled.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  let path: String
  var lines: [String]

  /// Reads `relativePath` in the package.
  init(_ relativePath: String) throws {
    path = SourceFile.packageRoot.appendingPathComponent(relativePath).path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandError("\(path): cannot read it (run this from a clone of the package)")
    }
    lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
  }

  /// The line numbers of the BEGIN and END markers of exercise `id`.
  func markers(_ id: String) throws -> (begin: Int, end: Int) {
    let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let begin = trimmed.firstIndex(of: "// BEGIN Exercise \(id)"),
      let end = trimmed.firstIndex(of: "// END Exercise \(id)"), begin < end
    else {
      throw CommandError("\(path): the BEGIN/END lines of exercise \(id) are missing; restore them")
    }
    return (begin, end)
  }

  /// The lines between the markers.
  func region(_ id: String) throws -> [String] {
    let (begin, end) = try markers(id)
    return Array(lines[(begin + 1)..<end])
  }

  /// What exercise `id` asks, from its `/// TODO(Exercise X.Y): ...` comment, in one line.
  func task(_ id: String) -> String? {
    guard let start = lines.firstIndex(where: { $0.contains("/// TODO(Exercise \(id)):") }) else {
      return nil
    }
    let comment = lines[start...].prefix {
      $0.trimmingCharacters(in: .whitespaces).hasPrefix("///")
    }
    return comment.map {
      $0.trimmingCharacters(in: .whitespaces).dropFirst(3).trimmingCharacters(in: .whitespaces)
    }
    .joined(separator: " ").replacingOccurrences(of: "TODO(Exercise \(id)): ", with: "")
  }

  /// The indentation of the BEGIN marker.
  func indentation(_ id: String) throws -> String {
    String(lines[try markers(id).begin].prefix { $0 == " " })
  }

  /// Replaces the lines between the markers.
  mutating func replaceRegion(_ id: String, with replacement: [String]) throws {
    let (begin, end) = try markers(id)
    lines.replaceSubrange((begin + 1)..<end, with: replacement)
  }

  /// Writes the file back, atomically.
  func save() throws {
    try AtomicFile.write(lines.joined(separator: "\n"), to: path)
  }
}
