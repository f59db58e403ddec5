import BLEU
import Formatting
import TranslationData

/// The pairs of a corpus grouped by English sentence, for BLEU as Tatoeba should be scored: it
/// gives one sentence several French translations ("Run!" is "Cours !" and "Courez !"), so each
/// distinct sentence is translated once and scored against all of its references, as sacrebleu
/// scores a hypothesis against several reference streams. The single-reference score (every pair
/// alone against its one reference) stays beside it, labelled as such.
public struct ReferenceSets: Sendable {
  /// Each distinct English sentence, its tokens joined by spaces, in order of first appearance.
  public let sources: [String]
  /// Each sentence's length in tokens.
  public let sourceLengths: [Int]
  /// Every French reference of each sentence, in corpus order.
  public let references: [[String]]
  /// For each pair of the corpus, its sentence (an index into `sources`).
  public let sentenceOfPair: [Int]
  /// Each pair's own reference.
  public let pairReferences: [String]

  /// Groups the pairs of `corpus` by English sentence.
  public init(_ corpus: Corpus) {
    var index: [[String]: Int] = [:]
    var (sources, lengths, references, sentenceOfPair) = (
      [String](), [Int](), [[String]](), [Int]()
    )
    for (source, target) in zip(corpus.source, corpus.target) {
      let reference = target.joined(separator: " ")
      if let sentence = index[source] {
        references[sentence].append(reference)
        sentenceOfPair.append(sentence)
      } else {
        index[source] = sources.count
        sentenceOfPair.append(sources.count)
        sources.append(source.joined(separator: " "))
        lengths.append(source.count)
        references.append([reference])
      }
    }
    self.sources = sources
    self.sourceLengths = lengths
    self.references = references
    self.sentenceOfPair = sentenceOfPair
    pairReferences = corpus.target.map { $0.joined(separator: " ") }
  }

  /// The corpus BLEU of `hypotheses` (one per sentence) against all the references of each
  /// sentence, and the single-reference BLEU of the same translations (each pair against its own
  /// reference, a sentence's translation counted once per pair).
  public func scores(_ hypotheses: [String]) -> (all: BLEUScore, single: BLEUScore) {
    precondition(hypotheses.count == sources.count, "ReferenceSets: one hypothesis per sentence")
    return (
      CorpusBLEU().score(hypotheses: hypotheses, referenceSets: references),
      CorpusBLEU().score(
        hypotheses: sentenceOfPair.map { hypotheses[$0] }, references: [pairReferences])
    )
  }

  /// `3,120 distinct English sentences, 1.43 references each`.
  public var summary: String {
    let ratio = Double(pairReferences.count) / Double(max(sources.count, 1))
    return "\(sources.count) distinct English sentences, \(fixed(ratio, 2)) references each"
  }
}
