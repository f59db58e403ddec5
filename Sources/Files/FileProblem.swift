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
  /// folder`, a link, a device or a pipe, since the rename would replace it (`/dev/null`
  /// included, as root). `nil` for a regular file or nothing there.
  public static func cannotReplace(_ path: String) -> String? {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG else { return nil }
    if status.st_mode & S_IFMT == S_IFLNK {
      return "it is a link, which the save would replace: give the path of the file itself"
    }
    return "it is \(kind(of: path)), not a file"
  }

  /// What is at `path`, in words for a message: `a file`, `a folder`, `a device (/dev/null,
  /// /dev/zero)`, `a pipe`, `a socket`, or `nothing`.
  public static func kind(of path: String) -> String {
    var status = stat()
    guard stat(path, &status) == 0 else { return "nothing" }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return "a file"
    case S_IFDIR: return "a folder"
    case S_IFCHR, S_IFBLK: return "a device"
    case S_IFIFO: return "a pipe"
    default: return "a socket"
    }
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
    if let problem = unreadable(path) {
      throw FileError(failed: "cannot read", path: path, reason: problem)
    }
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG else {
      do {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return Array(try handle.readToEnd() ?? Data())
      } catch {
        throw FileError(failed: "cannot read", path: path, reason: reason(error))
      }
    }
    return try stream(path)
  }

  /// Why there is nothing to read at `path`, in words: `no such file`, `a link to nothing`, `too
  /// many levels of symbolic links` (a loop), `it is a folder`; `nil` when there is.
  public static func unreadable(_ path: String) -> String? {
    var status = stat()
    guard stat(path, &status) == 0 else {
      guard errno == ENOENT else { return reason(errno: errno) }
      return lstat(path, &status) == 0 ? "a link to nothing" : "no such file"
    }
    return status.st_mode & S_IFMT == S_IFDIR ? "it is a folder" : nil
  }

  /// How long a pipe or a device may stay silent (no writer, or one that writes nothing).
  public static let silenceLimit = 10.0

  /// The bytes of a device or a pipe, read as they come: refused after `streamLimit` bytes or
  /// `silenceLimit` seconds without a byte (a named pipe nobody writes to would otherwise block
  /// forever).
  static func stream(_ path: String) throws(FileError) -> [UInt8] {
    // Opening a named pipe without O_NONBLOCK waits for a writer, with no limit.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError(failed: "cannot read", path: path, reason: reason(errno: errno))
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let polled = poll(&ready, 1, Int32(silenceLimit * 1000))
      if polled < 0, errno == EINTR { continue }
      guard polled > 0 else {
        throw FileError(
          failed: "cannot read", path: path,
          reason:
            "\(kind(of: path)) that gave no data for \(Int(silenceLimit)) s (is anything writing "
            + "to it?)")
      }
      let count = read(descriptor, &chunk, chunk.count)
      if count < 0, errno == EINTR || errno == EAGAIN { continue }
      guard count >= 0 else {
        throw FileError(failed: "cannot read", path: path, reason: reason(errno: errno))
      }
      if count == 0 { return bytes }
      bytes += chunk[0..<count]
      guard bytes.count <= streamLimit else {
        throw FileError(
          failed: "cannot read", path: path,
          reason: "no end after \(streamLimit >> 20) MB (an endless device such as /dev/zero?)")
      }
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
