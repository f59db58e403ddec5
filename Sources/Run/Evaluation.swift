import BLEU
import Checkpoint
import Files
import Formatting
import Foundation
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
    var translator = Translator(
      model: try makeModel(), sourceVocab: sourceVocab, targetVocab: targetVocab)
    translator.origin = path ?? translator.origin
    return translator
  }
}

/// Greedy (beam 1) or beam-search translations of `sources`, in batches of at most 256 decoder
/// rows (256 sentences greedily, 256 / beam with beams) so that the logits of a large
/// vocabulary stay small; `alpha` is beam search's length penalty.
public func translateAll(
  _ sources: [String], with translator: Translator, beam: Int = 1, alpha: Float = 0.75
) throws -> [Translation] {
  var translations: [Translation] = []
  let size = max(1, 256 / beam)
  for start in stride(from: 0, to: sources.count, by: size) {
    let batch = Array(sources[start..<min(start + size, sources.count)])
    translations +=
      beam == 1
      ? try translator.greedyBatch(batch)
      : try translator.beamBatch(batch, beamSize: beam, alpha: alpha)
  }
  return translations
}

/// Corpus BLEU by source length in tokens, lengths above `longest` pooled with it: the
/// bottleneck of one context vector, in numbers. Each hypothesis is scored against all its
/// references (`referenceSets[i]`).
public func scoreByLength(
  sourceLengths: [Int], hypotheses: [String], referenceSets: [[String]], longest: Int
) -> [(length: Int, bleu: Double, count: Int)] {
  var buckets: [Int: (hypotheses: [String], references: [[String]])] = [:]
  for (index, length) in sourceLengths.enumerated() {
    buckets[min(length, longest), default: ([], [])].hypotheses.append(hypotheses[index])
    buckets[min(length, longest), default: ([], [])].references.append(referenceSets[index])
  }
  return buckets.keys.sorted().map { length in
    let bucket = buckets[length]!
    let score = CorpusBLEU().score(
      hypotheses: bucket.hypotheses, referenceSets: bucket.references)
    return (length, score.score, bucket.hypotheses.count)
  }
}

/// How `seq2seq evaluate` scores a trained model, each line handed to `say` as soon as it is
/// known.
public enum Evaluation {
  /// D2L's check: its four test sentences translated greedily, each with D2L's sentence BLEU
  /// (k = 2): `go . => va !, bleu 1.000`, each line starting with `indent`.
  public static func d2lTestSentences(with translator: Translator, indent: String = "") throws
    -> [String]
  {
    try d2lTestPairs.map { english, french in
      let translation = try translator.greedy(english)
      let score = d2lBLEU(prediction: translation.text, label: french, k: 2)
      return "\(indent)\(english) => \(translation.text), bleu \(fixed(score, 3))"
    }
  }

  /// D2L's test sentences, then the corpus BLEU of the `count` pairs that follow the training
  /// ones in the corpus at `data` (the shipped one when `nil`), which the model never saw:
  /// greedy, or beam search with `beam` beams. The pairs are read first, so that a bad path
  /// stops before any output.
  public static func heldOut(
    of checkpoint: Checkpoint, data: String?, count: Int, beam: Int, with translator: Translator,
    say: (String) -> Void
  ) throws {
    let trained = checkpoint.header.trainingPairs
    // Every line after the trained ones when the sum would overflow (a count near Int.max).
    let (wanted, overflow) = trained.addingReportingOverflow(count)
    let corpus = count > 0 ? try Corpus.load(path: data, pairs: overflow ? Int.max : wanted) : nil
    if let corpus, corpus.count < trained {
      throw InputError(
        description:
          "\(corpus.origin) has \(corpus.count) pairs, but the model was trained on the first "
          + "\(trained) pairs of its corpus: give that corpus as --data (or --held-out 0)")
    }
    say("D2L's test sentences:")
    for line in try d2lTestSentences(with: translator) { say(line) }
    guard let corpus else { return }
    let pairs = Array(trained..<corpus.count)
    guard !pairs.isEmpty else {
      say("No held-out pairs: the corpus has no lines after the \(trained) trained on.")
      return
    }
    let sets = ReferenceSets(corpus.subset(pairs))
    let translations = try translateAll(sets.sources, with: translator, beam: beam)
    let (all, single) = sets.scores(translations.map(\.text))
    say(
      "\nHeld-out pairs \(trained + 1)...\(corpus.count) of \(corpus.origin) (never trained on): "
        + sets.summary)
    say(all.formatted() + "  (all references)")
    say(single.formatted() + "  (one reference per pair)")
    say(unknownLine(translations))
    for index in stride(from: 0, to: min(sets.sources.count, 500), by: 100) {
      say(example(sets, translations, index))
    }
  }

  /// The corpus BLEU of the part `name` of the split the checkpoint at `path` was trained with
  /// (its pairs taken again from `data`): greedy and, with `beam` above 1, beam search, each
  /// with its time; then BLEU by source length and examples.
  /// - Throws: `InputError` when the model has no split or `data` is another corpus.
  public static func split(
    _ name: SplitName, of checkpoint: Checkpoint, at path: String, data: String?, beam: Int,
    with translator: Translator, translationsFile: String? = nil, say: (String) -> Void
  ) throws {
    let (pairs, record, _) = try RunData.pairs(name, of: checkpoint, at: path, data: data)
    let sets = ReferenceSets(pairs)
    let seen =
      name == .train
      ? "the pairs it was trained on: compare with --split test to see how much it learnt by heart"
      : "no English sentence of them was trained on"
    say(
      "\(pairs.count) \(name.rawValue) pairs of \(data ?? "fra-eng-20000.txt") (split \(record.shares), seed "
        + "\(record.seed); \(seen)): \(sets.summary), each translated once")
    var greedy: [Translation] = []
    var written = ScoredTranslations(sources: sets.sources, references: sets.references)
    for size in beam == 1 ? [1] : [1, beam] {
      let start = Date()
      let translations = try translateAll(sets.sources, with: translator, beam: size)
      if size == 1 { greedy = translations }
      written.hypotheses[size == 1 ? "greedy" : "beam \(size)"] = translations.map(\.text)
      let (all, single) = sets.scores(translations.map(\.text))
      let label = size == 1 ? "greedy:" : "beam \(size):"
      say(
        "\(label) \(all.formatted())  (all references; \(fixed(Date().timeIntervalSince(start), 1)) s)"
      )
      say(
        "\(String(repeating: " ", count: label.count)) \(single.formatted())  (one reference per pair)"
      )
    }
    say(unknownLine(greedy))
    if let translationsFile {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      try AtomicFile.write(try encoder.encode(written), to: translationsFile)
      say("Wrote \(translationsFile): every sentence, its translations and all its references.")
    }
    say("\nBLEU by source length (greedy, all references):\n  tokens sentences   BLEU")
    for bucket in scoreByLength(
      sourceLengths: sets.sourceLengths, hypotheses: greedy.map(\.text),
      referenceSets: sets.references, longest: 15)
    {
      let label = bucket.length == 15 ? "15+" : String(bucket.length)
      say(pad("  " + label, 9) + pad(String(bucket.count), 12) + fixed(bucket.bleu, 1))
    }
    say("\nExamples:")
    for index in stride(from: 0, to: sets.sources.count, by: max(sets.sources.count / 8, 1)).prefix(
      8)
    {
      say(example(sets, greedy, index))
    }
  }

  /// `  he's calm . => il est calme .   (references: il est calme . | il est tranquille .)`.
  private static func example(_ sets: ReferenceSets, _ translations: [Translation], _ index: Int)
    -> String
  {
    let label = sets.references[index].count == 1 ? "reference" : "references"
    return "  \(sets.sources[index]) => \(translations[index].text)   (\(label): "
      + sets.references[index].joined(separator: " | ") + ")"
  }

  /// `12 of 1000 sources have words the model never saw (read as <unk>).`
  private static func unknownLine(_ translations: [Translation]) -> String {
    let unknown = translations.filter { !$0.unknownWords.isEmpty }.count
    return
      "\(unknown) of \(translations.count) sources have words the model never saw (read as <unk>)."
  }
}

/// What `evaluate --translations FILE` writes, to score the translations with another tool
/// (sacrebleu with one reference stream per column, padded with `None`): each distinct English
/// sentence, its French references, and each search's translations of it.
struct ScoredTranslations: Encodable {
  /// The English sentences, preprocessed and tokenised.
  let sources: [String]
  /// Every reference of each sentence.
  let references: [[String]]
  /// By search (`greedy`, `beam 4`), one translation per sentence.
  var hypotheses: [String: [String]] = [:]
}
