import BLEU
import Checkpoint
import Prediction
import TranslationData

/// D2L's four test sentences and their reference translations.
public let d2lTestPairs = [
  ("go .", "va !"), ("i lost .", "j'ai perdu ."), ("he's calm .", "il est calme ."),
  ("i'm home .", "je suis chez moi ."),
]

extension Checkpoint {
  /// A translator for the stored model, with its vocabularies: what `translate`, `evaluate`,
  /// the tour and the figures use a checkpoint for.
  public func translator() throws -> Translator {
    Translator(model: try makeModel(), sourceVocab: sourceVocab, targetVocab: targetVocab)
  }
}

/// Greedy (beam 1) or beam-search translations of `sources`, in batches of 256 so that the
/// logits of a large vocabulary stay small.
public func translateAll(_ sources: [String], with translator: Translator, beam: Int = 1) throws
  -> [Translation]
{
  guard beam == 1 else { return try sources.map { try translator.beamSearch($0, beamSize: beam) } }
  var translations: [Translation] = []
  for start in stride(from: 0, to: sources.count, by: 256) {
    translations += try translator.greedyBatch(
      Array(sources[start..<min(start + 256, sources.count)]))
  }
  return translations
}

/// Corpus BLEU by source length in tokens, lengths above `longest` pooled with it: the
/// bottleneck of one context vector, in numbers.
public func scoreByLength(
  sourceLengths: [Int], hypotheses: [String], references: [String], longest: Int
) -> [(length: Int, bleu: Double, count: Int)] {
  var buckets: [Int: (hypotheses: [String], references: [String])] = [:]
  for (index, length) in sourceLengths.enumerated() {
    buckets[min(length, longest), default: ([], [])].hypotheses.append(hypotheses[index])
    buckets[min(length, longest), default: ([], [])].references.append(references[index])
  }
  return buckets.keys.sorted().map { length in
    let bucket = buckets[length]!
    let score = CorpusBLEU().score(hypotheses: bucket.hypotheses, references: [bucket.references])
    return (length, score.score, bucket.hypotheses.count)
  }
}
