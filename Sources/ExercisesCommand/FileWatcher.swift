import Foundation

/// Notices saved files by polling modification times and sizes, as rustlings does (inotify
/// misses saves on some setups: network folders, editors that replace the file, containers).
struct FileWatcher {
  /// The folder watched (not its subfolders).
  let directory: URL
  private var stamps: [String: Stamp]

  /// What a save changes: the modification time, or the size for two saves within a tick.
  private struct Stamp: Equatable {
    let modified: Date?
    let size: Int?
  }

  /// Starts watching `directory`; the files as they are now count as seen.
  init(directory: URL) {
    self.directory = directory
    stamps = [:]
    stamps = scan()
  }

  private func scan() -> [String: Stamp] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    var result: [String: Stamp] = [:]
    // Editors' lock and backup files (.#X.swift, .X.swift.swp) are not the learner's saves.
    for name in names where name.hasSuffix(".swift") && !name.hasPrefix(".") {
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: directory.appendingPathComponent(name).path)
      result[name] = Stamp(
        modified: attributes?[.modificationDate] as? Date,
        size: (attributes?[.size] as? NSNumber)?.intValue)
    }
    return result
  }

  /// The names of the files saved, added or removed since the last call, sorted.
  mutating func changes() -> [String] {
    let now = scan()
    defer { stamps = now }
    return Set(now.keys).union(stamps.keys).filter { now[$0] != stamps[$0] }.sorted()
  }
}
