import ArgumentParser
import ExerciseChecks
import ExerciseSupport
import Foundation

/// `exercises`: where a learner stands, hints, solutions, resets.
@main
struct ExercisesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exercises",
    abstract: "The chapter's exercises: your progress, hints, checks, resets and solutions.",
    discussion: """
      Edit Sources/Exercises/<Concept>Exercises.swift between the BEGIN and END lines of an \
      exercise. `swift run exercises watch` re-checks it on every save and moves on when it \
      passes; `swift run exercises` shows where you stand, `swift run exercises check 4.2` one \
      exercise's verdict. Your position is kept in .exercises-progress.json (git-ignored).
      """,
    subcommands: [
      List.self, Watch.self, Check.self, Hint.self, Solution.self, Reset.self, Solve.self,
      Restore.self, Experiments.self, Translator.self,
      RunOne.self,
    ],
    defaultSubcommand: List.self
  )
}

/// A one-line error of this tool.
struct CommandError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The exercises an exercise id or a concept number given on the command line names.
func exercises(matching selector: String) throws -> [Exercise] {
  let matches = Registry.exercises.filter { $0.id == selector || "\($0.concept)" == selector }
  guard !matches.isEmpty else {
    throw CommandError(
      "no exercise \(selector): give an id such as 4.2 or a concept number (1-8, 10) (see `exercises list`)"
    )
  }
  return matches
}

extension ExercisesCommand {
  /// `exercises list`: every exercise with its status, and what is next.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every exercise with its status: not started, failing or done.")

    func run() throws {
      var progress = SavedProgress.load()
      var next: Exercise?
      var done = 0
      for concept in Catalog.concepts {
        print("\(concept.number). \(concept.name)  (\(concept.file); \(concept.chapter))")
        for exercise in Registry.exercises where exercise.concept == concept.number {
          let status = try Status.of(exercise)
          progress.record(exercise.id, status)
          if status == .done { done += 1 } else if next == nil { next = exercise }
          print(
            "   \(status.mark) \(exercise.id) \(exercise.title.padding(toLength: 44, withPad: " ", startingAt: 0)) \(status.text)"
          )
        }
      }
      print("\n\(progressBar(done: done, total: Registry.exercises.count)) done.")
      let translatorLeft = Registry.exercises.filter {
        $0.concept <= 7 && !progress.done.contains($0.id)
      }
      print(
        translatorLeft.isEmpty
          ? "Concepts 1-7 pass: train the translator your code makes, beside the library's: "
            + "swift run -c release exercises translator"
          : "Once concepts 1-7 pass, `exercises translator` trains the translator your code makes "
            + "(\(translatorLeft.count) of their exercises to go).")
      if let id = progress.current, let stopped = Registry.exercises.first(where: { $0.id == id }) {
        print("You stopped at \(stopped.id), \(stopped.title): swift run exercises watch")
      }
      progress.saveOrWarn()
      if let next {
        print("Next: exercise \(next.id), \(next.title), in \(next.file).")
        print(
          "      swift run exercises check \(next.id)   |   swift run exercises hint \(next.id)")
      } else {
        print("All done. Try D2L's questions: swift run exercises experiments")
      }
    }
  }

  /// `exercises check 4.2`: run one exercise's (or one concept's) check and say why it fails.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check one exercise (4.2) or a whole concept (4), with what was expected.")

    @Argument(help: "An exercise id such as 4.2, or a concept number (1-8, 10).")
    var selector: String

    func run() throws {
      var failed = false
      var progress = SavedProgress.load()
      let matching = try exercises(matching: selector)
      for exercise in matching {
        let status = try Status.of(exercise)
        progress.record(exercise.id, status)
        if matching.count == 1 { progress.current = exercise.id }
        print("\(status.mark) Exercise \(exercise.id), \(exercise.title): \(status.text)")
        if case .failing(let message) = status {
          print("  \(message)")
          failed = true
        }
      }
      progress.saveOrWarn()
      if failed { throw ExitCode.failure }
    }
  }

  /// `exercises hint 4.2`.
  struct Hint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a hint for one exercise.")

    @Argument(help: "An exercise id such as 4.2.")
    var id: String

    func run() throws {
      for exercise in try exercises(matching: id) {
        print("Exercise \(exercise.id), \(exercise.title) (\(exercise.file)):")
        print("  \(exercise.hint)")
      }
    }
  }

  /// `exercises solution 4.2`: the reference solution, shown on purpose.
  struct Solution: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the reference solution of one exercise (try the hint first).")

    @Argument(help: "An exercise id such as 4.2.")
    var id: String

    func run() throws {
      for exercise in try exercises(matching: id) {
        let file = try SourceFile(exercise.solutionFile)
        print("Reference solution of exercise \(exercise.id) (\(exercise.solutionFile)):")
        print(try file.region(exercise.id).joined(separator: "\n"))
      }
    }
  }

  /// `exercises reset 4.2`: back to the stub; `reset --all`: every exercise, and the progress.
  /// Your code is kept first (`Backups`).
  struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Put an exercise back to its untouched stub (your code is kept; restore brings it back).",
      discussion: """
        Your code between the exercise's BEGIN and END lines is first copied to         .exercises-backups/<id>/<n>.swift; `exercises restore <id>` puts it back. Nothing else         in the file changes. `reset --all` puts every exercise back and deletes         .exercises-progress.json.
        """)

    @Argument(help: "An exercise id such as 4.2, or a concept number (1-8, 10).")
    var selector: String?

    @Flag(help: "Every exercise back to its stub, and the saved position forgotten.")
    var all = false

    func validate() throws {
      guard (selector == nil) == all else {
        throw ValidationError("give an exercise id (reset 4.2) or --all, not both or neither")
      }
    }

    func run() throws {
      let chosen = try selector.map(exercises(matching:)) ?? Registry.exercises
      var kept: [String] = []
      for exercise in chosen {
        let backup = try Backups.replaceRegion(
          of: exercise, with: nil, root: SourceFile.packageRoot)
        kept += backup.map { [$0] } ?? []
        if !all {
          print(
            "Exercise \(exercise.id) is back to its stub in \(exercise.file)."
              + Backups.said(backup, exercise.id))
        }
      }
      if all {
        try SavedProgress.clear()
        print(
          "All \(chosen.count) exercises are back to their stubs; your saved position is gone."
            + (kept.isEmpty
              ? ""
              : " Your code of \(kept.count) of them is kept in \(Backups.folderName)/ "
                + "(`exercises restore <id>` puts one back)."))
      } else {
        var progress = SavedProgress.load()
        for exercise in chosen { progress.record(exercise.id, .notStarted) }
        progress.saveOrWarn()
      }
    }
  }

  /// `exercises solve 4.2`: copy the reference solution over the stub, your code kept first.
  struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Copy the reference solution over your code for one exercise (your code is kept; restore brings it back)."
    )

    @Argument(help: "An exercise id such as 4.2, or a concept number (1-8, 10).")
    var selector: String

    func run() throws {
      for exercise in try exercises(matching: selector) {
        let solution = try SourceFile(exercise.solutionFile).region(exercise.id)
        let backup = try Backups.replaceRegion(
          of: exercise, with: solution, root: SourceFile.packageRoot)
        print(
          "Exercise \(exercise.id) now holds the reference solution (\(exercise.file))."
            + Backups.said(backup, exercise.id))
      }
    }
  }

  /// `exercises restore 4.2`: the newest backup of your code back in place.
  struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Put back the code that reset or solve last replaced (what is there now is kept).")

    @Argument(help: "An exercise id such as 4.2.")
    var id: String

    func run() throws {
      guard let exercise = Registry.exercise(id) else {
        throw CommandError("no exercise \(id): give an id such as 4.2 (see `exercises list`)")
      }
      let root = SourceFile.packageRoot
      guard let newest = Backups.newest(id, root: root) else {
        throw CommandError(
          "exercise \(id) has no kept code in \(Backups.folderName)/\(id)/ (reset and solve keep it)"
        )
      }
      let text = String(decoding: try Data(contentsOf: newest), as: UTF8.self)
      var lines = text.components(separatedBy: "\n")
      if lines.last == "" { lines.removeLast() }
      let backup = try Backups.replaceRegion(of: exercise, with: lines, root: root)
      // The restored copy is in place now; a copy of what was there came first.
      try FileManager.default.removeItem(at: newest)
      print(
        "Exercise \(id) holds your code from \(Backups.folderName)/\(id)/\(newest.lastPathComponent) "
          + "again (\(exercise.file))." + Backups.said(backup, id))
    }
  }

  /// `exercises experiments`: D2L's six questions as experiments.
  struct Experiments: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "D2L's six questions for the chapter, each with the commands to run it.")

    func run() throws {
      for experiment in Catalog.experiments {
        print("\(experiment.number). \(experiment.question)")
        for command in experiment.commands { print("   $ \(command)") }
        print("   Look for: \(experiment.lookFor)\n")
      }
    }
  }

  /// `exercises run-one 4.2`: one check in this process; its exit status is the verdict. The
  /// other commands run it in a child process, so that code that traps fails only its exercise.
  struct RunOne: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run-one", abstract: "Run one check in this process (used by the others).",
      shouldDisplay: false)

    @Argument var id: String

    func run() throws {
      do {
        try ExerciseChecks.check(id)
      } catch ExerciseError.notImplemented(let which) where which == id {
        throw ExitCode(Status.notStartedCode)
      } catch {
        print("\(error)")
        throw ExitCode.failure
      }
    }
  }
}
