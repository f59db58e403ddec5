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

  /// D2L's pairs in a few lines, as the tour shows them: how many, three of them, the
  /// vocabularies' sizes.
  public static func describe(_ dataset: TranslationDataset, indent: String) -> [String] {
    let corpus = dataset.corpus
    return
      [
        "\(indent)\(corpus.count) English-French pairs (Tatoeba, CC-BY 2.0 FR, via manythings.org), e.g."
      ]
      + [0, 190, 577].map {
        "\(indent)  \(corpus.source[$0].joined(separator: " ")) => \(corpus.target[$0].joined(separator: " "))"
      }
      + [
        "\(indent)vocabularies: \(dataset.sourceVocab.count) English and \(dataset.targetVocab.count) French tokens (seen at least twice)"
      ]
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

  /// A model with the pairs it was trained on and its loss after each epoch: the one in
  /// `checkpoint` (read from `path`) when given (it must have been trained on the shipped
  /// corpus's first pairs, whose sentences the tour and the figures show), else D2L's
  /// configuration trained now for `epochs` epochs, its progress lines going to `say`. `check`
  /// sees the pairs first, before any training (the figures check `--pair` against them).
  /// - Throws: `InputError` for a checkpoint trained on other pairs, `TrainingError`, what
  ///   `check` throws.
  public static func loadOrTrain(
    _ checkpoint: (checkpoint: Checkpoint, path: String)?, epochs: Int, seed: UInt64 = 0,
    every: Int, eta: Bool, indent: String, shouldStop: () -> Bool = { false },
    check: (TranslationDataset) throws -> Void = { _ in }, say: (String) -> Void
  ) throws -> (model: EncoderDecoder, dataset: TranslationDataset, losses: [Float]) {
    if let (checkpoint, path) = checkpoint {
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
      try check(dataset)
      return (try checkpoint.makeModel(), dataset, checkpoint.header.lossHistory)
    }
    let dataset = try dataset()
    try check(dataset)
    let model = try model(for: dataset, seed: seed)
    var options = RunConfiguration.d2l.trainingOptions
    (options.epochs, options.seed) = (epochs, seed)
    let reports = try trainEpochs(
      Trainer(model: model, dataset: dataset, options: options), every: every, eta: eta,
      indent: indent, shouldStop: shouldStop, say: say)
    return (model, dataset, reports.map(\.loss))
  }

  /// The tour's model with its pairs and losses, for its traces: the checkpoint at `path`, or
  /// D2L's configuration trained now for `epochs` epochs from `seed` and saved to `save`.
  public static func tourModel(
    _ path: String?, save: String, epochs: Int, seed: UInt64, shouldStop: () -> Bool,
    say: (String) -> Void
  ) throws -> TraceRecorder {
    let (trained, dataset, losses) = try loadOrTrain(
      path.map { (try Checkpoint.read(from: $0), $0) }, epochs: epochs, seed: seed,
      every: max(epochs / 6, 1), eta: false, indent: "   ", shouldStop: shouldStop, say: say)
    if path == nil {
      let note = "tour, \(epochs) epochs, seed \(seed)"
      try RunFiles.save(
        Checkpoint(model: trained, dataset: dataset, note: note, lossHistory: losses), to: save)
      say("   saved \(save)")
    }
    return TraceRecorder(model: trained, dataset: dataset, losses: losses)
  }
}
