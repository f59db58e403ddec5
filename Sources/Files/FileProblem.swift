import Foundation

/// What went wrong with a file, in words, for the one-line messages every tool prints:
/// `no such file or folder`, `permission denied`, `no space left on the device`. Never
/// Foundation's `Error Domain=...` dump.
public enum FileProblem {
  /// The reason `error`, thrown by reading or writing a file, gives, in a few lowercase words.
  public static func reason(_ error: any Error) -> String {
    let error = error as NSError
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
      let posix = underlying as NSError
      if posix.domain == NSPOSIXErrorDomain { return reason(errno: Int32(posix.code)) }
    }
    if error.domain == NSPOSIXErrorDomain { return reason(errno: Int32(error.code)) }
    switch CocoaError.Code(rawValue: error.code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
    case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
    case .fileWriteOutOfSpace: return "no space left on the device"
    case .fileWriteVolumeReadOnly: return "read-only file system"
    case .fileWriteFileExists: return "it already exists"
    default: return "the operation failed (\(error.domain) \(error.code))"
    }
  }

  /// Why an atomic write (a temporary file renamed over `path`) must not go to `path`: `it is a
  /// folder`, or `not a regular file (a device, a link or a pipe)`, since the rename would
  /// replace it (`/dev/null` included, as root). `nil` for a regular file or nothing there.
  public static func cannotReplace(_ path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let type = attributes[.type] as? FileAttributeType, type != .typeRegular
    else { return nil }
    return type == .typeDirectory
      ? "it is a folder" : "not a regular file (a device, a link or a pipe)"
  }

  /// The reason a POSIX error number gives: `strerror` in lowercase (`no such file or directory`).
  public static func reason(errno: Int32) -> String {
    String(cString: strerror(errno)).lowercased()
  }
}

extension FileProblem {
  /// The most bytes read from what is not a regular file (a device, a pipe), whose size is not
  /// known beforehand: 512 MB, fifty times the whole Tatoeba corpus.
  public static let streamLimit = 512 << 20

  /// The bytes of the file at `path` (a device such as /dev/null, or a pipe, too: at most
  /// `streamLimit` of them, so that /dev/zero is refused instead of read forever).
  /// - Throws: `FileError` (`cannot read`), with the reason in words.
  public static func contents(of path: String) throws(FileError) -> [UInt8] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw FileError(failed: "cannot read", path: path, reason: "no such file")
    }
    guard !isFolder.boolValue else {
      throw FileError(failed: "cannot read", path: path, reason: "it is a folder")
    }
    let regular =
      (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
      == .typeRegular
    do {
      // A file handle, not Data(contentsOf:), which refuses devices such as /dev/null.
      let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
      defer { try? handle.close() }
      if regular { return Array(try handle.readToEnd() ?? Data()) }
      var bytes: [UInt8] = []
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        bytes += chunk
        guard bytes.count <= streamLimit else {
          throw FileError(
            failed: "cannot read", path: path,
            reason: "no end after \(streamLimit >> 20) MB (an endless device such as /dev/zero?)")
        }
      }
      return bytes
    } catch let error as FileError {
      throw error
    } catch {
      throw FileError(failed: "cannot read", path: path, reason: reason(error))
    }
  }

  /// `error`, or for one of Foundation's file errors (which print as `Error Domain=...` dumps)
  /// the same failure in words: `cannot write /a/b.svg: no such file or directory`.
  public static func readable(_ error: any Error) -> any Error {
    let bridged = error as NSError
    guard bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain else {
      return error
    }
    let path = bridged.userInfo[NSFilePathErrorKey] as? String ?? "a file"
    let failed =
      (512..<1024).contains(bridged.code)
      ? "cannot write" : (256..<512).contains(bridged.code) ? "cannot read" : "cannot use"
    return FileError(failed: failed, path: path, reason: reason(error))
  }
}
