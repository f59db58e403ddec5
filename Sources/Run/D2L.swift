import Checkpoint
import EncoderDecoder
import TeacherForcing
import TranslationData

/// D2L's run, the recipe the tour, the figures and the benchmarks start from: the shipped pairs
/// of `RunConfiguration.d2l` (lines 0 through 600, cut or padded to 10 tokens, vocabularies of
/// tokens seen twice) and D2L's model, a 2-layer GRU of 32 units with embeddings of 32 and
/// dropout 0.1.
public enum D2L {
  /// D2L's 601 pairs, as the model sees them.
  public static func dataset() throws -> TranslationDataset {
    let d2l = RunConfiguration.d2l
    let corpus = try Corpus.load(numExamples: d2l.numExamples.numExamples)
    return TranslationDataset(
      corpus: corpus, numSteps: d2l.numSteps.resolved(for: corpus), minFreq: d2l.minFreq)
  }

  /// D2L's model for `dataset`'s vocabularies, with fresh weights drawn from `seed`.
  public static func model(for dataset: TranslationDataset, seed: UInt64 = 0) throws
    -> EncoderDecoder
  {
    try EncoderDecoder(
      RunConfiguration.d2l.model(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
        numSteps: dataset.numSteps),
      seed: seed)
  }

  /// A model with the pairs it was trained on and its loss after each epoch: the one in the
  /// checkpoint at `path` when given (it must have been trained on the shipped corpus's first
  /// pairs, whose sentences the tour and the figures show), else D2L's configuration trained now
  /// for `epochs` epochs, its progress lines going to `say`.
  /// - Throws: `CheckpointError`, `InputError` for a checkpoint trained on other pairs,
  ///   `TrainingError`.
  public static func loadOrTrain(
    _ path: String?, epochs: Int, seed: UInt64 = 0, every: Int, eta: Bool, indent: String,
    shouldStop: () -> Bool = { false }, say: (String) -> Void
  ) throws -> (model: EncoderDecoder, dataset: TranslationDataset, losses: [Float]) {
    if let path {
      let checkpoint = try Checkpoint.read(from: path)
      let corpus = try Corpus.load(pairs: checkpoint.header.trainingPairs)
      let dataset = TranslationDataset(
        corpus: corpus, numSteps: checkpoint.header.configuration.numSteps)
      guard dataset.sourceVocab.idxToToken == checkpoint.header.sourceTokens,
        dataset.targetVocab.idxToToken == checkpoint.header.targetTokens
      else {
        throw InputError(
          description:
            "\(path): trained on other data than the shipped corpus's first "
            + "\(checkpoint.header.trainingPairs) pairs; the tour and the figures need a model of those"
        )
      }
      return (try checkpoint.makeModel(), dataset, checkpoint.header.lossHistory)
    }
    let dataset = try dataset()
    let model = try model(for: dataset, seed: seed)
    var options = RunConfiguration.d2l.trainingOptions
    (options.epochs, options.seed) = (epochs, seed)
    let reports = try trainEpochs(
      Trainer(model: model, dataset: dataset, options: options), every: every, eta: eta,
      indent: indent, shouldStop: shouldStop, say: say)
    return (model, dataset, reports.map(\.loss))
  }
}
