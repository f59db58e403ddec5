import ExerciseChecks
import Foundation
import Testing

@testable import ExercisesCommand

/// `exercises reset`, `solve` and `restore` never discard a learner's code without a copy, and
/// touch only the lines between an exercise's markers: run on a copy of the encoder's exercise
/// file in a folder of its own.
@Suite("exercises reset, solve and restore keep your code")
struct BackupsTests {
  let exercise = Registry.exercise("1.1")!

  /// A package-like folder holding the encoder's stub file, edited by `edit` (bytes in, bytes
  /// out).
  func root(_ edit: (Data) -> Data) throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("backups-\(UUID().uuidString)")
    let file = root.appendingPathComponent(exercise.file)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let stub = try Data(
      contentsOf: SourceFile.packageRoot.appendingPathComponent(
        "Sources/ExerciseSolutions/EncoderExercises.swift"))
    try edit(stub).write(to: file)
    return root
  }

  /// `data` with `old` replaced by `new` once.
  func replacing(_ data: Data, _ old: String, _ new: [UInt8]) -> Data {
    let bytes = [UInt8](data)
    let old = [UInt8](old.utf8)
    let start = (0...(bytes.count - old.count)).first {
      Array(bytes[$0..<($0 + old.count)]) == old
    }!
    return Data(bytes[..<start] + new + bytes[(start + old.count)...])
  }

  /// `data` with every "\n" made "\r\n".
  func crlf(_ data: Data) -> Data {
    Data(data.flatMap { $0 == 10 ? [13, 10] : [$0] })
  }

  /// The solution's 1.1 body, in the learner's file: the code a reset must not lose.
  let learners = "    var result: [Int] = []"

  @Test("reset keeps the code in a backup and changes no byte outside the markers (Latin-1, CRLF)")
  func resetKeepsEverythingElse() throws {
    // A Latin-1 byte in a comment and CRLF line endings, as an editor on another system leaves.
    let root = try root { crlf(replacing($0, "/// ", [UInt8]("/// caf".utf8) + [0xE9, 0x20])) }
    let path = root.appendingPathComponent(exercise.file)
    let before = try Data(contentsOf: path)
    let region = try SourceFile(exercise.file, root: root).region("1.1")
    #expect(region.contains(learners))

    let kept = try Backups.replaceRegion(
      of: exercise, with: Backups.stub(exercise, indent: "    "), root: root)
    #expect(kept == ".exercises-backups/1.1/1.swift")
    let backup = try String(contentsOf: root.appendingPathComponent(kept!), encoding: .utf8)
    #expect(backup == region.joined(separator: "\n") + "\n")

    // Byte for byte: the region's lines became the stub's (with the file's CRLF), nothing else.
    let after = try Data(contentsOf: path)
    let regionBytes = Data(region.map { Data($0.utf8) + Data([13, 10]) }.joined())
    let stubBytes = Data("    throw ExerciseError.notImplemented(\"1.1\")\r\n".utf8)
    #expect(
      after == replacing(before, String(decoding: regionBytes, as: UTF8.self), [UInt8](stubBytes)))
    #expect([UInt8](after).contains(0xE9))
  }

  @Test("a file with CRLF line endings has its markers found")
  func crlf() throws {
    let root = try root(crlf)
    let file = try SourceFile(exercise.file, root: root)
    #expect(try file.region("1.1").contains(learners))
  }

  @Test("solve keeps the code too; the stub and the same code are not kept twice; numbers grow")
  func backupsNumbered() throws {
    let root = try root { $0 }
    let solution = try SourceFile(exercise.file, root: root).region("1.1")
    // Writing the same code back keeps nothing.
    #expect(try Backups.replaceRegion(of: exercise, with: solution, root: root) == nil)
    let mine = ["    return tokens  // mine"]
    #expect(try Backups.replaceRegion(of: exercise, with: mine, root: root) != nil)
    #expect(try Backups.replaceRegion(of: exercise, with: solution, root: root) != nil)
    #expect(Backups.numbers("1.1", root: root) == [1, 2])
    let newest = try #require(Backups.newest("1.1", root: root))
    #expect(try String(contentsOf: newest, encoding: .utf8) == "    return tokens  // mine\n")
    // The stub is never kept: there is nothing of the learner's in it.
    _ = try Backups.replaceRegion(
      of: exercise, with: Backups.stub(exercise, indent: "    "), root: root)
    #expect(try Backups.replaceRegion(of: exercise, with: mine, root: root) == nil)
    #expect(Backups.numbers("1.1", root: root) == [1, 2, 3])
  }
}
