import BLEU
import Checkpoint
import Formatting
import Foundation
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

/// A training run of `seq2seq train`: the epochs, each followed (with validation pairs) by the
/// validation loss and BLEU, the file to resume from and, when the BLEU is the best so far, the
/// best model; early stopping after `patience` epochs without a better BLEU; what Ctrl-C leaves.
///
/// The best model is chosen by validation BLEU, the number a translator is judged by; the loss
/// is printed beside it (they usually agree on the best epoch, the BLEU is what we report).
struct EpochLoop {
  let trainer: Trainer
  let validation: TranslationDataset?
  let bleuPairs: Int
  let seed: UInt64
  let patience: Int?
  let files: RunFiles
  /// The run's record after `history`, for the weights of `epoch`, with the trainer's state
  /// when the file is one to resume from.
  let record: (_ history: [EpochReport], _ epoch: Int, _ trainer: TrainerState?) -> TrainingRun
  /// A checkpoint of the model's current weights with `run` (and Adam's moments when the run has
  /// a trainer state).
  let checkpoint: (_ run: TrainingRun, _ moments: [[Float]]) -> Checkpoint
  /// Every epoch's numbers, those of the run resumed included.
  var history: [EpochReport] = []

  /// Trains until the epochs are done, patience runs out or Ctrl-C, saving as it goes.
  mutating func train(every: Int) throws {
    let epochs = trainer.options.epochs
    guard trainer.epochsDone < epochs else {
      throw InputError(
        description:
          "nothing to train: the run has done \(trainer.epochsDone) epochs; give --epochs above that"
      )
    }
    let sample = validation.map { Self.validationSample(of: $0, size: bleuPairs, seed: seed) }
    var best = history.filter { $0.validationBLEU != nil }.max {
      $0.validationBLEU! < $1.validationBLEU!
    }
    var bestWeights: [[Float]]?
    var history = self.history
    do {
      _ = try trainWithProgress(trainer, every: every, eta: true) { report in
        var report = report
        guard let validation, let sample else {
          history.append(report)
          return (report, false)
        }
        report.validationLoss = trainer.evaluationLoss(on: validation)
        report.validationBLEU = try score(sample)
        history.append(report)
        try save(history, to: files.last, trainerState: true)
        if report.validationBLEU! > best?.validationBLEU ?? -1 {
          best = report
          bestWeights = trainer.model.parameters.map(\.scalars)
          try save(history, to: files.out, trainerState: false)
        }
        let stale = report.epoch - best!.epoch
        if let patience, stale >= patience {
          print(
            "No better validation BLEU for \(stale) epochs: stopping after epoch \(report.epoch) "
              + "(patience \(patience)).")
          return (report, true)
        }
        return (report, false)
      }
    } catch TrainingError.interrupted(let epoch) {
      // With validation pairs the state was saved after the epoch; without, `out` is left as it
      // was and the state goes beside it.
      guard validation != nil || epoch > self.history.count else {
        throw InputError(
          description: "training interrupted before an epoch ended; nothing was saved")
      }
      if validation == nil { try save(history, to: files.last, trainerState: true) }
      throw InputError(
        description:
          "training interrupted after epoch \(epoch); continue with the same command and "
          + "--resume \(files.last)")
    }
    guard validation != nil, let best else {
      try save(history, to: files.out, trainerState: true)
      print("Saved \(files.out). Next: seq2seq evaluate --model \(files.out)")
      return
    }
    // The best model again, now with the whole run's history (for the learning curve).
    let last = trainer.model.parameters.map(\.scalars)
    let weights = try bestWeights ?? Checkpoint.read(from: files.out).weights
    for (parameter, values) in zip(trainer.model.parameters, weights) { parameter.assign(values) }
    try Destination.save(checkpoint(record(history, best.epoch, nil), []), to: files.out)
    for (parameter, values) in zip(trainer.model.parameters, last) { parameter.assign(values) }
    print(
      "Best validation BLEU \(fixed(best.validationBLEU!, 1)) after epoch \(best.epoch): saved "
        + "\(files.out); the last epoch's state, to --resume from, is \(files.last).")
    print("Next: seq2seq evaluate --model \(files.out) --split test")
  }

  /// Writes the model's current weights with the run so far to `path`, atomically; with the
  /// trainer's state and Adam's moments when `trainerState`.
  private func save(_ history: [EpochReport], to path: String, trainerState: Bool) throws {
    let epoch = history.last?.epoch ?? 0
    let run = record(history, epoch, trainerState ? trainer.state : nil)
    let moments = trainerState ? trainer.optimizer.state.moments : []
    try Destination.save(checkpoint(run, moments), to: path)
  }

  /// The validation pairs scored every epoch: at most `size` of them, drawn once with `seed`.
  static func validationSample(of validation: TranslationDataset, size: Int, seed: UInt64) -> (
    sources: [String], references: [String]
  ) {
    var rows = Array(0..<validation.corpus.count)
    var generator = SeededGenerator(seed: seed &+ 0x5EED)
    rows.seededShuffle(using: &generator)
    rows = Array(rows.prefix(size)).sorted()
    return (
      rows.map { validation.corpus.source[$0].joined(separator: " ") },
      rows.map { validation.corpus.target[$0].joined(separator: " ") }
    )
  }

  /// Corpus BLEU of greedy translations of the sample.
  private func score(_ sample: (sources: [String], references: [String])) throws -> Double {
    try Self.score(
      sample,
      with: Translator(
        model: trainer.model, sourceVocab: trainer.dataset.sourceVocab,
        targetVocab: trainer.dataset.targetVocab))
  }

  /// Corpus BLEU of `translator`'s greedy translations of `sample`.
  static func score(
    _ sample: (sources: [String], references: [String]), with translator: Translator
  )
    throws -> Double
  {
    let translations = try translateAll(sample.sources, with: translator)
    return CorpusBLEU().score(
      hypotheses: translations.map(\.text), references: [sample.references]
    ).score
  }
}
