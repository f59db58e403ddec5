import Checkpoint
import EncoderDecoder
import Formatting
import TeacherForcing
import TensorCore
import TranslationData

/// A training run set up from a `RunConfiguration`: the pairs read (and split), the vocabularies
/// built from the training pairs, the model, its trainer and, with `resume`, where a saved run
/// stood. `train` (EpochLoop.swift) then runs its epochs.
public struct TrainingSession {
  /// What the run was asked to do.
  public let configuration: RunConfiguration
  /// The pairs read, and their split.
  public let data: RunData
  /// The training pairs as the model sees them, with both vocabularies.
  public let dataset: TranslationDataset
  /// The validation pairs in the training pairs' vocabularies, when the run has some.
  public let validation: TranslationDataset?
  /// The model being trained.
  public let model: EncoderDecoder
  /// Adam, the batches and the workers.
  public let trainer: Trainer
  /// Where the best (or last) model and the state to resume from go.
  public let files: RunFiles
  /// The settings by flag name, as the checkpoints record them.
  public let settings: [String: String]
  /// Every epoch's numbers, those of the run resumed included.
  public var history: [EpochReport] = []
  /// The path of the run resumed, if any.
  public let resumed: String?
  /// What the checkpoints record of the split (computed once: it fingerprints the corpus).
  private let splitRecord: SplitRecord?

  /// Reads the corpus at `dataPath` (the shipped pairs when `nil`), builds the vocabularies and
  /// the model, and restores the run saved in the checkpoint at `resume` when given.
  /// - Throws: `InputError` (settings with a `RunConfiguration.problem`, a split that comes out
  ///   empty, a file to resume from that another run saved), `CorpusError`, `CheckpointError`,
  ///   `InputError` naming the file when its trainer state does not fit (`Trainer.resume`).
  public init(
    _ configuration: RunConfiguration, dataPath: String?, out: String, resume: String? = nil
  ) throws {
    if let problem = configuration.problem { throw InputError(description: problem) }
    let c = configuration
    self.configuration = c
    files = RunFiles(out: out)
    resumed = resume
    let saved = try resume.map { try Checkpoint.read(from: $0) }
    data = try RunData.load(
      path: dataPath, numExamples: c.numExamples.numExamples, split: c.split, seed: c.seed)
    let numSteps = c.numSteps.resolved(for: data.training)
    settings = c.settings(numSteps: numSteps)
    if let saved, let resume { try RunData.check(saved, from: resume, against: settings, data) }
    dataset = TranslationDataset(
      corpus: data.training, numSteps: numSteps, minFreq: c.minFreq, maxVocab: c.maxVocab)
    for (language, vocab) in [("English", dataset.sourceVocab), ("French", dataset.targetVocab)]
    where vocab.count < Seq2SeqConfiguration.Limit.minVocabSize {
      throw InputError(
        description:
          "no \(language) word occurs at least \(c.minFreq) times (--min-freq) in the "
          + "\(data.training.count) training pairs: the model could only say <unk>; lower "
          + "--min-freq or give more pairs")
    }
    validation = data.validation.map { [dataset] in
      TranslationDataset(
        corpus: $0, numSteps: numSteps, sourceVocab: dataset.sourceVocab,
        targetVocab: dataset.targetVocab)
    }
    model = try EncoderDecoder(
      c.model(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
        numSteps: numSteps),
      seed: c.seed)
    trainer = Trainer(model: model, dataset: dataset, options: c.trainingOptions)
    splitRecord = data.record()
    guard let saved, let resume else { return }
    guard saved.header.sourceTokens == dataset.sourceVocab.idxToToken,
      saved.header.targetTokens == dataset.targetVocab.idxToToken
    else {
      throw InputError(
        description:
          "cannot resume from \(resume): it was trained on other pairs (its vocabularies differ)")
    }
    // `RunData.check` has made sure that it holds a trainer state.
    model.load(weights: saved.weights)
    do {
      try trainer.resume(from: saved.header.run!.trainer!, moments: saved.moments)
    } catch TrainingError.cannotResume(let reason) {
      throw InputError(description: "cannot resume from \(resume): \(reason)")
    }
    history = saved.header.run?.history ?? []
  }

  /// What the run trains on, the model, and the kernels that run its matrix products (with what
  /// a slower choice than the CPU's costs, `BLAS.report()`), in lines to print before the first
  /// epoch.
  public var overview: [String] {
    data.describe(dataset: dataset, validation: validation)
      + [configuration.summary(parameterCount: model.parameterCount), BLAS.report()]
  }

  /// A checkpoint of the model's current weights recording the run after `history`, for the
  /// weights of `epoch`; with the trainer's state and Adam's moments when `trainerState`.
  func checkpoint(_ history: [EpochReport], epoch: Int, trainerState: Bool) -> Checkpoint {
    let run = TrainingRun(
      settings: settings, split: splitRecord, history: history, epoch: epoch,
      trainer: trainerState ? trainer.state : nil)
    let loss = history.last.map { fixed(Double($0.loss), 4) } ?? "-"
    return Checkpoint(
      model: model, dataset: dataset,
      note: "\(history.count) epochs, final loss \(loss), seed \(configuration.seed)",
      lossHistory: history.map(\.loss), run: run,
      moments: trainerState ? trainer.optimizer.state.moments : [])
  }
}
