import ArgumentParser

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
}
