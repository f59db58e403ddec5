import Foundation

/// Writes several files into a folder as one change: a kill at any instant leaves the folder as
/// it was or with every file new, never a mix (the figures of one run beside those of another).
///
/// The files go into a fresh folder beside it, `.NAME.PID.seq2seq-tmp`, which also gets
/// everything else the folder holds (hard links to its files, its links and subfolders
/// rebuilt); the two folders are then exchanged by one `renameat2(RENAME_EXCHANGE)`, and the old
/// one is removed. A fresh folder left by a killed process is removed by the next write.
/// Where that cannot be done (a file system without the exchange or hard links, a folder of more
/// than `mirrorLimit` entries, the working directory or one of its parents, which the process
/// and its shell stand in), each file is written atomically in turn instead.
public enum AtomicFolder {
  /// The most entries a folder may hold to be replaced whole.
  static let mirrorLimit = 10_000

  /// Writes `files` (name and bytes) into the folder `path`, created when missing.
  /// - Throws: `FileError` naming the file or folder that could not be written.
  public static func write(_ files: [(name: String, bytes: [UInt8])], into path: String) throws {
    let folder = URL(fileURLWithPath: path).standardizedFileURL
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw FileError(path: path, reason: FileProblem.reason(error))
    }
    let parent = folder.deletingLastPathComponent().path
    AtomicFile.removeStaleTemporaries(of: folder.lastPathComponent, in: parent)
    let staging = "\(parent)/.\(folder.lastPathComponent).\(getpid())\(AtomicFile.temporarySuffix)"
    if let exchange = exchangeFunction, !holdsWorkingDirectory(folder.path),
      (try? stage(files, beside: folder.path, in: staging)) == true,
      exchange(AT_FDCWD, staging, AT_FDCWD, folder.path, exchangeFlag) == 0
    {
      try? FileManager.default.removeItem(atPath: staging)  // the old folder, now
      return
    }
    try? FileManager.default.removeItem(atPath: staging)
    for file in files {
      try AtomicFile.write(file.bytes, to: folder.appendingPathComponent(file.name).path)
    }
  }

  /// Makes `staging`: `files`, and the rest of `folder`'s entries. False when the rest cannot be
  /// rebuilt there (too many entries, a device or a pipe, hard links refused).
  private static func stage(
    _ files: [(name: String, bytes: [UInt8])], beside folder: String, in staging: String
  ) throws -> Bool {
    var status = stat()
    guard lstat(folder, &status) == 0, mkdir(staging, status.st_mode & 0o7777) == 0 else {
      return false
    }
    for file in files {
      try AtomicFile.writeWhole(file.bytes, to: "\(staging)/\(file.name)")
    }
    var budget = mirrorLimit
    return mirror(folder, into: staging, skipping: Set(files.map(\.name)), budget: &budget)
  }

  /// Rebuilds the entries of `source` in `target` (except `skipping`): files as hard links,
  /// links as links, folders entry by entry. False when one cannot be, or past `budget` entries.
  private static func mirror(
    _ source: String, into target: String, skipping: Set<String> = [], budget: inout Int
  ) -> Bool {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: source) else {
      return false
    }
    for entry in entries where !skipping.contains(entry) {
      budget -= 1
      let (from, to) = ("\(source)/\(entry)", "\(target)/\(entry)")
      var status = stat()
      guard budget >= 0, lstat(from, &status) == 0 else { return false }
      switch status.st_mode & S_IFMT {
      case S_IFREG:
        guard link(from, to) == 0 else { return false }
      case S_IFLNK:
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: from),
          symlink(destination, to) == 0
        else { return false }
      case S_IFDIR:
        guard mkdir(to, status.st_mode & 0o7777) == 0,
          mirror(from, into: to, budget: &budget)
        else { return false }
      default:
        return false
      }
    }
    return true
  }

  /// Whether the working directory is `folder` or inside it: exchanging it would leave the
  /// process (and the shell it was started from) in the removed old folder.
  private static func holdsWorkingDirectory(_ folder: String) -> Bool {
    let (here, there) = (realpath(".", nil), realpath(folder, nil))
    defer {
      free(here)
      free(there)
    }
    guard let here, let there else { return true }
    let (cwd, target) = (String(cString: here), String(cString: there))
    return cwd == target || cwd.hasPrefix(target.hasSuffix("/") ? target : target + "/")
  }

  /// `RENAME_EXCHANGE` of `<linux/fs.h>`.
  private static let exchangeFlag: UInt32 = 1 << 1

  /// glibc's `renameat2` (2.28 and later), which Swift's Glibc module does not declare; `nil`
  /// where the C library has none.
  private static let exchangeFunction:
    (
      @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    )? = {
      guard let symbol = dlsym(nil, "renameat2") else {
        return nil
      }
      return unsafeBitCast(
        symbol,
        to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) ->
          Int32).self)
    }()
}
