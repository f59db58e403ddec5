import ArgumentParser
import BLEU
import Files
import Formatting
import Foundation
import Run
import TranslationData

/// `seq2seq bleu`: sacrebleu's corpus BLEU of a file of translations.
struct BLEUCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bleu",
    abstract: "Score translations against references with corpus BLEU, as sacrebleu does.",
    discussion: """
      Same definition and defaults as sacrebleu 2: 13a tokenisation, n-grams up to 4, exp \
      smoothing, brevity penalty against the closest reference, any number of reference files \
      (one line per hypothesis line). Output in sacrebleu's layout: BLEU = score, the four \
      n-gram precisions, BP, ratio, hyp_len, ref_len.
      """
  )

  @Option(help: "The translations, one per line.")
  var hyp: String
  @Option(help: "A reference file, one line per translation; repeat for several references.")
  var ref: [String] = []
  @Option(help: "Decimals of the score (sacrebleu's -w).")
  var width = 2
  @Flag(help: "Print JSON, as sacrebleu does by default.")
  var json = false
  @Flag(help: "Score every sentence on its own (with effective order), one line each.")
  var sentenceLevel = false
  @Flag(help: "Lowercase before scoring (sacrebleu's -lc).")
  var lowercase = false
  @Option(help: "Tokenisation: 13a (sacrebleu's default) or none.")
  var tokenize: TokenizerName = .thirteenA

  func validate() throws {
    guard !ref.isEmpty else { throw ValidationError("Give at least one --ref file.") }
    guard (0...10).contains(width) else {
      throw ValidationError("--width must be between 0 and 10, got \(width).")
    }
  }

  func run() throws {
    let hypotheses = try TextFile.lines(of: hyp)
    guard !hypotheses.isEmpty else { throw InputError(description: "\(hyp): no lines to score") }
    var references: [[String]] = []
    for path in ref {
      let lines = try TextFile.lines(of: path)
      guard lines.count == hypotheses.count else {
        throw InputError(
          description:
            "\(path) has \(lines.count) lines but \(hyp) has \(hypotheses.count); they must match")
      }
      references.append(lines)
    }
    var bleu = CorpusBLEU()
    bleu.lowercase = lowercase
    bleu.tokenize = tokenize == .thirteenA
    if sentenceLevel {
      for (index, hypothesis) in hypotheses.enumerated() {
        let score = bleu.sentenceScore(
          hypothesis: hypothesis, references: references.map { $0[index] })
        print(json ? jsonText(score) : score.formatted(width: width))
      }
      return
    }
    let score = bleu.score(hypotheses: hypotheses, references: references)
    print(json ? jsonText(score) : score.formatted(width: width))
  }

  /// The score as sacrebleu's JSON, with this run's signature.
  private func jsonText(_ score: BLEUScore) -> String {
    score.json(
      width: width, references: ref.count, lowercase: lowercase,
      effectiveOrder: sentenceLevel, tokenizer: tokenize.rawValue)
  }
}

/// The tokenisers by name.
enum TokenizerName: String, CaseIterable, ExpressibleByArgument {
  case thirteenA = "13a"
  case none
}
