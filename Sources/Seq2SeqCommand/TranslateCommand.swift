import ArgumentParser
import Checkpoint
import Foundation
import Prediction

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
      status is then 1.
      """
  )

  @Option(help: "The checkpoint written by `seq2seq train`.")
  var model = "model.ckpt"
  @Option(help: "Beam size; 1 is greedy search.")
  var beam = 1
  @Option(help: "Beam search's length penalty: scores are divided by length^alpha.")
  var alpha: Float = 0.75
  @Argument(help: "English sentences, e.g. \"go .\"; standard input when none are given.")
  var sentences: [String] = []

  func validate() throws {
    try require("--beam", beam, in: 1...Limit.beam)
    guard alpha >= 0, alpha.isFinite else {
      throw ValidationError("--alpha must be a number >= 0, got \(alpha).")
    }
  }

  func run() throws {
    let translator = try loadTranslator(model)
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
      let translation =
        beam == 1
        ? try translator.greedy(sentence)
        : try translator.beamSearch(sentence, beamSize: beam, alpha: alpha)
      print("\(translation.source.joined(separator: " ")) => \(translation.text)")
      if !translation.unknownWords.isEmpty {
        note(
          "note: unknown words read as <unk>: \(translation.unknownWords.joined(separator: ", "))")
      }
    }
    if skipped > 0 { throw ExitCode(1) }
  }
}

/// Input that gives the command nothing to do, as one line.
struct InputError: Error, CustomStringConvertible {
  /// What is wrong.
  let description: String
}

/// `line` on standard error, after what standard output has so far.
func note(_ line: String) {
  fflush(nil)
  FileHandle.standardError.write(Data("\(line)\n".utf8))
}

/// A translator for the model in the checkpoint at `path`.
func loadTranslator(_ path: String) throws -> Translator {
  let checkpoint = try Checkpoint.read(from: path)
  return Translator(
    model: try checkpoint.makeModel(), sourceVocab: checkpoint.sourceVocab,
    targetVocab: checkpoint.targetVocab)
}

/// Every line of standard input.
func readLinesFromStandardInput() -> [String] {
  var lines: [String] = []
  while let line = readLine() { lines.append(line) }
  return lines
}
