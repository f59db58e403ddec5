import ExerciseChecks
import ExerciseSupport
import Foundation
import Testing

@testable import ExercisesCommand

/// A folder with one exercise file, a log that every check appends to, and a loop watching it
/// whose build and check are shell commands: the loop as `exercises watch` runs it, without a
/// terminal, a compiler or the learner's code.
final class WatchFixture {
  let folder: URL
  let file: URL
  let checkLog: URL
  let progressURL: URL
  var shown: [String] = []

  init() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("watch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    file = folder.appendingPathComponent("EncoderExercises.swift")
    checkLog = folder.appendingPathComponent("checks.log")
    progressURL = folder.appendingPathComponent(SavedProgress.fileName)
    try "// stub\n".write(to: file, atomically: true, encoding: .utf8)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// A loop whose check of exercise `id` runs `script[id]` (default: exit 3, not started) after
  /// logging the id, and whose build runs `build`.
  func loop(
    build: String? = "exit 0", script: [String: String] = [:],
    progress: SavedProgress = SavedProgress()
  ) -> WatchLoop {
    let log = checkLog.path
    let commands = WatchLoop.Commands(
      build: build.map { ["/bin/sh", "-c", $0] },
      check: { id in ["/bin/sh", "-c", "echo \(id) >> '\(log)'; " + (script[id] ?? "exit 3")] },
      directory: folder)
    return WatchLoop(
      commands: commands, directory: folder, progress: progress, progressURL: progressURL,
      screen: Screen(clears: false, keys: false) { [unowned self] in self.shown.append($0) })
  }

  /// The ids checked so far, in order.
  var checked: [String] {
    ((try? String(contentsOf: checkLog, encoding: .utf8)) ?? "").split(separator: "\n")
      .map(String.init)
  }

  /// Saves the exercise file with new contents and a later modification time.
  func save(_ text: String) throws {
    try text.write(to: file, atomically: true, encoding: .utf8)
    let later = Date().addingTimeInterval(Double(checked.count + shown.count + 1))
    try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: file.path)
  }
}

/// Ticks `loop` until nothing runs (at most 10 s).
func settle(_ loop: WatchLoop) {
  let deadline = Date().addingTimeInterval(10)
  repeat {
    loop.tick()
    usleep(10_000)
  } while !loop.isIdle && Date() < deadline
}

@Suite("exercises watch")
struct WatchLoopTests {
  @Test("one save triggers exactly one build and one re-check")
  func oneSaveOneCheck() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop()
    loop.start()
    settle(loop)
    #expect(fixture.checked == ["1.1"])
    try fixture.save("// edited\n")
    settle(loop)
    #expect(fixture.checked == ["1.1", "1.1"])
    for _ in 0..<20 { loop.tick() }
    settle(loop)
    #expect(fixture.checked == ["1.1", "1.1"], "no save, no check")
    #expect(loop.checksStarted == 2)
  }

  @Test("a pass moves on past the exercises already done, and the position is saved")
  func passMovesOn() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop(script: ["1.1": "exit 0", "1.2": "exit 0"])
    loop.start()
    settle(loop)
    settle(loop)
    settle(loop)
    #expect(fixture.checked == ["1.1", "1.2", "1.3"])
    #expect(loop.current.id == "1.3")
    let saved = SavedProgress.load(from: fixture.progressURL)
    #expect(saved == SavedProgress(current: "1.3", done: ["1.1", "1.2"]))
    #expect(fixture.shown.last?.contains("✓ Exercise 1.2 passes.") == true)
    #expect(
      fixture.shown.last?.contains(progressBar(done: 2, total: Registry.exercises.count)) == true)
  }

  @Test("the loop starts where the saved progress stopped")
  func resumes() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop(progress: SavedProgress(current: "4.2", done: ["1.1"]))
    loop.start()
    settle(loop)
    #expect(fixture.checked == ["4.2"])
    let verdict = try #require(fixture.shown.last)
    #expect(verdict.hasPrefix("\nExercise 4.2: the masked softmax"))
    #expect(verdict.contains("✗ failing: not started yet\n  Exercise 4.2 is not implemented yet"))
  }

  @Test("a check that traps is reported failing, and the loop goes on watching")
  func trapFails() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop(script: ["1.1": "kill -ILL $$"])
    loop.start()
    settle(loop)
    let verdict = try #require(fixture.shown.last)
    #expect(verdict.contains("✗ failing"))
    #expect(verdict.contains("your code crashed (signal 4)"))
    #expect(loop.current.id == "1.1")
    try fixture.save("// fixed?\n")
    settle(loop)
    #expect(fixture.checked == ["1.1", "1.1"])
  }

  @Test("a build that fails shows the compiler's error and runs no check")
  func buildFails() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop(
      build: "echo 'Sources/Exercises/X.swift:3:5: error: cannot find y in scope'; exit 1")
    loop.start()
    settle(loop)
    try fixture.save("y\n")
    settle(loop)
    settle(loop)
    #expect(fixture.checked == ["1.1"])
    let verdict = try #require(fixture.shown.last)
    #expect(verdict.contains("your code does not compile"))
    #expect(verdict.contains("X.swift:3:5: error: cannot find y in scope"))
  }

  @Test("keys: h shows the hint, n moves on, l lists, r re-runs, q stops")
  func keys() throws {
    let fixture = try WatchFixture()
    let loop = fixture.loop()
    loop.start()
    settle(loop)
    loop.handle("h")
    #expect(fixture.shown.last?.contains("Hint: \(Registry.exercises[0].hint)") == true)
    loop.handle("n")
    settle(loop)
    #expect(loop.current.id == "1.2")
    loop.handle("l")
    #expect(fixture.shown.last?.contains("  → 1.2 one vanilla RNN step") == true)
    loop.handle("r")
    settle(loop)
    #expect(fixture.checked == ["1.1", "1.2", "1.2"])
    loop.handle("r")
    loop.handle("q")
    #expect(loop.quit && loop.isIdle, "q stops the build it interrupts")
  }

  @Test("t trains the translator once concepts 1-7 pass, and says what is left before that")
  func translatorKey() throws {
    let fixture = try WatchFixture()
    let early = fixture.loop(progress: SavedProgress(current: "1.2", done: ["1.1"]))
    early.start()
    settle(early)
    early.handle("t")
    #expect(!early.quit && !early.translator)
    #expect(fixture.shown.last?.contains("still to do: 1.2, 1.3") == true)
    #expect(fixture.shown.last?.contains("press t") == false)
    let concepts = Registry.exercises.filter { $0.concept <= 7 }.map(\.id)
    let ready = fixture.loop(progress: SavedProgress(current: "8.1", done: concepts))
    ready.start()
    settle(ready)
    #expect(fixture.shown.last?.contains("★ Concepts 1-7 pass: press t") == true)
    ready.handle("t")
    #expect(ready.quit && ready.translator && ready.isIdle)
  }

  @Test("the progress file round-trips; a damaged one counts as none")
  func progressFile() throws {
    let fixture = try WatchFixture()
    #expect(SavedProgress.load(from: fixture.progressURL) == SavedProgress(), "no file")
    let progress = SavedProgress(current: "4.2", done: ["1.1", "2.3"])
    try progress.save(to: fixture.progressURL)
    #expect(SavedProgress.load(from: fixture.progressURL) == progress)
    try Data("{\"current\": \"9.9\", \"done\": [\"1.1\", \"0.0\"]}".utf8).write(
      to: fixture.progressURL)
    #expect(
      SavedProgress.load(from: fixture.progressURL) == SavedProgress(current: nil, done: ["1.1"]))
    try Data("not json".utf8).write(to: fixture.progressURL)
    #expect(SavedProgress.load(from: fixture.progressURL) == SavedProgress())
    try SavedProgress.clear(at: fixture.progressURL)
    #expect(!FileManager.default.fileExists(atPath: fixture.progressURL.path))
    try SavedProgress.clear(at: fixture.progressURL)
  }

  @Test("progress bar and recorded verdicts")
  func bar() {
    #expect(progressBar(done: 12, total: 24, width: 10) == "[#####-----] 12/24")
    #expect(progressBar(done: 0, total: 25) == "[-------------------------] 0/25")
    #expect(progressBar(done: 25, total: 25, width: 10) == "[##########] 25/25")
    var progress = SavedProgress()
    progress.record("2.1", .done)
    progress.record("1.1", .done)
    progress.record("1.1", .done)
    #expect(progress.done == ["1.1", "2.1"], "catalog order, no repeats")
    progress.record("2.1", .failing("x"))
    #expect(progress.done == ["1.1"])
  }
}
