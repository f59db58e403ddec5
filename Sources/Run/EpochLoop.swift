import BLEU
import Checkpoint
import Files
import Formatting
import Foundation
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

/// What happens in one epoch, for every front end (`seq2seq train`, the tour, the figures):
/// `Trainer.train`'s loop runs `Trainer.trainEpoch` (one shuffled pass of masked-loss steps with
/// teacher forcing, clipping and Adam), then `afterEpoch` (a run with validation pairs measures
/// and saves there), then a progress line every `every` epochs and after the last, `epoch 50/300
/// loss 0.071 49033 tokens/s`, with the time left when `eta`. Then the summary D2L prints,
/// `loss 0.019, 133211.2 tokens/sec on cpu (5.7 s)`. Each line goes to `say` as soon as it is known (the commands
/// print and flush it, so a log file follows along), starting with `indent`.
/// - Parameters:
///   - shouldStop: asked before every epoch (Ctrl-C, in the commands).
///   - afterEpoch: may add validation numbers to the report (they are then printed) and ask to
///     stop early.
/// - Throws: `TrainingError.interrupted` when `shouldStop` says so, `TrainingError.nonFinite`,
///   and whatever `afterEpoch` throws.
@discardableResult
public func trainEpochs(
  _ trainer: Trainer, every: Int, eta: Bool, indent: String = "",
  shouldStop: () -> Bool = { false }, say: (String) -> Void,
  afterEpoch: (EpochReport) throws -> (report: EpochReport, stop: Bool) = { ($0, false) }
) throws -> [EpochReport] {
  let epochs = trainer.options.epochs
  let (start, startEpoch) = (Date(), trainer.epochsDone)
  var reports: [EpochReport] = []
  try trainer.train(shouldStop: shouldStop) { trained in
    let (report, stop) = try afterEpoch(trained)
    reports.append(report)
    if report.epoch % every == 0 || report.epoch == epochs || stop {
      let elapsed = Date().timeIntervalSince(start)
      let remaining =
        elapsed / Double(report.epoch - startEpoch) * Double(epochs - report.epoch)
      var line = "\(indent)epoch \(pad("\(report.epoch)/\(epochs)", eta ? 9 : 8)) loss "
      line += fixed(Double(report.loss), 3)
      if let loss = report.validationLoss { line += "  val loss \(fixed(Double(loss), 3))" }
      if let bleu = report.validationBLEU { line += "  val BLEU \(fixed(bleu, 1))" }
      line += "  \(fixed(report.tokensPerSecond, 0)) tokens/s"
      if eta {
        line +=
          "  ETA "
          + (remaining < 120 ? "\(fixed(remaining, 1)) s" : "\(fixed(remaining / 60, 1)) min")
      }
      say(line)
    }
    return stop
  }
  let seconds = Date().timeIntervalSince(start)
  let tokens = reports.reduce(0) { $0 + $1.tokens }
  say(
    "\(indent)loss \(fixed(Double(reports[reports.count - 1].loss), 3)), "
      + "\(fixed(Double(tokens) / seconds, 1)) tokens/sec on cpu (\(fixed(seconds, 1)) s)")
  return reports
}

extension TrainingSession {
  /// The weights of the best model of the epochs resumed, `epoch`'s. When that is the epoch the
  /// file resumed from holds (a kill between saving the state and the best model leaves
  /// `files.out` a model behind, or absent), they are the weights just restored, and `files.out`
  /// is written again as the run would have written it; else `files.out` must hold `epoch`.
  /// - Throws: `InputError` naming the file when it is gone or holds another epoch.
  mutating func resumedBest(epoch: Int) throws -> [[Float]] {
    if epoch == trainer.epochsDone {
      let saved = try? Checkpoint.read(from: files.out)
      if saved?.header.run.map({ $0.epoch == epoch && $0.history == history }) != true {
        try save(to: files.out, epoch: epoch, trainerState: false)
      }
      return model.weights
    }
    guard FileManager.default.fileExists(atPath: files.out) else {
      throw InputError(
        description:
          "cannot resume: the run's best model so far (epoch \(epoch)), \(files.out), is gone; "
          + "put it back, or train again without --resume")
    }
    let saved = try Checkpoint.read(from: files.out)
    guard saved.header.run?.epoch == epoch else {
      throw InputError(
        description:
          "cannot resume: \(files.out) is not this run's best model (epoch \(epoch)); put that "
          + "one back, or train again without --resume")
    }
    return saved.weights
  }

  /// Trains until the epochs are done, patience runs out or `shouldStop`, saving as it goes.
  ///
  /// With validation pairs every epoch is followed by the validation loss (dropout off) and
  /// BLEU, the file to resume from (`files.last`) and, when the BLEU is the best so far, the
  /// best model (`files.out`). The best model is chosen by validation BLEU, the number a
  /// translator is judged by; the loss is printed beside it (they usually agree on the best
  /// epoch). Early stopping after `patience` epochs without a better BLEU. Without validation
  /// pairs `files.out` is the last model, with its state.
  /// - Throws: `InputError` when there is nothing to train or the run was interrupted (naming
  ///   what was saved), `FileError` when a checkpoint could be saved only elsewhere
  ///   (naming where), `TrainingError.nonFinite`.
  public mutating func train(
    every: Int, shouldStop: () -> Bool = { false }, say: (String) -> Void
  ) throws {
    let epochs = trainer.options.epochs
    var best = history.filter { $0.validationBLEU != nil }.max {
      $0.validationBLEU! < $1.validationBLEU!
    }
    // A run with validation pairs that has done its epochs (or run out of patience) but was
    // stopped before its last save has only that save left to do.
    let stale = best.map { trainer.epochsDone - $0.epoch } ?? 0
    let ended =
      validation != nil && best != nil
      && (trainer.epochsDone == epochs || configuration.patience.map { stale >= $0 } == true)
    guard trainer.epochsDone < epochs || ended else {
      throw InputError(
        description:
          "nothing to train: the run has done \(trainer.epochsDone) epochs; give --epochs above that"
      )
    }
    if trainer.epochsDone > 0 { say("Resuming after epoch \(trainer.epochsDone) of \(resumed!)") }
    let sample = validation.map {
      Self.validationSample(of: $0, size: configuration.bleuPairs, seed: configuration.seed)
    }
    // The best model of the epochs resumed is read now: if it has gone, the run stops before
    // training instead of after it.
    var bestWeights = try best.map { try resumedBest(epoch: $0.epoch) }
    let resumedEpochs = history.count
    if ended { say("Its epochs were done; only the last save was left.") }
    do {
      if !ended {
        _ = try trainEpochs(trainer, every: every, eta: true, shouldStop: shouldStop, say: say) {
          report in
          var report = report
          guard let validation, let sample else {
            history.append(report)
            return (report, false)
          }
          report.validationLoss = trainer.evaluationLoss(on: validation)
          report.validationBLEU = try Self.score(sample, with: translator)
          history.append(report)
          Tensor.releasePooledBuffers()  // room for the checkpoints' copies of the weights
          try save(to: files.last, epoch: report.epoch, trainerState: true)
          if report.validationBLEU! > best?.validationBLEU ?? -1 {
            best = report
            bestWeights = model.weights
            try save(to: files.out, epoch: report.epoch, trainerState: false)
          }
          let stale = report.epoch - best!.epoch
          if let patience = configuration.patience, stale >= patience {
            say(
              "No better validation BLEU for \(stale) epochs: stopping after epoch \(report.epoch) "
                + "(patience \(patience)).")
            return (report, true)
          }
          return (report, false)
        }
      }
    } catch TrainingError.interrupted(let epoch) {
      // With validation pairs the state was saved after the epoch; without, `out` is left as it
      // was and the state goes beside it.
      guard validation != nil || epoch > resumedEpochs else {
        throw InputError(
          description: "training interrupted before an epoch ended; nothing was saved")
      }
      if validation == nil {
        try save(to: files.last, epoch: history.last?.epoch ?? 0, trainerState: true)
      }
      throw InputError(
        description:
          "training interrupted after epoch \(epoch); continue with the same command and "
          + "--resume \(files.last)")
    }
    guard validation != nil, let best else {
      try save(to: files.out, epoch: history.last?.epoch ?? 0, trainerState: true)
      say("Saved \(files.out). Next: seq2seq evaluate --model \(files.out)")
      return
    }
    // The best model again, now with the whole run's history (for the learning curve).
    let last = model.weights
    model.load(weights: bestWeights!)
    try save(to: files.out, epoch: best.epoch, trainerState: false)
    model.load(weights: last)
    say(
      "Best validation BLEU \(fixed(best.validationBLEU!, 1)) after epoch \(best.epoch): saved "
        + "\(files.out); the last epoch's state, to --resume from, is \(files.last).")
    say("Next: seq2seq evaluate --model \(files.out) --split test")
  }

  /// A translator of the model being trained.
  var translator: Translator {
    Translator(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
  }

  /// Writes the model's current weights with the run so far to `path` (`RunFiles.save`).
  private func save(to path: String, epoch: Int, trainerState: Bool) throws {
    try RunFiles.save(checkpoint(history, epoch: epoch, trainerState: trainerState), to: path)
  }

  /// The validation sentences scored every epoch: at most `size` distinct English sentences,
  /// drawn once with `seed`, each with all its references (`ReferenceSets`), in corpus order.
  public static func validationSample(of validation: TranslationDataset, size: Int, seed: UInt64)
    -> (sources: [String], references: [[String]])
  {
    let sets = ReferenceSets(validation.corpus)
    var sentences = Array(sets.sources.indices)
    var generator = SeededGenerator(seed: seed &+ 0x5EED)
    sentences.seededShuffle(using: &generator)
    sentences = Array(sentences.prefix(size)).sorted()
    return (sentences.map { sets.sources[$0] }, sentences.map { sets.references[$0] })
  }

  /// Corpus BLEU of `translator`'s greedy translations of `sample`, each against all its
  /// references.
  public static func score(
    _ sample: (sources: [String], references: [[String]]), with translator: Translator
  ) throws -> Double {
    let translations = try translateAll(sample.sources, with: translator)
    return CorpusBLEU().score(
      hypotheses: translations.map(\.text), referenceSets: sample.references
    ).score
  }
}

extension RunFiles {
  /// Writes `checkpoint` to `path`. When that fails after long work (the disk full, the folder
  /// removed meanwhile), writes it into the first of `fallbackFolders` that takes it and throws
  /// an error naming where it went, so that nothing trained is lost.
  /// - Throws: `FileError`: `cannot write P: no space left on the device; the
  ///   trained model was saved to ./seq2seq-rescued-4242.ckpt`.
  public static func save(
    _ checkpoint: Checkpoint, to path: String,
    fallbackFolders: [String] = [
      FileManager.default.currentDirectoryPath, FileManager.default.temporaryDirectory.path,
    ]
  ) throws {
    do {
      try checkpoint.write(to: path)
    } catch let failure as CheckpointError {
      let reason: String
      if case .unwritable(_, let why) = failure { reason = why } else { reason = "\(failure)" }
      let name = "seq2seq-rescued-\(ProcessInfo.processInfo.processIdentifier).ckpt"
      for folder in fallbackFolders {
        let rescue = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        guard (try? checkpoint.write(to: rescue)) != nil else { continue }
        throw FileError(
          path: path, reason: "\(reason); the trained model was saved to \(rescue)")
      }
      throw FileError(path: path, reason: "\(reason), nor anywhere else")
    }
  }
}
