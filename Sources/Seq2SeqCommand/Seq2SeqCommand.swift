import ArgumentParser
import Files
import Formatting
import Foundation
import Run
import TranslationData

/// The `seq2seq` command: the chapter's model from the command line.
@main
struct Seq2SeqCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seq2seq",
    abstract: "Sequence to sequence learning, step by step: a companion to D2L's chapter.",
    discussion: """
      The chapter's RNN encoder-decoder, built on a small tensor and autodiff core written in \
      Swift. Run a subcommand with --help to learn what it does and what its options mean.
      """,
    version: "0.1.0",
    subcommands: [
      TourCommand.self, DataCommand.self, TrainCommand.self, TranslateCommand.self,
      EvaluateCommand.self,
      AttentionCommand.self, BLEUCommand.self, FiguresCommand.self, BenchCommand.self,
    ]
  )

  /// Runs the command line; an error is one line on standard error (with the usage when the
  /// arguments are wrong) and a non-zero exit status.
  static func main() {
    // One line at a time even into a file or a pipe (`seq2seq train > log`): progress is seen
    // as it happens, not when a block of output fills up.
    if let standardOutput = dlsym(nil, "stdout") {  // C's `stdout`, which Swift 6 cannot name
      setvbuf(standardOutput.load(as: UnsafeMutablePointer<FILE>.self), nil, _IOLBF, 0)
    }
    let (status, message) = outcome(of: Array(CommandLine.arguments.dropFirst()))
    if !message.isEmpty {
      fflush(nil)
      if status == 0 {
        print(message)
      } else {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
      }
    }
    Foundation.exit(status)
  }

  /// Parses and runs `arguments` as the program does, and returns its exit status and what it
  /// says of how it ended (help text, or the error through `readable(_:)` and ArgumentParser's
  /// formatter: `Error: cannot write ...`), empty when it just finished.
  static func outcome(of arguments: [String]) -> (status: Int32, message: String) {
    do {
      var command = try parseAsRoot(joiningNegativeValues(arguments))
      try command.run()
      return (0, "")
    } catch {
      let error = readable(error)
      return (exitCode(for: error).rawValue, fullMessage(for: error))
    }
  }

  /// `arguments` with each option followed by a negative number written as one argument,
  /// `--alpha -5` as `--alpha=-5`: ArgumentParser reads anything that starts with a dash as an
  /// option, and would answer "Missing value" for a value that was given (and then refused by
  /// the option's own check, which names the bound). Only numbers are joined (`-1`, `-0.5`,
  /// `-10/60/50`), so an option followed by another option still gets its "Missing value".
  static func joiningNegativeValues(_ arguments: [String]) -> [String] {
    var joined: [String] = []
    for argument in arguments {
      if let option = joined.last, option.hasPrefix("--"), option != "--", !option.contains("="),
        argument.count > 1, argument.hasPrefix("-"),
        argument.dropFirst().first.map({ $0.isNumber || $0 == "." }) == true
      {
        joined[joined.count - 1] = "\(option)=\(argument)"
      } else {
        joined.append(argument)
      }
    }
    return joined
  }

  /// `error`, or a file error of Foundation's in words (`FileProblem.readable`); one of ours
  /// whose words hold a control character (a path with a newline in it) with that character
  /// escaped (`\n`), so that its message stays one line.
  static func readable(_ error: any Error) -> any Error {
    let error = FileProblem.readable(error)
    guard !(error is ExitCode), !(error is ValidationError), !(error is CleanExit) else {
      return error
    }
    let text = String(describing: error)
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      return error
    }
    return InputError(description: escapingControlCharacters(text))
  }
}
