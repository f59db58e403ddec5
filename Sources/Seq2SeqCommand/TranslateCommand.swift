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
      model never saw are read as <unk> and named on standard error.
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
    guard beam >= 1 else { throw ValidationError("--beam must be at least 1, got \(beam).") }
  }

  func run() throws {
    let translator = try loadTranslator(model)
    let inputs = sentences.isEmpty ? readLinesFromStandardInput() : sentences
    for sentence in inputs where !sentence.allSatisfy(\.isWhitespace) {
      let translation =
        beam == 1
        ? try translator.greedy(sentence)
        : try translator.beamSearch(sentence, beamSize: beam, alpha: alpha)
      print("\(translation.source.joined(separator: " ")) => \(translation.text)")
      if !translation.unknownWords.isEmpty {
        let words = translation.unknownWords.joined(separator: ", ")
        fflush(nil)  // the translation first, then the note
        FileHandle.standardError.write(Data("note: unknown words read as <unk>: \(words)\n".utf8))
      }
    }
  }
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
