import Foundation

/// The paths a command will write, refused before any long work starts when they cannot be
/// written. A file's folder must exist (it is not created, so a typo does not leave a tree of
/// folders); a folder to write into is created when missing, but its parent must exist.
public enum Destination {
  /// Checks that a file can be written at `path`: not a folder, in a folder that exists and takes
  /// the temporary file the save goes through (`AtomicFile.temporaryPath`: a name near the file
  /// system's limit fails here, not after training), and not one of the files the command reads,
  /// `inputs` (flag and path; compared by device and inode, so another spelling, a hard link or a
  /// link to it counts too).
  /// - Throws: `FileError`.
  public static func checkFile(_ path: String, inputs: [(flag: String, path: String?)] = [])
    throws
  {
    guard !path.isEmpty else { throw FileError(path: "\"\"", reason: "an empty path") }
    if let problem = FileProblem.cannotReplace(path) {
      throw FileError(path: path, reason: problem)
    }
    for (flag, input) in inputs {
      guard let input, let one = identity(path), one == identity(input) else { continue }
      throw FileError(
        path: path,
        reason:
          "it is the file \(flag) reads (\(input)); writing it would destroy it: choose another")
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: folder) else {
      throw FileError(path: path, reason: "no such folder \(folder)")
    }
    guard isFolder(folder) else {
      throw FileError(
        path: path, reason: "\(folder) is \(FileProblem.kind(of: folder)), not a folder")
    }
    try probe(AtomicFile.temporaryPath(of: path), in: folder, for: path)
  }

  /// The device and inode of the file at `path` (followed through links), `nil` when none is
  /// there.
  static func identity(_ path: String) -> [UInt64]? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return [UInt64(status.st_dev), UInt64(status.st_ino)]
  }

  /// Checks that files can be written into the folder `path`, creating it when missing (its
  /// parent must exist).
  /// - Throws: `FileError`.
  public static func checkFolder(_ path: String) throws {
    guard !path.isEmpty else { throw FileError(path: "\"\"", reason: "an empty path") }
    if !FileManager.default.fileExists(atPath: path) {
      let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
      guard isFolder(parent) else {
        throw FileError(path: path, reason: "no such folder \(parent)")
      }
      do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
      } catch {
        throw FileError(path: path, reason: FileProblem.reason(error))
      }
    }
    guard isFolder(path) else {
      throw FileError(path: path, reason: "it is \(FileProblem.kind(of: path)), not a folder")
    }
    try probe(
      "\(path)/.seq2seq-probe-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)",
      in: path, for: path)
  }

  /// Checks the folder `path` as `checkFolder` does (creating it when missing), then runs `body`,
  /// which writes into it. When `body` fails, a folder created for it that is still empty is
  /// removed again: a failed command leaves nothing behind.
  /// - Throws: `FileError`, or what `body` throws.
  public static func writing<T>(into path: String, _ body: () throws -> T) throws -> T {
    let existed = FileManager.default.fileExists(atPath: path)
    try checkFolder(path)
    do {
      return try body()
    } catch {
      if !existed, (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true {
        try? FileManager.default.removeItem(atPath: path)
      }
      throw error
    }
  }

  private static func isFolder(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
  }

  /// Creates and removes the file `file` in `folder`: the only test of writing that holds for
  /// root, read-only mounts, full disks and names too long alike.
  private static func probe(_ file: String, in folder: String, for path: String) throws {
    let descriptor = open(file, O_CREAT | O_EXCL | O_WRONLY, 0o600)
    guard descriptor >= 0 else {
      let reason =
        errno == ENAMETOOLONG
        ? "the name is too long for the file system with the temporary name it is saved through "
          + "(\(URL(fileURLWithPath: file).lastPathComponent.utf8.count) bytes, at most 255)"
        : "\(folder) takes no new file (\(FileProblem.reason(errno: errno)))"
      throw FileError(path: path, reason: reason)
    }
    close(descriptor)
    unlink(file)
  }
}
