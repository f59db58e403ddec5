import Foundation

/// The one way the package writes a file it keeps: the bytes go to a temporary file beside
/// `path`, which is then renamed over it, so an interrupted write leaves the old file whole.
/// A path that is a folder or a device (`/dev/null`) is refused first: the rename would replace
/// it.
public enum AtomicFile {
  /// A file that could not be written, and why in words.
  public struct Unwritable: Error, CustomStringConvertible {
    /// The path.
    public let path: String
    /// Why: `it is a folder`, `no such file or directory`, `permission denied`.
    public let reason: String

    /// An error naming `path` and `reason`.
    public init(path: String, reason: String) {
      self.path = path
      self.reason = reason
    }

    /// `cannot write /a/b.svg: no such file or directory`.
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// Writes `data` to `path` atomically.
  /// - Throws: `Unwritable`, with the reason in words.
  public static func write(_ data: Data, to path: String) throws(Unwritable) {
    if let problem = FileProblem.cannotReplace(path) {
      throw Unwritable(path: path, reason: problem)
    }
    do {
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw Unwritable(path: path, reason: FileProblem.reason(error))
    }
  }

  /// Writes `bytes` to `path` atomically, from the array itself (a checkpoint's hundreds of
  /// megabytes are not copied first).
  /// - Throws: `Unwritable`, with the reason in words.
  public static func write(_ bytes: [UInt8], to path: String) throws(Unwritable) {
    let result = bytes.withUnsafeBytes { buffer in
      Result { () throws(Unwritable) in
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
  /// - Throws: `Unwritable`, with the reason in words.
  public static func write(_ text: String, to path: String) throws(Unwritable) {
    try write(Data(text.utf8), to: path)
  }
}
