/// Everything the model trains on: the corpus, one vocabulary per language, and both sides as
/// padded index arrays; D2L's `load_data_nmt`.
public struct TranslationDataset: Sendable {
  /// The tokenised sentence pairs.
  public let corpus: Corpus
  /// The English vocabulary.
  public let sourceVocab: Vocabulary
  /// The French vocabulary.
  public let targetVocab: Vocabulary
  /// The English sentences as (pairCount, numSteps) indices.
  public let source: TokenArray
  /// The French sentences as (pairCount, numSteps) indices.
  public let target: TokenArray

  /// The length every sentence is cut or padded to.
  public var numSteps: Int { source.numSteps }

  /// Builds vocabularies of tokens seen at least `minFreq` times (at most `maxVocab` tokens
  /// each, when given) and the padded arrays.
  public init(corpus: Corpus, numSteps: Int, minFreq: Int = 2, maxVocab: Int? = nil) {
    self.init(
      corpus: corpus, numSteps: numSteps,
      sourceVocab: Vocabulary(sentences: corpus.source, minFreq: minFreq, maxTokens: maxVocab),
      targetVocab: Vocabulary(sentences: corpus.target, minFreq: minFreq, maxTokens: maxVocab))
  }

  /// The pairs of `corpus` numbered with vocabularies made elsewhere: a validation or test split
  /// read with the training split's vocabularies, its unseen words as `<unk>`.
  public init(corpus: Corpus, numSteps: Int, sourceVocab: Vocabulary, targetVocab: Vocabulary) {
    self.corpus = corpus
    self.sourceVocab = sourceVocab
    self.targetVocab = targetVocab
    source = TokenArray(sentences: corpus.source, vocab: sourceVocab, numSteps: numSteps)
    target = TokenArray(sentences: corpus.target, vocab: targetVocab, numSteps: numSteps)
  }

  /// The smallest numSteps that holds `percentile` of the sentences whole, `<eos>` included,
  /// counting both sides: 0.95 leaves 5% of the sentences cut.
  public static func numSteps(holding percentile: Double, of corpus: Corpus) -> Int {
    let lengths = (corpus.source + corpus.target).map { $0.count + 1 }.sorted()
    let index = Int((percentile * Double(lengths.count)).rounded(.up)) - 1
    return lengths[min(max(index, 0), lengths.count - 1)]
  }

  /// The share of pairs with a side longer than numSteps (`<eos>` included), which are cut.
  public var cutShare: Double {
    let cut = zip(corpus.source, corpus.target).count {
      $0.count + 1 > numSteps || $1.count + 1 > numSteps
    }
    return Double(cut) / Double(max(corpus.count, 1))
  }

  /// One epoch of minibatches of `batchSize` pairs, in an order shuffled by `generator` (or in
  /// corpus order when `shuffle` is false). The last batch holds what is left over.
  public func batches(
    batchSize: Int, shuffle: Bool = true, using generator: inout some RandomNumberGenerator
  ) -> [Batch] {
    precondition(batchSize > 0, "batches: batchSize must be positive")
    var order = Array(0..<source.rowCount)
    if shuffle { order.seededShuffle(using: &generator) }
    return stride(from: 0, to: order.count, by: batchSize).map { start in
      batch(rows: order[start..<min(start + batchSize, order.count)])
    }
  }

  /// The pairs `rows` (any of the dataset's, in the order given) as one batch.
  public func batch(rows: some Collection<Int>) -> Batch {
    Batch(
      source: rows.flatMap { source.row($0) }, sourceValidLen: rows.map { source.validLen[$0] },
      target: rows.flatMap { target.row($0) }, targetValidLen: rows.map { target.validLen[$0] },
      numSteps: numSteps)
  }

  /// How many sentences have each length in tokens, for the source and the target side
  /// (D2L's `show_list_len_pair_hist`, as numbers): `[length: (source, target)]`.
  public func lengthHistogram() -> [Int: (source: Int, target: Int)] {
    var histogram: [Int: (source: Int, target: Int)] = [:]
    for sentence in corpus.source { histogram[sentence.count, default: (0, 0)].source += 1 }
    for sentence in corpus.target { histogram[sentence.count, default: (0, 0)].target += 1 }
    return histogram
  }
}
