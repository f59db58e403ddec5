import ExerciseChecks
import Files
import Foundation

/// Your code of an exercise, kept before `reset`, `solve` or `restore` writes over it, so that no
/// command discards it without a copy: `.exercises-backups/4.2/1.swift`, `2.swift`, ... in the
/// package (git-ignored), the highest number the newest. `exercises restore 4.2` puts the newest
/// back.
enum Backups {
  /// The folder of every backup, in the package.
  static let folderName = ".exercises-backups"

  /// The folder of exercise `id`'s backups.
  static func folder(_ id: String, root: URL) -> URL {
    root.appendingPathComponent(folderName).appendingPathComponent(id)
  }

  /// The numbers of exercise `id`'s backups, in order.
  static func numbers(_ id: String, root: URL) -> [Int] {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: folder(id, root: root).path)) ?? []
    return names.compactMap { $0.hasSuffix(".swift") ? Int($0.dropLast(6)) : nil }.sorted()
  }

  /// The newest backup of exercise `id`, if there is one.
  static func newest(_ id: String, root: URL) -> URL? {
    numbers(id, root: root).last.map {
      folder(id, root: root).appendingPathComponent("\($0).swift")
    }
  }

  /// Puts `replacement` (nil: the stub, indented as the BEGIN marker) between exercise
  /// `exercise`'s markers, after keeping what was there as a new backup, unless it was the stub
  /// or already the replacement. Returns the backup's path
  /// relative to the package, if one was kept. The backup is written before the source file, so
  /// that an interruption leaves a copy too many, never one too few.
  static func replaceRegion(
    of exercise: Exercise, with replacement: [String]?, root: URL
  ) throws -> String? {
    var file = try SourceFile(exercise.file, root: root)
    let current = try file.region(exercise.id)
    let replacement =
      try replacement ?? stub(exercise, indent: file.indentation(exercise.id))
    let trimmed = { (lines: [String]) in
      lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    var kept: String?
    if trimmed(current) != trimmed(stub(exercise, indent: ""))
      && trimmed(current) != trimmed(replacement)
    {
      let number = (numbers(exercise.id, root: root).last ?? 0) + 1
      let relative = "\(folderName)/\(exercise.id)/\(number).swift"
      try FileManager.default.createDirectory(
        at: folder(exercise.id, root: root), withIntermediateDirectories: true)
      try AtomicFile.write(
        current.joined(separator: "\n") + "\n", to: root.appendingPathComponent(relative).path)
      kept = relative
    }
    try file.replaceRegion(exercise.id, with: replacement)
    try file.save()
    return kept
  }

  /// Exercise `exercise`'s untouched stub: its `throw`, indented as its BEGIN marker.
  static func stub(_ exercise: Exercise, indent: String) -> [String] {
    ["\(indent)throw ExerciseError.notImplemented(\"\(exercise.id)\")"]
  }

  /// "Your code of 4.2 is kept in .exercises-backups/4.2/1.swift (`exercises restore 4.2` puts
  /// it back)", or nothing when no backup was needed.
  static func said(_ kept: String?, _ id: String) -> String {
    kept.map { " Your code is kept in \($0) (`exercises restore \(id)` puts it back)." } ?? ""
  }
}
