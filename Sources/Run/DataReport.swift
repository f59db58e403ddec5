import Formatting
import TensorCore
import TranslationData

/// What `seq2seq data` shows of a corpus as the model sees it: the preprocessed pairs, the
/// vocabularies, the first batch's shapes and ids, and a histogram of sentence lengths.
public struct DataReport {
  /// The pairs and their vocabularies.
  public let dataset: TranslationDataset
  /// How many corpus lines were read.
  public let numExamples: PairCount
  /// How many preprocessed pairs to show.
  public let pairs: Int
  /// The batch size of the first batch shown.
  public let batchSize: Int
  /// The seed of the batches' order.
  public let seed: UInt64
  /// The vocabularies' threshold, as they were built.
  public let minFreq: Int

  /// A report of `dataset` (vocabularies of tokens seen `minFreq` times), read with
  /// `numExamples`, showing `pairs` pairs and the first batch of `batchSize` drawn with `seed`.
  public init(
    dataset: TranslationDataset, minFreq: Int, numExamples: PairCount, pairs: Int,
    batchSize: Int, seed: UInt64
  ) {
    (self.dataset, self.minFreq, self.numExamples, self.pairs) = (
      dataset, minFreq, numExamples, pairs
    )
    (self.batchSize, self.seed) = (batchSize, seed)
  }

  /// Hands `say` the report, line by line.
  public func show(_ say: (String) -> Void) {
    let numSteps = dataset.numSteps
    let corpus = dataset.corpus
    let kept = numExamples == .all ? "every line" : "numExamples \(numExamples)"
    say("Corpus: \(corpus.origin), \(corpus.count) sentence pairs (\(kept))")

    say("\nPreprocessed pairs (lowercase, a space before , . ! ?):")
    for index in 0..<min(pairs, corpus.count) {
      let english = corpus.source[index].joined(separator: " ")
      say("  " + pad(english, 24) + "=> " + corpus.target[index].joined(separator: " "))
    }

    let (sourceVocab, targetVocab) = (dataset.sourceVocab, dataset.targetVocab)
    say(
      "\nVocabularies (minFreq \(minFreq)): source \(sourceVocab.count) tokens, target \(targetVocab.count) tokens"
    )
    say(
      "  reserved: <unk>=0 <pad>=\(sourceVocab.pad) <bos>=\(sourceVocab.bos) <eos>=\(sourceVocab.eos)"
    )
    say(
      "  most frequent source tokens: "
        + sourceVocab.idxToToken.dropFirst(4).prefix(10).joined(separator: " "))
    say(
      "  most frequent target tokens: "
        + targetVocab.idxToToken.dropFirst(4).prefix(10).joined(separator: " "))

    var generator = SeededGenerator(seed: seed)
    let batches = dataset.batches(batchSize: batchSize, using: &generator)
    let first = batches[0]
    let shape = Shape.describe(first.shape)
    let lengths = Shape.describe([first.batchSize])
    say("\nFirst batch of \(batches.count) (shuffled with seed \(seed)):")
    say("  X: \(shape)  X_valid_len: \(lengths)  Y: \(shape)  Y_valid_len: \(lengths)")
    let sourceRow = Array(first.source.prefix(numSteps))
    let targetRow = Array(first.target.prefix(numSteps))
    say(
      "  X[0] = \(sourceRow)  valid \(first.sourceValidLen[0]): \(sourceVocab.tokens(at: sourceRow).joined(separator: " "))"
    )
    say(
      "  Y[0] = \(targetRow)  valid \(first.targetValidLen[0]): \(targetVocab.tokens(at: targetRow).joined(separator: " "))"
    )

    say("\nTokens per sentence (before <eos> and padding):")
    say("  tokens  source  target  source " + pad("(#)", 21) + "target (=)")
    let histogram = dataset.lengthHistogram()
    let largest = histogram.values.map { max($0.source, $0.target) }.max() ?? 1
    func bar(_ count: Int, _ mark: String) -> String {
      String(repeating: mark, count: (count * 20 + largest - 1) / largest)
    }
    for length in histogram.keys.sorted() {
      let (source, target) = histogram[length]!
      let counts = pad("  " + String(length), 10) + pad(String(source), 8) + pad(String(target), 8)
      say(counts + pad(bar(source, "#"), 29) + bar(target, "="))
    }
  }
}
