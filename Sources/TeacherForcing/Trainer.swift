import EncoderDecoder
import Foundation
import Layers
import MaskedLoss
import TensorCore
import TranslationData

/// D2L's `train_seq2seq`: Adam on the masked loss, gradients clipped, the batches reshuffled
/// every epoch, the decoder fed as `TrainingOptions.feed` says (teacher forcing by default).
public final class Trainer {
  /// The model being trained.
  public let model: EncoderDecoder
  /// The sentence pairs and vocabularies.
  public let dataset: TranslationDataset
  /// The settings.
  public let options: TrainingOptions
  /// The optimizer, over all of the model's parameters.
  public let optimizer: Adam
  private var generator: SeededGenerator
  /// The epochs finished so far (also those of the run this one resumed).
  public private(set) var epochsDone = 0
  /// The model and its copies, one per worker.
  private let workers: DataParallel
  /// The learning rate of the epoch under way, before any warm-up.
  private var epochRate: Float
  /// Substitutes for the library's pieces of training (4.2, 4.3, 5.1, 5.3); none by default.
  public var pieces = TrainingPieces()

  /// Prepares to train `model` on `dataset`; `options` must have no `problem` (a programming
  /// error: `RunConfiguration.problem` checks a run's settings before they get here).
  public init(
    model: EncoderDecoder, dataset: TranslationDataset, options: TrainingOptions = .init()
  ) {
    if let problem = options.problem { preconditionFailure("Trainer: \(problem)") }
    self.model = model
    self.dataset = dataset
    self.options = options
    optimizer = Adam(parameters: model.parameters, learningRate: options.learningRate)
    epochRate = options.learningRate
    generator = SeededGenerator(seed: options.seed)
    workers = DataParallel(model: model, workers: options.workers, seed: options.seed)
  }

  /// D2L's loop over epochs, the one every front end runs (`trainEpochs` in Run prints it and
  /// validates in `afterEpoch`): until `options.epochs` epochs are done (fewer when resumed),
  /// each followed by `afterEpoch`.
  /// - Parameters:
  ///   - shouldStop: asked before every epoch, e.g. whether Ctrl-C was pressed.
  ///   - afterEpoch: called with each epoch's report as soon as the epoch ends; `true` stops the
  ///     run there (early stopping).
  /// - Throws: `TrainingError.nonFinite` as soon as the loss or a gradient is NaN or infinite
  ///   (the weights are then those of the last good step); `TrainingError.interrupted` when
  ///   `shouldStop` says so; whatever `afterEpoch` throws.
  @discardableResult
  public func train(
    shouldStop: () -> Bool = { false }, afterEpoch: (EpochReport) throws -> Bool = { _ in false }
  ) throws -> [EpochReport] {
    var reports: [EpochReport] = []
    while epochsDone < options.epochs {
      if shouldStop() { throw TrainingError.interrupted(afterEpoch: epochsDone) }
      let report = try trainEpoch()
      reports.append(report)
      if try afterEpoch(report) { break }
    }
    return reports
  }

  /// One pass over the training pairs in a freshly shuffled order.
  public func trainEpoch() throws -> EpochReport {
    epochRate =
      options.learningRate
      * (0..<epochsDone).reduce(1) { rate, _ in rate * options.learningRateDecay }
    epochsDone += 1
    let start = Date()
    var (losses, tokens) = ([Float](), [Int]())
    let batches = dataset.batches(batchSize: options.batchSize, using: &generator)
    for (index, batch) in batches.enumerated() {
      losses.append(try step(batch, index: index))
      tokens.append(batch.targetValidLen.reduce(0, +))
    }
    let loss =
      pieces.lossPerToken?(losses, tokens)
      ?? lossPerToken(sentenceLosses: losses, validLen: tokens)
    return EpochReport(
      epoch: epochsDone, loss: loss, tokens: tokens.reduce(0, +),
      seconds: Date().timeIntervalSince(start))
  }

  /// One optimizer step on `batch`, the `index`-th of the epoch: the masked loss and its
  /// gradients (computed by the workers), clipping, then Adam. Returns the batch's summed loss.
  /// - Throws: `TrainingError.nonFinite` if the loss or the gradient norm is NaN or infinite;
  ///   the weights are then left as they were.
  @discardableResult
  public func step(_ batch: Batch, index: Int = 0) throws -> Float {
    optimizer.zeroGrad()
    // The epoch's rate, or a share of it while warming up: (step + 1) / warmupSteps.
    let warmup = Float(min(optimizer.stepCount + 1, max(options.warmupSteps, 1)))
    optimizer.learningRate = epochRate * warmup / Float(max(options.warmupSteps, 1))
    if let loss = pieces.trainStep?(batch, dataset.targetVocab.bos, model, optimizer) {
      guard loss.isFinite else {
        throw TrainingError.nonFinite(what: "loss", epoch: epochsDone, batch: index + 1)
      }
      return loss
    }
    // Scheduled sampling draws from the trainer's generator, so its shares run in turn.
    let loss = try workers.backward(batch, concurrently: options.feed == .teacherForcing) {
      try batchLoss($0, model: $1)
    }
    guard loss.isFinite else {
      throw TrainingError.nonFinite(what: "loss", epoch: epochsDone, batch: index + 1)
    }
    let norm = clipGradients(
      optimizer.parameters, maxNorm: options.maxGradientNorm, threads: options.workers)
    guard norm.isFinite else {
      throw TrainingError.nonFinite(what: "gradient norm", epoch: epochsDone, batch: index + 1)
    }
    optimizer.step(threads: options.workers)
    workers.copyWeights()
    return loss
  }

  /// D2L's loss on `dataset` (summed sentence losses over valid target tokens, as training
  /// prints it) with dropout off and no gradients: the validation loss. The decoder reads the gold
  /// tokens (teacher forcing), whatever `options.feed` says, so the number is comparable between
  /// runs. Each batch is split between the workers as in training (`DataParallel.evaluate`).
  public func evaluationLoss(on dataset: TranslationDataset) -> Float {
    var (lossSum, tokens): (Float, Int) = (0, 0)
    workers.copyWeights()  // the trained model's weights, whatever was done to it since a step
    for start in stride(from: 0, to: dataset.source.rowCount, by: options.batchSize) {
      let batch = dataset.batch(
        rows: Array(start..<min(start + options.batchSize, dataset.source.rowCount)))
      // Cannot throw: the configuration has already built the model.
      lossSum += try! workers.evaluate(batch) { share, model in
        maskedSoftmaxCrossEntropy(
          features: try teacherForcedFeatures(share, model: model),
          project: model.outputLayer.callAsFunction,
          labels: share.target, validLen: share.targetValidLen, reduction: options.reduction)
      }
      tokens += batch.targetValidLen.reduce(0, +)
    }
    return lossSum / Float(max(tokens, 1))
  }

  /// The teacher-forced features of `batch` through `model` (the trained one or a worker's).
  private func teacherForcedFeatures(_ batch: Batch, model: EncoderDecoder) throws -> Tensor {
    try TeacherForcing.teacherForcedFeatures(batch, model: model, bos: dataset.targetVocab.bos)
  }

  /// Everything but the weights that the next epoch depends on: the epochs done, the batch-order
  /// generator, Adam's step count and every worker's dropout generators. With the weights and
  /// `optimizer.state`'s moments it resumes a run exactly where it stopped.
  public var state: TrainerState {
    TrainerState(
      epochsDone: epochsDone, generator: generator.state, adamSteps: optimizer.stepCount,
      dropout: workers.models.map(\.dropoutStates))
  }

  /// Continues from a saved `state` and Adam's `moments` (the weights already restored).
  /// - Throws: `TrainingError.cannotResume` if they do not fit this model and worker count.
  public func resume(from state: TrainerState, moments: [[Float]]) throws {
    guard state.dropout.count == workers.models.count else {
      throw TrainingError.cannotResume(
        "it was trained with \(state.dropout.count) workers, not \(workers.models.count)")
    }
    // One Adam step a batch: a count another run (or an edit) gave would change every step.
    let batches = (dataset.source.rowCount + options.batchSize - 1) / options.batchSize
    let (steps, overflow) = state.epochsDone.multipliedReportingOverflow(by: batches)
    guard !overflow, state.adamSteps == steps else {
      throw TrainingError.cannotResume(
        "its Adam step count \(state.adamSteps) is not the \(state.epochsDone) epochs of "
          + "\(batches) batches it records")
    }
    let layers = model.dropoutStates.count
    for (worker, states) in state.dropout.enumerated() {
      guard states.count == layers, states.allSatisfy({ SeededGenerator(state: $0) != nil }) else {
        throw TrainingError.cannotResume(
          "worker \(worker + 1)'s dropout generators are not \(layers) generator states "
            + "(four words, not all 0)")
      }
    }
    guard let restored = SeededGenerator(state: state.generator),
      optimizer.restore(stepCount: state.adamSteps, moments: moments)
    else { throw TrainingError.cannotResume("its optimizer state does not fit the model") }
    generator = restored
    epochsDone = state.epochsDone
    for (model, dropout) in zip(workers.models, state.dropout) { model.dropoutStates = dropout }
    workers.copyWeights()
  }

  /// The masked loss of each sentence of `batch`, (batchSize,).
  public func batchLoss(_ batch: Batch) throws -> Tensor {
    try batchLoss(batch, model: model)
  }

  /// The masked loss of each sentence of `batch` computed by `model` (the trained one or a
  /// worker's copy).
  func batchLoss(_ batch: Batch, model: EncoderDecoder) throws -> Tensor {
    let substituted = pieces.teacherForcingInput != nil || pieces.maskedLoss != nil
    if options.masksPadding && options.feed == .teacherForcing && !substituted {
      // The output layer only where the mask keeps the loss: the same numbers, less work.
      return maskedSoftmaxCrossEntropy(
        features: try teacherForcedFeatures(batch, model: model),
        project: model.outputLayer.callAsFunction, labels: batch.target,
        validLen: batch.targetValidLen, reduction: options.reduction,
        labelSmoothing: options.labelSmoothing)
    }
    let logits = try decoderLogits(batch, model: model)
    // Without the mask (D2L's exercise 2) every position counts, padding included.
    let validLen =
      options.masksPadding
      ? batch.targetValidLen : Array(repeating: batch.numSteps, count: batch.batchSize)
    return pieces.maskedLoss?(logits, batch.target, validLen)
      ?? maskedSoftmaxCrossEntropy(
        logits: logits, labels: batch.target, validLen: validLen, reduction: options.reduction)
  }

  /// The decoder's logits (batchSize, numSteps, vocabSize) for `batch`, fed as the options say.
  func decoderLogits(_ batch: Batch, model: EncoderDecoder) throws -> Tensor {
    let bos = dataset.targetVocab.bos
    if options.feed == .teacherForcing {
      let input =
        pieces.teacherForcingInput?(batch.target, batch.batchSize, batch.numSteps, bos)
        ?? teacherForcingInput(target: batch.target, shape: batch.shape, bos: bos)
      let state = try model.encode(
        batch.source, shape: batch.shape, validLen: batch.sourceValidLen)
      return model.decode(input, shape: batch.shape, state: state).logits
    }
    let state = try model.encode(batch.source, shape: batch.shape, validLen: batch.sourceValidLen)
    // Step by step, choosing each row's next input: the gold token or the model's own guess.
    // Not `greedySearch` (Prediction): the loss needs every step's logits for all numSteps
    // steps, and a row may be fed its gold token; nothing stops at <eos>.
    let goldProbability: Float
    if case .scheduledSampling(let probability) = options.feed {
      goldProbability = probability
    } else {
      goldProbability = 0
    }
    let (batchSize, numSteps) = (batch.batchSize, batch.numSteps)
    var input = [Int](repeating: bos, count: batchSize)
    var decoderState = state
    var stepLogits: [Tensor] = []
    for t in 0..<numSteps {
      let (logits, next) = model.decode(input, shape: [batchSize, 1], state: decoderState)
      stepLogits.append(logits)
      decoderState = next
      let guesses = argmaxRows(logits.scalars, width: logits.shape[2])
      let draws = (0..<batchSize).map { _ in generator.nextUnitFloat() }
      input = scheduledInput(
        gold: (0..<batchSize).map { batch.target[$0 * numSteps + t] }, predicted: guesses,
        draws: draws, goldProbability: goldProbability)
    }
    return Tensor.concatenate(stepLogits, axis: 1)
  }
}
