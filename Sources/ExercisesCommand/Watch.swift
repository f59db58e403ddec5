import ArgumentParser
import ExerciseSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ExercisesCommand {
  /// `exercises watch`: the rustlings loop. Save, see the verdict, move on.
  struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Re-check the current exercise on every save and move on when it passes.",
      discussion: """
        Starts at the exercise given, or where you stopped (see `exercises`), or at the first \
        one. Every save in \
        Sources/Exercises rebuilds the checks with your code (`swift build --product exercises`) \
        and re-checks the current exercise; a pass moves on to the next one not done. Keys on a \
        terminal: h hint, n next, l list, r re-run, q quit, and t, once concepts 1-7 pass, to \
        train the translator your code makes (`exercises translator`). Otherwise type the letter \
        and Enter; at the end of its input it finishes the check under way and stops.
        """)

    @Argument(help: "Start at this exercise (4.2) instead of where you stopped.")
    var start: String?

    func run() throws {
      var progress = SavedProgress.load()
      if let start { progress.current = try exercises(matching: start)[0].id }
      let commands = try WatchLoop.Commands.rebuildingThisProgram()
      let loop = WatchLoop(
        commands: commands,
        directory: SourceFile.packageRoot.appendingPathComponent("Sources/Exercises"),
        progress: progress, progressURL: SavedProgress.defaultURL,
        screen: .standardOutput(
          clears: Terminal.isInteractive && isatty(STDOUT_FILENO) == 1,
          keys: Terminal.isInteractive))
      Terminal.enterKeyMode()
      defer { Terminal.restore() }
      loop.start()
      // At the end of its input (a script, a pipe, /dev/null) it finishes what runs and stops.
      while !loop.quit && !Terminal.interrupted && !(Terminal.closed && loop.isIdle) {
        for key in Terminal.input(waiting: 100) { loop.handle(key) }
        loop.tick()
      }
      loop.stop()
      Terminal.restore()
      print("")
      if Terminal.interrupted { throw ExitCode(130) }
      if loop.translator {
        // The program as the loop last rebuilt it: your latest code.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commands.check("")[0])
        process.arguments = ["translator"]
        try process.run()
        process.waitUntilExit()
      }
    }
  }
}

extension WatchLoop.Commands {
  /// Builds this program again (the same scratch folder and configuration it was built with) and
  /// checks with the binary at this program's path, which the build replaces.
  static func rebuildingThisProgram() throws -> Self {
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    let binFolder = URL(fileURLWithPath: executable).deletingLastPathComponent()
    let configuration = binFolder.lastPathComponent == "release" ? "release" : "debug"
    // .build/<triple>/debug/exercises: the scratch folder is two levels above the binary's.
    let scratch = binFolder.deletingLastPathComponent().deletingLastPathComponent()
    guard let swift = which("swift") else {
      throw CommandError("watch needs `swift` on the PATH to rebuild your code")
    }
    return Self(
      build: [
        swift, "build", "--product", "exercises", "-c", configuration, "--scratch-path",
        scratch.path,
      ],
      check: { [executable, "run-one", $0] },
      directory: SourceFile.packageRoot)
  }
}

/// The full path of `program` on the PATH, if it is there.
func which(_ program: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  return path.split(separator: ":").map { "\($0)/\(program)" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}
