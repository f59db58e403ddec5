import ExerciseChecks
import ExerciseSupport
import Foundation

/// The loop behind `exercises watch`, one tick at a time so that it never blocks: a save in the
/// watched folder starts a build (the learner's code is compiled into this program), a finished
/// build starts the current exercise's check, a pass moves on to the next exercise not done.
/// Builds and checks run as child processes; keys are handled between ticks, so `q` works while
/// a build runs. Tests drive it with `tick()` and commands of their own.
final class WatchLoop {
  /// The commands the loop runs: a build (nil: none, check straight away) and a check.
  struct Commands {
    /// Rebuilds the checks with the learner's code, e.g. `swift build --product exercises`.
    var build: [String]?
    /// Runs one exercise's check; its exit status is the verdict (see `Status.init(_:)`).
    var check: (String) -> [String]
    /// Where the build runs.
    var directory: URL?
  }

  /// What the loop is waiting for.
  enum Phase {
    case idle
    case building(Job)
    case checking(Job, id: String)
  }

  /// How many checks have been started (for tests: one save, one check).
  private(set) var checksStarted = 0
  /// Set by `q`.
  private(set) var quit = false
  /// Set by `t` once concepts 1-7 pass: the watch ends and `exercises translator` runs.
  private(set) var translator = false

  private let commands: Commands
  private let exercises = Registry.exercises
  /// The current exercise's place in `exercises`.
  private var index: Int
  private var progress: SavedProgress
  private var phase = Phase.idle
  private var watcher: FileWatcher
  private let progressURL: URL?
  private let screen: Screen
  /// The current exercise's last verdict; nil while it is being built or checked.
  private var status: Status?
  /// What happened since the last save, e.g. "✓ Exercise 1.1 passes.".
  private var notes: [String] = []
  /// Lines asked for under the verdict: the hint, the list, "Building...".
  private var extra: [String] = []

  /// A loop over the catalog from the saved position (or the first exercise), watching
  /// `directory`, saving progress to `progressURL` (nil: nowhere), drawing on `screen`.
  init(
    commands: Commands, directory: URL, progress: SavedProgress, progressURL: URL?,
    screen: Screen
  ) {
    self.commands = commands
    self.progress = progress
    self.progressURL = progressURL
    self.screen = screen
    watcher = FileWatcher(directory: directory)
    index = Registry.exercises.firstIndex { $0.id == progress.current } ?? 0
  }

  /// The exercise being worked on.
  var current: Exercise { exercises[index] }

  /// Whether nothing is running.
  var isIdle: Bool {
    if case .idle = phase { return true }
    return false
  }

  /// Checks the current exercise, with the program as it was built.
  func start() { check() }

  /// One turn of the loop: a saved file restarts the build; a finished build or check is read.
  func tick() {
    let changed = watcher.changes()
    if !changed.isEmpty {
      notes = []
      rebuild(because: "you saved \(changed.joined(separator: ", "))")
      return
    }
    switch phase {
    case .idle: break
    case .building(let job) where !job.isRunning:
      if job.succeeded {
        check()
      } else {
        phase = .idle
        status = .failing("your code does not compile:\n" + compilerErrors(job.output))
        extra = []
        draw()
      }
    case .checking(let job, let id) where !job.isRunning:
      phase = .idle
      finished(id, Status(job))
    case .building, .checking: break
    }
  }

  /// Whether every exercise of concepts 1-7 (the translator's pieces) is done.
  var translatorReady: Bool {
    exercises.filter { $0.concept <= 7 }.allSatisfy { progress.done.contains($0.id) }
  }

  /// A key: h hint, n next, l list, r re-run, q quit, t translator; others are ignored.
  func handle(_ key: Character) {
    switch key {
    case "t" where translatorReady:
      stop()
      (translator, quit) = (true, true)
    case "t":
      let left = exercises.filter { $0.concept <= 7 && !progress.done.contains($0.id) }
      extra = [
        "t trains the translator your code makes once concepts 1-7 pass; still to do: "
          + left.map(\.id).joined(separator: ", ")
      ]
      draw()
    case "h":
      extra = ["Hint: \(current.hint)"]
      draw()
    case "n":
      notes = []
      move(to: min(index + 1, exercises.count - 1))
    case "l":
      extra = listing()
      draw()
    case "r":
      notes = []
      rebuild(because: "you asked to re-run")
    case "q":
      stop()
      quit = true
    default: break
    }
  }

  /// Stops whatever runs.
  func stop() {
    switch phase {
    case .building(let job), .checking(let job, _): job.stop()
    case .idle: break
    }
    phase = .idle
  }

  private func rebuild(because reason: String) {
    stop()
    guard let build = commands.build else { return check() }
    do {
      phase = .building(try Job(build, in: commands.directory))
      status = nil
      extra = ["Building (\(reason))..."]
      draw()
    } catch {
      status = .failing("cannot start the build: \(error)")
      draw()
    }
  }

  private func check() {
    stop()
    do {
      phase = .checking(try Job(commands.check(current.id)), id: current.id)
      status = nil
      checksStarted += 1
    } catch {
      status = .failing("cannot start the check: \(error)")
      draw()
    }
  }

  private func move(to newIndex: Int) {
    index = newIndex
    progress.current = current.id
    save()
    extra = []
    check()
  }

  private func finished(_ id: String, _ verdict: Status) {
    progress.record(id, verdict)
    status = verdict
    extra = []
    guard verdict == .done, id == current.id else {
      progress.current = current.id
      save()
      return draw()
    }
    notes.append("✓ Exercise \(id) passes.")
    if let next = exercises[(index + 1)...].firstIndex(where: { !progress.done.contains($0.id) }) {
      move(to: next)
    } else {
      notes.append(
        "All \(exercises.count) exercises are done. Try `swift run exercises experiments`.")
      progress.current = current.id
      save()
      draw()
    }
  }

  private func save() {
    guard let progressURL else { return }
    do { try progress.save(to: progressURL) } catch { notes.append("\(error)") }
  }

  private func listing() -> [String] {
    exercises.map { exercise in
      let mark = exercise.id == current.id ? "→" : progress.done.contains(exercise.id) ? "✓" : "·"
      return "  \(mark) \(exercise.id) \(exercise.title)"
    }
  }

  private func draw() {
    // The exercise's file, read once: where it starts and what it asks.
    let file = try? SourceFile(current.file)
    let line = (try? file?.markers(current.id).begin).flatMap { $0 }
    var lines = [
      "Exercise \(current.id): \(current.title)  (\(current.file)\(line.map { ":\($0 + 1)" } ?? ""))"
    ]
    if let task = file?.task(current.id) { lines.append("  \(task)") }
    lines += notes
    switch status {
    case .done?: lines.append("✓ done")
    case .notStarted?:
      lines.append("✗ failing: not started yet")
      lines.append("  \(ExerciseError.notImplemented(current.id))")
    case .failing(let message)?:
      lines.append("✗ failing")
      lines += message.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
    case nil: break
    }
    lines += extra
    if translatorReady {
      lines.append(
        "★ Concepts 1-7 pass: press t to train the translator your code makes "
          + "(swift run -c release exercises translator)")
    }
    lines.append(
      progressBar(done: progress.done.count, total: exercises.count) + "   "
        + screen.keysHelp)
    screen.show(lines)
  }
}

/// `[#####-----] 12/24`: `done` of `total` as a bar `width` characters wide.
func progressBar(done: Int, total: Int, width: Int = 25) -> String {
  let filled = total == 0 ? width : min(width, done * width / total)
  return "[" + String(repeating: "#", count: filled)
    + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
}

/// The compiler's error lines from a build's output, each with the source line and caret after
/// it, at most `limit` lines; the last lines of the output when it names no error.
func compilerErrors(_ output: String, limit: Int = 24) -> String {
  let root = SourceFile.packageRoot.path + "/"
  let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
    $0.replacingOccurrences(of: root, with: "")
  }
  var kept: [String] = []
  for (index, line) in lines.enumerated() where line.contains("error:") {
    if kept.contains(line) { continue }
    kept.append(line)
    kept += lines[(index + 1)..<min(index + 4, lines.count)].filter { !$0.contains("error:") }
  }
  let shown = kept.isEmpty ? Array(lines.suffix(8)) : kept
  return shown.prefix(limit).joined(separator: "\n")
}
