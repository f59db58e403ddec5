import ArgumentParser
import Foundation
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
      BLEUCommand.self, FiguresCommand.self, Bench.self,
    ]
  )

  /// Runs the command line. Every error is printed as one line by ArgumentParser's formatter,
  /// after `readable(_:)` has put Foundation's file errors into words, and exits non-zero.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: readable(error))
    }
  }

  /// `error`, or for one of Foundation's file errors (which print as `Error Domain=...` dumps)
  /// the same failure in words: `cannot write /a/b.svg: no such file or directory`.
  static func readable(_ error: any Error) -> any Error {
    let bridged = error as NSError
    guard bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain else {
      return error
    }
    let path = bridged.userInfo[NSFilePathErrorKey] as? String ?? "a file"
    let failed =
      (512..<1024).contains(bridged.code)
      ? "cannot write" : (256..<512).contains(bridged.code) ? "cannot read" : "cannot use"
    return FileError(failed: failed, path: path, reason: FileProblem.reason(error))
  }
}
