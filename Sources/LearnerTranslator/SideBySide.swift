import BLEU
import ContextVariable
import EncoderDecoder
import Exercises
import Formatting
import Layers
import MaskedLoss
import Prediction
import Run
import TeacherForcing
import TensorCore
import Traces
import TranslationData

/// Your translator beside the library's: D2L's data and configuration, two of the library's own
/// models from one seed (the same initial weights), one with your pieces in it
/// (`EncoderDecoder.pieces`, `Trainer.pieces`, `Translator.pieces`), each trained by the
/// library's `Trainer` (one worker: D2L's loop) on the same batches in the same order. Every
/// `every` epochs one line shows both losses; when yours leaves the library's by more than
/// `tolerance`, `Diagnosis` runs each of your pieces against the library's on the live tensors
/// and names the first that differs. At the end, D2L's four sentences translated by both.
public final class SideBySide {
  /// Whose code runs where.
  public let pieces: Pieces
  /// D2L's 601 pairs.
  public let dataset: TranslationDataset
  /// The library's model and its trainer.
  public let library: EncoderDecoder
  let libraryTrainer: Trainer
  /// Yours: the library's model with your pieces in it, weights equal to the other's at the
  /// start. Whatever runs a library model (figures, `translate`) runs it.
  public let learner: EncoderDecoder
  let learnerTrainer: Trainer
  let options: TrainingOptions
  /// The first batch of the epoch under way.
  var firstBatch: Batch?
  /// How far the two losses may part, as a share of the library's loss (or of 0.05 once it is
  /// below): the fused kernels and the packed loss the library runs round differently from the
  /// composites you write, and Adam carries those last bits along. With the reference solutions
  /// the two stay within 0.002 over D2L's 300 epochs (4% of 0.05); 10% leaves room for another
  /// CPU's kernels and still parts at once on a piece that loses its gradient.
  public let tolerance: Float

  /// Both models of D2L's configuration with c = `pooling` (last, mean, max), or with additive
  /// attention when `attends`, or D2L's Transformer when `transformer` (dropout off in both: your
  /// 10.1 has no dropout on its weights), seeded, and `library` naming exercises whose library
  /// piece runs instead of yours.
  public init(
    epochs: Int = 300, seed: UInt64 = 0, pooling: ContextVariable = .lastState,
    attends: Bool = false, transformer: Bool = false, beamSize: Int = 1,
    library pieces: Set<String> = [], yours: Yours = Yours(), tolerance: Float = 0.1
  ) throws {
    dataset = try D2L.dataset()
    let run: RunConfiguration = transformer ? .d2lTransformer : .d2l
    var configuration = run.model(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: dataset.numSteps)
    if transformer {
      configuration.dropout = 0
    } else {
      configuration.context = pooling
      configuration.attention = attends ? .additive : nil
    }
    self.pieces = Pieces(
      library: pieces, pooling: pooling.shortName, attends: attends, beamSize: beamSize,
      transformer: transformer, yours: yours)
    var options = run.trainingOptions
    (options.epochs, options.seed, options.workers) = (epochs, seed, 1)
    self.options = options
    library = try EncoderDecoder(configuration, seed: seed)
    libraryTrainer = Trainer(model: library, dataset: dataset, options: options)
    (learner, learnerTrainer) = try Self.learners(
      configuration, seed: seed, pieces: self.pieces, dataset: dataset, options: options)
    self.tolerance = tolerance
  }

  /// The library's model of `configuration` from `seed` with your pieces in it, and its trainer
  /// with your pieces of training.
  static func learners(
    _ configuration: Seq2SeqConfiguration, seed: UInt64, pieces: Pieces,
    dataset: TranslationDataset, options: TrainingOptions
  ) throws -> (EncoderDecoder, Trainer) {
    let model = try EncoderDecoder(configuration, seed: seed)
    if configuration.transformer != nil {
      model.transformerPieces = pieces.transformerPieces
    } else {
      model.pieces = pieces.modelPieces(cell: configuration.cell)
    }
    let trainer = Trainer(model: model, dataset: dataset, options: options)
    trainer.pieces = pieces.trainingPieces(maxNorm: options.maxGradientNorm)
    return (model, trainer)
  }

  /// Trains both for the run's epochs, handing `say` a line with both losses every `every`
  /// epochs (and the first and the last). After the first epoch, and again in the first epoch
  /// where the losses part, `Diagnosis` runs your pieces against the library's on that epoch's
  /// first batch and `say` hears the first that differs: a piece that loses its gradient is
  /// named at once, even where the loss shows it only tens of epochs later. A loss or gradient
  /// of yours that is not finite ends the run there, diagnosed. Returns both losses per epoch.
  public func train(every: Int, say: (String) -> Void) throws -> (yours: [Float], library: [Float])
  {
    var (yours, library) = ([Float](), [Float]())
    var (named, parted) = (false, false)
    let epochs = options.epochs
    for epoch in 1...epochs {
      let mine: Float
      let theirs: Float
      let batch: Batch
      do {
        (mine, theirs, batch) = try trainEpoch()
      } catch TrainingError.nonFinite(let what, _, let index) {
        say("  epoch \(epoch): your \(what) is not finite at batch \(index); the run stops here.")
        say(
          "  \(try firstBatch.flatMap { try Diagnosis(self, batch: $0).firstDifference() } ?? "")")
        break
      }
      yours.append(mine)
      library.append(theirs)
      let agree = self.agree(mine, theirs)
      if epoch % every == 0 || epoch == epochs || epoch == 1 || (!agree && !parted) {
        say(
          "  epoch \(pad("\(epoch)/\(epochs)", 9)) yours \(fixed(Double(mine), 3))   "
            + "library's \(fixed(Double(theirs), 3))\(agree ? "" : "   they part")")
      }
      guard epoch == 1 || (!agree && !parted) else { continue }
      parted = parted || !agree
      guard !named || !agree else { continue }
      if let difference = try Diagnosis(self, batch: batch).firstDifference() {
        named = true
        say(
          agree
            ? "\n  After the first epoch, each of your pieces against the library's on its first batch:"
            : "\n  Your loss left the library's in epoch \(epoch) (more than \(fixed(Double(tolerance * 100), 0))% apart). "
              + "Each of your pieces against the library's on that epoch's first batch:")
        say("  \(difference)\n")
      } else if !agree {
        say(
          "\n  Your loss left the library's in epoch \(epoch), but every piece agrees with the "
            + "library's on the live tensors: the difference is in how they are put together.\n")
      }
    }
    return (yours, library)
  }

  /// One epoch of both: (yours, the library's) loss as each trainer reports it, and the first
  /// batch yours trained on.
  public func trainEpoch() throws -> (yours: Float, library: Float, firstBatch: Batch) {
    let library = try libraryTrainer.trainEpoch().loss
    let batch = nextFirstBatch
    firstBatch = batch
    return (try learnerTrainer.trainEpoch().loss, library, batch)
  }

  /// The first batch the learner's trainer draws next: from a copy of its own generator.
  var nextFirstBatch: Batch {
    var order = SeededGenerator(state: learnerTrainer.state.generator)!
    return dataset.batches(batchSize: options.batchSize, using: &order)[0]
  }

  /// Runs every piece once on the shapes the run gives it (the first and the last batch's loss,
  /// a training step of a copy of your model, a translation and its BLEU), so that a piece not
  /// written yet is known before the first epoch, and one that traps does so here, where
  /// `Piece.announce` has just named it. Trains nothing.
  public func probe() throws {
    var order = SeededGenerator(seed: 0)
    let batches = dataset.batches(batchSize: options.batchSize, shuffle: false, using: &order)
    for batch in [batches[0], batches[batches.count - 1]] {
      let losses = try LearningPhase.inference { try learnerTrainer.batchLoss(batch) }
      _ = learnerTrainer.pieces.lossPerToken?(
        [losses.sum().scalar], [batch.targetValidLen.reduce(0, +)])
      let (_, copy) = try Self.learners(
        library.configuration, seed: 0, pieces: pieces, dataset: dataset, options: options)
      try copy.step(batch)
    }
    _ = try bleuYours(try translateYours("go ."), "va !")
  }

  /// The first of your pieces that differs from the library's on the first batch of the last
  /// epoch (or of the first, before any), as `Diagnosis` words it; nil when all agree.
  public func diagnose() throws -> String? {
    try Diagnosis(self, batch: firstBatch ?? nextFirstBatch).firstDifference()
  }

  /// Whether `yours` is within the tolerance of `library`.
  public func agree(_ yours: Float, _ library: Float) -> Bool {
    yours.isFinite && abs(yours - library) <= tolerance * max(abs(library), 0.05)
  }

  /// `sentence` translated by your model with your greedy search (or your 6.3 choosing the
  /// beams of the library's beam search): the tokens until <eos>.
  public func translateYours(_ sentence: String) throws -> String {
    try translate(sentence, model: learner, pieces: pieces.searchPieces)
  }

  /// The library's translation of `sentence`: greedy, or beam search with `pieces.beamSize`.
  public func translateLibrary(_ sentence: String) throws -> String {
    try translate(sentence, model: library, pieces: SearchPieces())
  }

  /// `sentence` translated by `model` with the searches `pieces` say.
  func translate(_ sentence: String, model: EncoderDecoder, pieces search: SearchPieces) throws
    -> String
  {
    var translator = Translator(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
    translator.pieces = search
    return try pieces.beamSize > 1
      ? translator.beamSearch(sentence, beamSize: pieces.beamSize).text
      : translator.greedy(sentence).text
  }

  /// D2L's BLEU (k = 2) of `prediction` against `label`: your 7.3 or the library's.
  public func bleuYours(_ prediction: String, _ label: String) throws -> Double {
    pieces.bleu.run(on: "\"\(prediction)\" against \"\(label)\"") {
      try pieces.yours.bleu(prediction, label, 2)
    } ?? d2lBLEU(prediction: prediction, label: label, k: 2)
  }
}
