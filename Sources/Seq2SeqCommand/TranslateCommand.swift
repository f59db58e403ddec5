import ArgumentParser
import Checkpoint
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
      status is then 1. With --show-attention (a model trained with --attention) each output \
      token of the greedy translation is followed by the source tokens it weighted most.
      """
  )

  @Option(help: "The checkpoint written by `seq2seq train`.")
  var model = "model.ckpt"
  @Option(help: "Beam size; 1 is greedy search.")
  var beam = 1
  @Option(help: "Beam search's length penalty: scores are divided by length^alpha.")
  var alpha: Float = 0.75
  @Option(help: "Print the K best beam-search hypotheses of each sentence, with their scores.")
  var nBest: Int?
  @Flag(help: "After each output token, its 3 strongest source tokens and their weights.")
  var showAttention = false
  @Argument(help: "English sentences, e.g. \"go .\"; standard input when none are given.")
  var sentences: [String] = []

  func validate() throws {
    try require("--beam", beam, in: 1...Limit.beam)
    if let nBest { try require("--n-best", nBest, in: 1...Limit.beam) }
    guard alpha >= 0, alpha.isFinite else {
      throw ValidationError("--alpha must be a number >= 0, got \(alpha).")
    }
    if showAttention, beam > 1 || nBest != nil {
      throw ValidationError(
        "--show-attention follows the greedy translation: drop --beam/--n-best.")
    }
  }

  func run() throws {
    let translator = try Checkpoint.read(from: model).translator()
    if showAttention, translator.model.decoder.attention == nil {
      throw InputError(
        description: "\(model) has no attention to show: it was trained without --attention")
    }
    if sentences.isEmpty && isatty(STDIN_FILENO) == 1 { return try converse(with: translator) }
    let fromArguments = !sentences.isEmpty
    let inputs = fromArguments ? sentences : readLinesFromStandardInput()
    guard !inputs.isEmpty else {
      throw InputError(
        description:
          "nothing to translate: give sentences as arguments or one per line on standard input")
    }
    var skipped = 0
    for (index, sentence) in inputs.enumerated() {
      guard !sentence.allSatisfy(\.isWhitespace) else {
        skipped += 1
        note("\(fromArguments ? "sentence" : "line") \(index + 1): empty sentence, skipped")
        continue
      }
      try translate(sentence, with: translator)
    }
    if skipped > 0 { throw ExitCode(1) }
  }

  /// The interactive prompt: one sentence a line, each translated at once, until end of input.
  private func converse(with translator: Translator) throws {
    print("English to French with \(model). One sentence a line; Ctrl-D ends.")
    while true {
      print("> ", terminator: "")
      fflush(nil)
      guard let line = readLine() else {
        print()
        return
      }
      guard !line.allSatisfy(\.isWhitespace) else { continue }
      try translate(line, with: translator)
    }
  }

  /// Prints the translation of `sentence` (or its n-best list) and names its unknown words.
  private func translate(_ sentence: String, with translator: Translator) throws {
    let source = translator.sourceTokens(sentence).joined(separator: " ")
    let unknown: [String]
    if let nBest {
      let hypotheses = try translator.nBest(sentence, beamSize: max(beam, nBest), alpha: alpha)
      print("\(source) =>")
      for (rank, hypothesis) in hypotheses.prefix(nBest).enumerated() {
        print(
          "  \(rank + 1). \(hypothesis.text)   (score \(fixed(Double(hypothesis.score(alpha: alpha)), 3)), "
            + "log P \(fixed(Double(hypothesis.logProbability), 3)))")
      }
      unknown = hypotheses.first?.unknownWords ?? []
    } else if showAttention, let traced = try translator.attentionTrace(sentence) {
      print("\(source) => \(traced.translation.text)")
      for line in Self.alignment(traced.attention) { print(line) }
      unknown = traced.translation.unknownWords
    } else {
      let translation =
        beam == 1
        ? try translator.greedy(sentence)
        : try translator.beamSearch(sentence, beamSize: beam, alpha: alpha)
      print("\(source) => \(translation.text)")
      unknown = translation.unknownWords
    }
    if !unknown.isEmpty {
      note("note: unknown words read as <unk>: \(unknown.joined(separator: ", "))")
    }
  }
}

extension TranslateCommand {
  /// `--show-attention`'s lines: each output token, padded to the longest, then its three
  /// strongest source tokens with their weights, `  perdu  <- lost 0.81, i 0.09, . 0.05`.
  static func alignment(_ trace: AttentionTrace) -> [String] {
    let width = trace.target.map(\.count).max() ?? 0
    return trace.strongest(3).map { token, sources in
      let weights = sources.map { "\($0.token) \(fixed(Double($0.probability), 2))" }
      return "  \(token.padding(toLength: width, withPad: " ", startingAt: 0))  <- "
        + weights.joined(separator: ", ")
    }
  }
}

/// `line` on standard error, after what standard output has so far.
func note(_ line: String) {
  fflush(nil)
  FileHandle.standardError.write(Data("\(line)\n".utf8))
}

/// Every line of standard input.
func readLinesFromStandardInput() -> [String] {
  var lines: [String] = []
  while let line = readLine() { lines.append(line) }
  return lines
}
