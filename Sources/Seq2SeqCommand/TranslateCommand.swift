import ArgumentParser
import Checkpoint
import Files
import Formatting
import Foundation
import Prediction
import Run
import Traces

/// `seq2seq translate`: English in, French out.
struct TranslateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "translate",
    abstract: "Translate English sentences with a trained model.",
    discussion: """
      Sentences come from the arguments, or one per line on standard input. They are \
      preprocessed as the training data was (lowercase, a space before , . ! ?). Words the \
      model never saw are read as <unk> and named on standard error. An empty sentence is \
      reported (`line 3: empty sentence, skipped`) and the others are translated; the exit \
      status is then 1, as for a line holding a control character (a NUL of binary input). \
      From a pipe each line is translated as soon as it is read; from a file (`< file`) in \
      batches, with the same output. A sentence of numSteps tokens or more is cut to its first \
      numSteps, with a note. With --show-attention (a model trained with --attention) each \
      output token of the greedy translation is followed by the source tokens it weighted most.
      """
  )

  @Option(help: "The checkpoint written by `seq2seq train`.")
  var model = "model.ckpt"
  @Option(help: "Beam size; 1 is greedy search (with --n-best K, K when not given).")
  var beam: Int?
  @Option(help: "Beam search's length penalty: scores are divided by length^alpha.")
  var alpha: Float = 0.75
  @Option(help: "Print the K best beam-search hypotheses of each sentence, with their scores.")
  var nBest: Int?
  @Flag(help: "After each output token, its 3 strongest source tokens and their weights.")
  var showAttention = false
  @Argument(help: "English sentences, e.g. \"go .\"; standard input when none are given.")
  var sentences: [String] = []

  /// The beams searched: `--beam`, or with `--n-best K` alone, K.
  var beamSize: Int { beam ?? nBest ?? 1 }

  func validate() throws {
    if let beam { try require("--beam", beam, in: 1...Limit.beam) }
    if let nBest { try require("--n-best", nBest, in: 1...Limit.beam) }
    if let beam, let nBest, beam < nBest {
      throw ValidationError(
        "--n-best \(nBest) needs at least \(nBest) beams, got --beam \(beam): raise --beam or "
          + "leave it out.")
    }
    guard alpha >= 0, alpha.isFinite else {
      throw ValidationError("--alpha must be a number >= 0, got \(alpha).")
    }
    if showAttention, beamSize > 1 || nBest != nil {
      throw ValidationError(
        "--show-attention follows the greedy translation: drop --beam/--n-best.")
    }
  }

  func run() throws {
    let translator = try Checkpoint.read(from: model).translator()
    if showAttention, !translator.model.attends {
      throw InputError(
        description: "\(model) has no attention to show: it was trained without --attention")
    }
    var skipped = 0
    if !sentences.isEmpty {
      let batch = sentences.enumerated().map { ("sentence \($0.offset + 1)", $0.element) }
      skipped = try translate(batch, with: translator)
    } else if isatty(STDIN_FILENO) == 1 {
      return try converse(with: translator)
    } else if StandardStreams.inputIsAFile {
      // A file is read whole and translated in batches, as `evaluate` does: the same lines out.
      let lines = try StandardStreams.inputLines().enumerated().map {
        ("line \($0.offset + 1)", $0.element)
      }
      guard !lines.isEmpty else { throw InputError(description: Self.nothing) }
      skipped = try translate(lines, with: translator)
    } else {
      // A pipe: each line is answered as soon as it is read, so that a producer that keeps the
      // pipe open (a chat, another program) gets its translation at once.
      var count = 0
      while let line = try StandardStreams.inputLine() {
        count += 1
        skipped += try translate([("line \(count)", line)], with: translator)
      }
      guard count > 0 else { throw InputError(description: Self.nothing) }
    }
    if skipped > 0 { throw ExitCode(1) }
  }

  /// Translates `sentences` (named for the notes, `line 3`), printing each and its notes in
  /// order; how many were skipped.
  private func translate(
    _ sentences: [(name: String, text: String)], with translator: Translator
  ) throws -> Int {
    let session = TranslationSession(
      translator: translator, beamSize: beamSize, alpha: alpha, nBest: nBest,
      showAttention: showAttention)
    defer { fflush(nil) }
    return try session.translate(sentences, say: { print($0) }, note: StandardStreams.note)
  }

  static let nothing =
    "nothing to translate: give sentences as arguments or one per line on standard input"

  /// The interactive prompt: one sentence a line, each translated at once, until end of input.
  private func converse(with translator: Translator) throws {
    print("English to French with \(model). One sentence a line; Ctrl-D ends.")
    while true {
      print("> ", terminator: "")
      fflush(nil)
      guard let line = try StandardStreams.inputLine() else {
        print()
        return
      }
      guard !line.allSatisfy(\.isWhitespace) else { continue }
      _ = try translate([("this line", line)], with: translator)
    }
  }
}
