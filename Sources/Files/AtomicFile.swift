import Foundation

/// The one way the package writes a file it keeps: the bytes go to a temporary file beside
/// `path`, which is then renamed over it, so an interrupted write leaves the old file whole.
/// A path that is a folder or a device (`/dev/null`) is refused first: the rename would replace
/// it.
public enum AtomicFile {
  /// Writes `data` to `path` atomically.
  /// - Throws: `FileError` (`cannot write`), with the reason in words.
  public static func write(_ data: Data, to path: String) throws(FileError) {
    if let problem = FileProblem.cannotReplace(path) {
      throw FileError(path: path, reason: problem)
    }
    do {
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw FileError(path: path, reason: FileProblem.reason(error))
    }
  }

  /// Writes `bytes` to `path` atomically, from the array itself (a checkpoint's hundreds of
  /// megabytes are not copied first).
  /// - Throws: `FileError` (`cannot write`), with the reason in words.
  public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
    let result = bytes.withUnsafeBytes { buffer in
      Result { () throws(FileError) in
        try write(
          Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: buffer.baseAddress!),
            count: buffer.count, deallocator: .none),
          to: path)
      }
    }
    try result.get()
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  /// - Throws: `FileError` (`cannot write`), with the reason in words.
  public static func write(_ text: String, to path: String) throws(FileError) {
    try write(Data(text.utf8), to: path)
  }
}
