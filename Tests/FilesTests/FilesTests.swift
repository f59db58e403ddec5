import Files
import Foundation
import Testing

/// Where the package writes: destinations checked before any work, files written atomically, and
/// every file error one line in words.
@Suite("files")
struct FilesTests {
  /// A new, empty folder in the temporary directory.
  static func folder() -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "seq2seq-files-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("a missing figures folder is created; a missing folder of a file is not")
  func folders() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let figures = folder.appendingPathComponent("new-figures").path
    try Destination.checkFolder(figures)
    var isFolder: ObjCBool = false
    #expect(
      FileManager.default.fileExists(atPath: figures, isDirectory: &isFolder) && isFolder.boolValue)
    #expect(try FileManager.default.contentsOfDirectory(atPath: figures).isEmpty)
    let file = folder.appendingPathComponent("missing/model.ckpt").path
    #expect(throws: FileError.self) { try Destination.checkFile(file) }
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing").path))
  }

  @Test("an atomic write replaces a file whole and refuses a folder or a device, in one line")
  func atomicWrite() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("a.txt").path
    try AtomicFile.write("first", to: file)
    try AtomicFile.write("second", to: file)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
    for (path, reason) in [
      (folder.path, "it is a folder"), ("/dev/null", "it is a device, not a file"),
      (folder.appendingPathComponent("no/such.txt").path, "no such file"),
    ] {
      do {
        try AtomicFile.write("x", to: path)
        Issue.record("\(path) was written")
      } catch {
        #expect(
          "\(error)".hasPrefix("cannot write \(path): ") && "\(error)".contains(reason),
          "\(error)")
      }
    }
    var device: ObjCBool = true
    #expect(FileManager.default.fileExists(atPath: "/dev/null", isDirectory: &device))
  }
}
