import Files
import Foundation

/// An exercise source file of this package, edited between its `// BEGIN Exercise X.Y` and
/// `// END Exercise X.Y` lines and nowhere else: every other byte is written back as it was read
/// (a Latin-1 byte stays that byte, a CRLF file keeps its CRLFs, and the lines put between the
/// markers take the marker's ending).
struct SourceFile {
  /// The package's folder, found from where this file was compiled.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  let path: String
  /// The file's bytes cut at each "\n" (a CRLF line keeps its "\r").
  private var raw: [[UInt8]]

  /// Reads `relativePath` in the package (or `root`).
  init(_ relativePath: String, root: URL = SourceFile.packageRoot) throws {
    path = root.appendingPathComponent(relativePath).path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandError("\(path): cannot read it (run this from a clone of the package)")
    }
    raw = [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map(Array.init)
  }

  /// The lines as text, without their line endings.
  var lines: [String] { raw.indices.map(text) }

  /// Line `index` as text, without its "\r".
  private func text(_ index: Int) -> String {
    let line = raw[index]
    return String(
      decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
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
    return ((begin + 1)..<end).map(text)
  }

  /// What exercise `id` asks, from its `/// TODO(Exercise X.Y): ...` comment, in one line.
  func task(_ id: String) -> String? {
    let lines = lines
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
    String(text(try markers(id).begin).prefix { $0 == " " })
  }

  /// Replaces the lines between the markers, each ending as the BEGIN marker's line does.
  mutating func replaceRegion(_ id: String, with replacement: [String]) throws {
    let (begin, end) = try markers(id)
    let ending: [UInt8] = raw[begin].last == UInt8(ascii: "\r") ? [UInt8(ascii: "\r")] : []
    raw.replaceSubrange((begin + 1)..<end, with: replacement.map { Array($0.utf8) + ending })
  }

  /// Writes the file back, atomically.
  func save() throws {
    try AtomicFile.write(Data(raw.joined(separator: [UInt8(ascii: "\n")])), to: path)
  }
}
