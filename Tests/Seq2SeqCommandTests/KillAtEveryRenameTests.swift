import Foundation
import Testing

/// A run killed at any instant goes on: the real program, in a child process, is killed with
/// SIGKILL on entering each of its `rename` calls in turn (every file it keeps is written as a
/// temporary file renamed into place, so these are the instants where what is on disk changes),
/// by `strace -e inject`. Then the user's next command (`--resume FILE.last.ckpt` when that file
/// is there, else the same command again) must succeed and leave the very bytes an uninterrupted
/// run leaves.
@Suite("killed at every rename", .serialized)
struct KillAtEveryRenameTests {
  static let folder = temporaryFolder("seq2seq-kill-at-rename")
  static let renames = "rename,renameat,renameat2"

  /// The files a run leaves in `folder` and its subfolders, by relative path (temporary files and
  /// folders of a killed process excluded: the next write of the same name removes them).
  static func files(in folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for case let path as String in FileManager.default.enumerator(atPath: folder.path)!
    where !path.contains(".seq2seq-tmp") {
      let url = folder.appendingPathComponent(path)
      guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else {
        continue
      }
      files[path] = try Data(contentsOf: url)
    }
    return files
  }

  /// How many renames `arguments` makes when nothing stops it, and the files it leaves.
  static func uninterrupted(_ arguments: (URL) -> [String], setUp: (URL) throws -> Void) throws
    -> ([String], [String: Data])
  {
    let folder = Self.folder.appendingPathComponent("whole-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try setUp(folder)
    let log = Self.folder.appendingPathComponent("renames-\(UUID().uuidString).log").path
    let traced =
      ["strace", "-f", "-qq", "-o", log, "-e", "trace=\(renames)", FileFuzzTests.program]
      + arguments(folder)
    guard case .exited(0, _) = FileFuzzTests.run(traced) else {
      Issue.record("strace is needed for this test (apt-get install strace): \(traced)")
      return ([], [:])
    }
    // Each line starts with the process id, then the call: `4242 renameat2(AT_FDCWD, ...`.
    let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
      .filter { !$0.contains("resumed>") }
      .compactMap { line in
        line.split(separator: " ").dropFirst().first?.split(separator: "(").first.map(String.init)
      }
    try FileManager.default.removeItem(atPath: log)
    return (calls, try files(in: folder))
  }

  /// Kills `arguments` at each of its renames, then runs `next` (given the folder); each time
  /// the folder must end as an uninterrupted run leaves it.
  /// With `atomic`, the folder must hold, right after each kill, what it held before the command
  /// (`setUp` puts it there) or what an uninterrupted run leaves, never a mix.
  static func expectResumes(
    _ arguments: @escaping (URL) -> [String], setUp: (URL) throws -> Void = { _ in },
    atomic: Bool = false, next: (URL) -> [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let (calls, expected) = try uninterrupted(arguments, setUp: setUp)
    let count = calls.count
    #expect(count > 0, sourceLocation: sourceLocation)
    for instant in 0..<count {
      // strace counts each system call apart: the kill goes to this call's own occurrence.
      let call = calls[instant]
      let occurrence = calls[...instant].count { $0 == call }
      let folder = Self.folder.appendingPathComponent("killed-\(instant)-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try setUp(folder)
      let before = try files(in: folder)
      let killed = FileFuzzTests.run(
        [
          "strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=\(renames)",
          "-e", "inject=\(call):signal=KILL:when=\(occurrence)", FileFuzzTests.program,
        ] + arguments(folder))
      // strace ends as its tracee did: by the same signal.
      guard case .signal(SIGKILL, _) = killed else {
        Issue.record("rename \(instant + 1) of \(count): not killed: \(killed)")
        continue
      }
      if atomic, try files(in: folder) != before, try files(in: folder) != expected {
        Issue.record(
          "killed at rename \(instant + 1) of \(count): the folder holds a mix of old and new",
          sourceLocation: sourceLocation)
      }
      let again = FileFuzzTests.run([FileFuzzTests.program] + next(folder))
      guard case .exited(0, _) = again else {
        Issue.record(
          "killed at rename \(instant + 1) of \(count), then \(next(folder)): \(again)",
          sourceLocation: sourceLocation)
        continue
      }
      let files = try files(in: folder)
      #expect(
        files.keys.sorted() == expected.keys.sorted(),
        "killed at rename \(instant + 1) of \(count)",
        sourceLocation: sourceLocation)
      for (name, bytes) in expected where files[name] != bytes {
        Issue.record(
          "killed at rename \(instant + 1) of \(count): \(name) differs from an uninterrupted run's",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test("a run with validation pairs: the state, then the best model, every epoch")
  func splitRun() throws {
    let corpus = FileFuzzTests.repository.appendingPathComponent(
      "Sources/TranslationData/Resources/fra-eng-20000.txt"
    ).path
    func train(_ folder: URL) -> [String] {
      [
        "train", "--data", corpus, "--num-examples", "300", "--split", "80/10/10", "--epochs", "3",
        "--embed-size", "4", "--num-hiddens", "4", "--num-layers", "1", "--bleu-pairs", "10",
        "--out", folder.appendingPathComponent("model.ckpt").path,
      ]
    }
    try Self.expectResumes(train) { folder in
      let last = folder.appendingPathComponent("model.last.ckpt").path
      return FileManager.default.fileExists(atPath: last)
        ? train(folder) + ["--resume", last] : train(folder)
    }
  }

  @Test("a run without validation pairs, and the tour: the model, then its figures")
  func plainRunAndTour() throws {
    func train(_ folder: URL) -> [String] {
      [
        "train", "--epochs", "2", "--num-examples", "50", "--embed-size", "4", "--num-hiddens",
        "4", "--num-layers", "1", "--out", folder.appendingPathComponent("model.ckpt").path,
      ]
    }
    try Self.expectResumes(train, next: train)
    func tour(_ folder: URL) -> [String] {
      [
        "tour", "--epochs", "2", "--save", folder.appendingPathComponent("tour.ckpt").path,
        "--figures", folder.appendingPathComponent("figures").path,
      ]
    }
    try Self.expectResumes(tour, next: tour)
  }

  @Test("figures over an earlier folder: the old figures or the new ones, never a mix")
  func figures() throws {
    let traces = FileFuzzTests.repository.appendingPathComponent("Figures").path
    func draw(_ folder: URL) -> [String] {
      ["figures", "--from-traces", traces, "--out", folder.appendingPathComponent("figures").path]
    }
    // The earlier figures are drawn at another scale (other PNG bytes), beside a file of the
    // user's that must stay.
    func setUp(_ folder: URL) throws {
      let figures = folder.appendingPathComponent("figures")
      guard
        case .exited(0, _) = FileFuzzTests.run(
          [FileFuzzTests.program] + draw(folder) + ["--scale", "2"])
      else { throw CocoaError(.fileWriteUnknown) }
      try Data("mine".utf8).write(to: figures.appendingPathComponent("notes.txt"))
    }
    try Self.expectResumes(
      { draw($0) }, setUp: setUp, atomic: true, next: { draw($0) })
  }
}
