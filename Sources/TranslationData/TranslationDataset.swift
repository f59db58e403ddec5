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

  /// Builds vocabularies of tokens seen at least `minFreq` times and the padded arrays.
  public init(corpus: Corpus, numSteps: Int, minFreq: Int = 2) {
    self.corpus = corpus
    sourceVocab = Vocabulary(sentences: corpus.source, minFreq: minFreq)
    targetVocab = Vocabulary(sentences: corpus.target, minFreq: minFreq)
    source = TokenArray(sentences: corpus.source, vocab: sourceVocab, numSteps: numSteps)
    target = TokenArray(sentences: corpus.target, vocab: targetVocab, numSteps: numSteps)
  }

  /// One epoch of minibatches of `batchSize` pairs, in an order shuffled by `generator` (or in
  /// corpus order when `shuffle` is false). The last batch holds what is left over.
  public func batches(
    batchSize: Int, shuffle: Bool = true, using generator: inout some RandomNumberGenerator
  ) -> [Batch] {
    precondition(batchSize > 0, "batches: batchSize must be positive")
    var order = Array(0..<source.rowCount)
    if shuffle {
      // Fisher-Yates with our own index draw, so one seed gives one order on every platform.
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
      }
    }
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
