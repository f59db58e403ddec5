import ExerciseChecks
import ExerciseSupport
import Files
import Foundation

/// Where a learner stopped and what they have done, kept in `.exercises-progress.json` at the
/// package's root (git-ignored). The file only remembers: whether an exercise is done is always
/// decided by running its check, so deleting the file loses nothing but the position.
struct SavedProgress: Codable, Equatable {
  /// The exercise the learner was on ("4.2"), if any.
  var current: String?
  /// The exercises seen passing, in the catalog's order.
  var done: [String] = []

  /// The file's name, at the package's root.
  static let fileName = ".exercises-progress.json"

  /// The file at the package's root.
  static var defaultURL: URL { SourceFile.packageRoot.appendingPathComponent(fileName) }

  /// Reads the progress at `url`: none when the file is missing; a file that cannot be read is
  /// named on standard error and treated as missing (it holds nothing but a position).
  static func load(from url: URL = defaultURL) -> SavedProgress {
    guard let data = FileManager.default.contents(atPath: url.path) else { return SavedProgress() }
    do {
      var progress = try JSONDecoder().decode(SavedProgress.self, from: data)
      let known = Set(Registry.exercises.map(\.id))
      progress.done = progress.done.filter(known.contains)
      if let current = progress.current, !known.contains(current) { progress.current = nil }
      return progress
    } catch {
      FileHandle.standardError.write(
        Data("\(url.path): not a saved progress file; starting without it\n".utf8))
      return SavedProgress()
    }
  }

  /// Writes the progress to `url` atomically.
  func save(to url: URL = defaultURL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try AtomicFile.write(encoder.encode(self), to: url.path)
    } catch let failure as FileError {
      throw CommandError("\(url.path): cannot save your progress (\(failure.reason))")
    }
  }

  /// Saves to the default file, or says on standard error why it could not: the position is
  /// worth a warning, not a failed command.
  func saveOrWarn() {
    do { try save() } catch { FileHandle.standardError.write(Data("warning: \(error)\n".utf8)) }
  }

  /// Records `status` of exercise `id`: a pass adds it to `done`, anything else removes it.
  mutating func record(_ id: String, _ status: Status) {
    done.removeAll { $0 == id }
    if status == .done {
      done.append(id)
      let order = Registry.exercises.map(\.id)
      done.sort { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
    }
  }

  /// Deletes the file at `url`; a missing file is not an error.
  static func clear(at url: URL = defaultURL) throws {
    guard FileManager.default.fileExists(atPath: url.path) else { return }
    do {
      try FileManager.default.removeItem(at: url)
    } catch {
      throw CommandError("\(url.path): cannot delete it (\(error.localizedDescription))")
    }
  }
}
