import EncoderDecoder
import TranslationData

/// D2L's run, the one recipe the tour, the figures and the benchmarks start from: the first 601
/// shipped pairs cut or padded to 10 tokens (vocabularies of tokens seen twice), and D2L's model,
/// a 2-layer GRU of 32 units with embeddings of 32 and dropout 0.1 (`Seq2SeqConfiguration`'s
/// defaults).
enum D2LRun {
  /// D2L's 601 pairs, as the model sees them.
  static func dataset() throws -> TranslationDataset {
    TranslationDataset(corpus: try Corpus.load(numExamples: 600), numSteps: 10)
  }

  /// D2L's model for `dataset`'s vocabularies, with fresh weights drawn from `seed`.
  static func model(for dataset: TranslationDataset, seed: UInt64 = 0) throws -> EncoderDecoder {
    try EncoderDecoder(
      Seq2SeqConfiguration(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count),
      seed: seed)
  }
}
