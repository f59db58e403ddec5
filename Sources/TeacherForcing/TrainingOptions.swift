import MaskedLoss

/// How to train: D2L v0.17's settings by default.
public struct TrainingOptions: Sendable {
  /// Passes over the training pairs.
  public var epochs: Int
  /// Sentence pairs per batch.
  public var batchSize: Int
  /// Adam's step size in the first epoch.
  public var learningRate: Float
  /// The step size is multiplied by this after every epoch: epoch e (from 1) trains with
  /// learningRate * learningRateDecay^(e-1). 1, D2L's choice, keeps it constant.
  public var learningRateDecay: Float
  /// The largest global gradient norm; larger gradients are scaled down to it.
  public var maxGradientNorm: Float
  /// What the decoder reads while training.
  public var feed: DecoderFeed
  /// How each sentence's token losses are averaged.
  public var reduction: LossReduction
  /// Whether padding is masked out of the loss (D2L's exercise 2 turns this off).
  public var masksPadding: Bool
  /// Seeds the batch order and scheduled sampling.
  public var seed: UInt64
  /// How many parts each batch is split into, each computed by its own copy of the model on its
  /// own thread, their gradients summed before the step (`DataParallel`). 1 is D2L's loop. The
  /// numbers depend on this count, not on the machine: 2 gives the same result on 1 core or 8.
  public var workers: Int
  /// Label smoothing eps of the training loss (`crossEntropy(labels:smoothing:)`); 0, D2L's
  /// choice, is the plain loss. The validation loss is always the plain one.
  public var labelSmoothing: Float
  /// Optimizer steps over which the learning rate grows linearly from learningRate / warmupSteps
  /// to learningRate (the Transformer's warm-up); 0, D2L's choice, starts at learningRate.
  public var warmupSteps: Int

  /// Makes options; every choice not given is D2L's.
  public init(
    epochs: Int = 300, batchSize: Int = 64, learningRate: Float = 0.005,
    learningRateDecay: Float = 1, maxGradientNorm: Float = 1, feed: DecoderFeed = .teacherForcing,
    reduction: LossReduction = .meanOverSteps, masksPadding: Bool = true, seed: UInt64 = 0,
    workers: Int = 1, labelSmoothing: Float = 0, warmupSteps: Int = 0
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.learningRateDecay = learningRateDecay
    self.maxGradientNorm = maxGradientNorm
    self.feed = feed
    self.reduction = reduction
    self.masksPadding = masksPadding
    self.seed = seed
    self.workers = workers
    self.labelSmoothing = labelSmoothing
    self.warmupSteps = warmupSteps
  }

  /// What is wrong with these options, in words (`learningRate is 0, must be positive`), or
  /// `nil`: the checks every caller of `Trainer` gets (`Trainer.init` refuses options with a
  /// problem; `RunConfiguration.problem` words them by flag for the command line).
  public var problem: String? {
    let counts: [(String, Int, Int)] = [
      ("epochs", epochs, 1), ("batchSize", batchSize, 1), ("workers", workers, 1),
      ("warmupSteps", warmupSteps, 0),
    ]
    for (name, value, least) in counts where value < least {
      return "\(name) is \(value), must be at least \(least)"
    }
    guard learningRate > 0, learningRate.isFinite else {
      return "learningRate is \(learningRate), must be positive"
    }
    guard learningRateDecay > 0, learningRateDecay <= 1 else {
      return "learningRateDecay is \(learningRateDecay), must be in (0, 1]"
    }
    guard maxGradientNorm > 0 else {
      return "maxGradientNorm is \(maxGradientNorm), must be positive"
    }
    guard (0..<1).contains(labelSmoothing) else {
      return "labelSmoothing is \(labelSmoothing), must be in [0, 1)"
    }
    if case .scheduledSampling(let probability) = feed, !(0...1).contains(probability) {
      return "the gold token's probability is \(probability), must be in [0, 1]"
    }
    return nil
  }
}

/// What one epoch did.
public struct EpochReport: Sendable, Equatable, Codable {
  /// The epoch, from 1.
  public let epoch: Int
  /// D2L's printed loss: the batches' summed sentence losses over the number of valid target
  /// tokens, `metric[0] / metric[1]`.
  public let loss: Float
  /// The valid target tokens the epoch trained on.
  public let tokens: Int
  /// Wall-clock seconds the epoch took (not saved in a checkpoint, so that one seed gives one
  /// file: read back, it is 0).
  public var seconds: Double = 0
  /// D2L's loss on the validation pairs after the epoch, dropout off, when there are some.
  public var validationLoss: Float?
  /// Corpus BLEU (sacrebleu's) of greedy translations of a sample of the validation pairs.
  public var validationBLEU: Double?

  /// Makes a report; the validation numbers are filled in after the epoch, when there are any.
  public init(
    epoch: Int, loss: Float, tokens: Int, seconds: Double, validationLoss: Float? = nil,
    validationBLEU: Double? = nil
  ) {
    self.epoch = epoch
    self.loss = loss
    self.tokens = tokens
    self.seconds = seconds
    self.validationLoss = validationLoss
    self.validationBLEU = validationBLEU
  }

  enum CodingKeys: String, CodingKey {
    case epoch, loss, tokens, validationLoss, validationBLEU
  }

  /// Valid target tokens per second.
  public var tokensPerSecond: Double { seconds > 0 ? Double(tokens) / seconds : 0 }
}

/// Where a training run stands between two epochs, apart from the weights and Adam's moments.
public struct TrainerState: Codable, Sendable, Equatable {
  /// Epochs finished.
  public var epochsDone: Int
  /// The batch-order generator's state.
  public var generator: [UInt64]
  /// Adam's step count t.
  public var adamSteps: Int
  /// Each worker's dropout generator states (`EncoderDecoder.dropoutStates`).
  public var dropout: [[[UInt64]]]

  /// Makes a state from its parts.
  public init(epochsDone: Int, generator: [UInt64], adamSteps: Int, dropout: [[[UInt64]]]) {
    self.epochsDone = epochsDone
    self.generator = generator
    self.adamSteps = adamSteps
    self.dropout = dropout
  }
}

/// Training stopped because a number went bad.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss or the gradient norm became NaN or infinite.
  case nonFinite(what: String, epoch: Int, batch: Int)
  /// Training was asked to stop (Ctrl-C) and stopped after this many finished epochs.
  case interrupted(afterEpoch: Int)
  /// A saved run cannot be continued, for the reason given.
  case cannotResume(String)

  /// One line naming where it happened and what to try.
  public var description: String {
    switch self {
    case .nonFinite(let what, let epoch, let batch):
      "training stopped: the \(what) became NaN or infinite in epoch \(epoch), batch \(batch); "
        + "try a smaller learning rate"
    case .interrupted(let epoch):
      "training interrupted after epoch \(epoch); nothing was saved"
    case .cannotResume(let reason):
      "cannot resume: \(reason)"
    }
  }
}
