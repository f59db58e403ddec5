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
    } else if standardInputIsAFile() {
      // A file is read whole and translated in batches, as `evaluate` does: the same lines out.
      let lines = readLinesFromStandardInput().enumerated().map {
        ("line \($0.offset + 1)", $0.element)
      }
      guard !lines.isEmpty else { throw InputError(description: Self.nothing) }
      skipped = try translate(lines, with: translator)
    } else {
      // A pipe: each line is answered as soon as it is read, so that a producer that keeps the
      // pipe open (a chat, another program) gets its translation at once.
      var count = 0
      while let line = readLine() {
        count += 1
        skipped += try translate([("line \(count)", line)], with: translator)
      }
      guard count > 0 else { throw InputError(description: Self.nothing) }
    }
    if skipped > 0 { throw ExitCode(1) }
  }

  static let nothing =
    "nothing to translate: give sentences as arguments or one per line on standard input"

  /// Translates `sentences` (each with its name for the notes, `line 3`), those that can be read
  /// in batches of 256 / beams, prints each with its notes in order, and returns how many were
  /// skipped (empty, or holding control characters).
  private func translate(
    _ sentences: [(name: String, text: String)], with translator: Translator
  ) throws -> Int {
    var readable: [(name: String, text: String)] = []
    for (name, text) in sentences {
      if let problem = Self.problem(of: text) {
        note("\(name): \(problem), skipped")
      } else {
        readable.append((name, text))
      }
    }
    let translations: [Translation?] =
      nBest == nil && !showAttention
      ? try translateAll(readable.map(\.text), with: translator, beam: beamSize, alpha: alpha)
      : Array(repeating: nil, count: readable.count)
    for ((name, text), translation) in zip(readable, translations) {
      let length = translator.sourceTokens(text).count
      if length >= translator.numSteps {
        note(
          "note: \(name) has \(length) tokens; the model reads the first \(translator.numSteps) "
            + "(numSteps) and drops the rest")
      }
      try show(text, translation, with: translator)
    }
    fflush(nil)
    return sentences.count - readable.count
  }

  /// Why `sentence` cannot be translated, or `nil`: nothing but spaces, or a control character
  /// (a NUL from binary input, an escape sequence), which no sentence of the corpus holds.
  static func problem(of sentence: String) -> String? {
    if sentence.allSatisfy(\.isWhitespace) { return "empty sentence" }
    if let control = sentence.unicodeScalars.first(where: {
      $0.properties.generalCategory == .control && $0 != "\t"
    }) {
      let code = String(control.value, radix: 16, uppercase: true)
      return "holds the control character U+\(String(repeating: "0", count: 4 - code.count))\(code)"
    }
    return nil
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
      _ = try translate([("this line", line)], with: translator)
    }
  }

  /// Prints the translation of `sentence`, `translation` when it was made in a batch (else its
  /// n-best list or its attention, searched now), and names its unknown words.
  private func show(
    _ sentence: String, _ translation: Translation?, with translator: Translator
  ) throws {
    let source = translator.sourceTokens(sentence).joined(separator: " ")
    let unknown: [String]
    if let translation {
      print("\(source) => \(translation.text)")
      unknown = translation.unknownWords
    } else if let nBest {
      let hypotheses = try translator.nBest(sentence, beamSize: beamSize, alpha: alpha)
      print("\(source) =>")
      for (rank, hypothesis) in hypotheses.prefix(nBest).enumerated() {
        print(
          "  \(rank + 1). \(hypothesis.text)   (score \(fixed(Double(hypothesis.score(alpha: alpha)), 3)), "
            + "log P \(fixed(Double(hypothesis.logProbability), 3)))")
      }
      unknown = hypotheses.first?.unknownWords ?? []
    } else {
      let traced = try translator.attentionTrace(sentence)!
      print("\(source) => \(traced.translation.text)")
      for line in Self.alignment(traced.attention) { print(line) }
      unknown = traced.translation.unknownWords
    }
    var named = Set<String>()
    let distinct = unknown.filter { named.insert($0).inserted }
    if !distinct.isEmpty {
      note("note: unknown words read as <unk>: \(distinct.joined(separator: ", "))")
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

/// Whether standard input is a regular file (`< file`), not a pipe or a terminal.
func standardInputIsAFile() -> Bool {
  var status = stat()
  return fstat(STDIN_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
}

/// Every line of standard input.
func readLinesFromStandardInput() -> [String] {
  var lines: [String] = []
  while let line = readLine() { lines.append(line) }
  return lines
}
