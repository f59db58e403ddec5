import Foundation

/// A file that cannot be written or read, and why, in words: the one format of every file error
/// the package prints, `cannot write /no/such/dir/model.ckpt: no such folder /no/such/dir`.
public struct FileError: Error, CustomStringConvertible {
  /// What could not be done: `cannot write`, `cannot read`.
  public var failed = "cannot write"
  /// The path.
  public let path: String
  /// Why, in words.
  public let reason: String

  /// `cannot write /no/such/dir/model.ckpt: no such folder /no/such/dir`.
  public var description: String { "\(failed) \(path): \(reason)" }

  /// An error: `failed` (`cannot write`, `cannot read`, `cannot use`) `path`, because `reason`.
  public init(failed: String = "cannot write", path: String, reason: String) {
    self.failed = failed
    self.path = path
    self.reason = reason
  }
}
