import Foundation

/// The one way the package writes a file it keeps: the bytes go to a temporary file beside
/// `path`, which is then renamed over it, so an interrupted write leaves the old file whole.
/// A path that is a folder or a device (`/dev/null`) is refused first: the rename would replace
/// it.
///
/// The temporary file is `.NAME.PID.seq2seq-tmp`, named after the file and the writing process.
/// A process killed while it writes (kill -9) leaves one behind; the next write of the same file
/// removes those of processes that are no longer running, so they do not pile up.
public enum AtomicFile {
  /// The ending of every temporary file of ours.
  static let temporarySuffix = ".seq2seq-tmp"

  /// Writes `bytes` (a `Data`, an `[UInt8]`) to `path` atomically, from the bytes themselves (a
  /// checkpoint's hundreds of megabytes are not copied first).
  /// - Throws: `FileError` (`cannot write`), with the reason in words.
  public static func write(_ bytes: some ContiguousBytes, to path: String) throws(FileError) {
    let result = bytes.withUnsafeBytes { buffer in
      Result { () throws(FileError) in try write(buffer, to: path) }
    }
    try result.get()
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  /// - Throws: `FileError` (`cannot write`), with the reason in words.
  public static func write(_ text: String, to path: String) throws(FileError) {
    try write(Data(text.utf8), to: path)
  }

  /// Writes `bytes` to the temporary file, then renames it over `path`.
  static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileError) {
    if let problem = FileProblem.cannotReplace(path) {
      throw FileError(path: path, reason: problem)
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    removeStaleTemporaries(of: url.lastPathComponent, in: folder)
    let temporary = temporaryPath(of: path)
    do {
      try writeWhole(bytes, to: temporary)
    } catch {
      throw FileError(path: path, reason: error.reason)
    }
    guard rename(temporary, path) == 0 else {
      let reason = FileProblem.reason(errno: errno)
      unlink(temporary)
      throw FileError(path: path, reason: reason)
    }
  }

  /// `.NAME.PID.seq2seq-tmp` beside `path`: where this process writes it before the rename.
  public static func temporaryPath(of path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return
      "\(url.deletingLastPathComponent().path)/.\(url.lastPathComponent).\(getpid())\(temporarySuffix)"
  }

  /// Creates (or empties) the file `path` and writes all of `bytes` to it; on failure removes it.
  static func writeWhole(_ bytes: some ContiguousBytes, to path: String) throws(FileError) {
    let result = bytes.withUnsafeBytes { bytes in
      Result { () throws(FileError) in
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
          throw FileError(path: path, reason: FileProblem.reason(errno: errno))
        }
        var written = 0
        while written < bytes.count {
          let count = Foundation.write(
            descriptor, bytes.baseAddress! + written, bytes.count - written)
          if count < 0, errno == EINTR { continue }
          guard count > 0 else {
            let reason = FileProblem.reason(errno: errno)
            close(descriptor)
            unlink(path)
            throw FileError(path: path, reason: reason)
          }
          written += count
        }
        close(descriptor)
      }
    }
    try result.get()
  }

  /// Removes the temporary files (or folders, `AtomicFolder`'s) of `name` in `folder` left by
  /// processes no longer running.
  static func removeStaleTemporaries(of name: String, in folder: String) {
    let prefix = ".\(name)."
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(temporarySuffix) {
      let pid = entry.dropFirst(prefix.count).dropLast(temporarySuffix.count)
      guard let pid = Int32(pid), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
        continue
      }
      try? FileManager.default.removeItem(atPath: "\(folder)/\(entry)")  // a file or a folder
    }
  }
}
