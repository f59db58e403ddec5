import Attention
import ContextVariable
import EncoderDecoder
import TeacherForcing
import TranslationData

/// Everything a training run is asked to do, as one value: the data, the model, the training
/// and the validation. A preset is such a value (`.d2l`, `.full`, `.attention`); `seq2seq train` starts from
/// one and puts in every flag given, and the checkpoint records it by flag name (`settings`).
public struct RunConfiguration: Equatable, Sendable {
  /// Corpus lines to read: all, or D2L's numExamples.
  public var numExamples: PairCount
  /// numSteps, or `auto` (the length that keeps 95% of the training pairs whole).
  public var numSteps: StepCount
  /// Tokens seen fewer times than this become `<unk>`.
  public var minFreq: Int
  /// At most this many tokens per vocabulary, when given.
  public var maxVocab: Int?
  /// The train/validation/test shares, when the run splits the corpus.
  public var split: SplitShares?
  /// Seed of the weights, the split, the batch order and dropout.
  public var seed: UInt64

  /// The model's sizes and choices: width, layers, cell, context, attention. Its vocabulary
  /// sizes and numSteps come from the data when the run starts (`model(sourceVocabSize:...)`).
  public var model: Seq2SeqConfiguration

  /// Passes over the training pairs.
  public var epochs: Int
  /// Sentence pairs per batch.
  public var batchSize: Int
  /// Adam's learning rate in the first epoch.
  public var lr: Float
  /// The learning rate's factor after every epoch.
  public var lrDecay: Float
  /// What the decoder reads while training.
  public var feed: FeedChoice
  /// With `feed` scheduled: the probability of reading the gold token.
  public var goldRatio: Float
  /// Each sentence's loss averaged over its valid tokens instead of over numSteps (D2L).
  public var perTokenLoss: Bool
  /// Whether the padding is masked out of the loss.
  public var masksPadding: Bool
  /// Copies of the model each batch is split between, one per thread.
  public var workers: Int

  /// Distinct validation sentences whose greedy translations are scored every epoch, each against
  /// all its references (`--bleu-pairs`, named when it counted pairs).
  public var bleuPairs: Int
  /// Stop after this many epochs without a better validation BLEU.
  public var patience: Int?
  /// Label smoothing of the training loss (0: D2L's plain loss).
  public var labelSmoothing: Float = 0
  /// Steps of linear learning-rate warm-up (0: none, as D2L).
  public var warmupSteps: Int = 0

  /// D2L v0.17's run: lines 0 through 600 (601 pairs), D2L's model (`Seq2SeqConfiguration`'s
  /// defaults) and D2L's training (`TrainingOptions`' defaults), with the project's two workers.
  /// The model's and the training's numbers are read from those two types, the one source.
  public static let d2l: RunConfiguration = {
    let model = Seq2SeqConfiguration(sourceVocabSize: 0, targetVocabSize: 0)
    let training = TrainingOptions()
    return RunConfiguration(
      numExamples: .lines(through: 600), numSteps: .fixed(model.numSteps), minFreq: 2,
      maxVocab: nil, split: nil, seed: training.seed, model: model, epochs: training.epochs,
      batchSize: training.batchSize, lr: training.learningRate,
      lrDecay: training.learningRateDecay, feed: .teacher, goldRatio: 0.5,
      perTokenLoss: false, masksPadding: training.masksPadding, workers: defaultWorkers,
      bleuPairs: 1000, patience: nil)
  }()

  /// The whole corpus (Chapters/07b says how each size was chosen): a 90/5/5 split, vocabularies
  /// of at most 12,000 tokens, numSteps from the data, a 2-layer GRU of 192 units with
  /// embeddings of 128, 8 epochs at most, stopping after 2 without a better validation BLEU.
  public static let full: RunConfiguration = {
    var full = d2l
    full.numExamples = .all
    full.numSteps = .auto
    full.maxVocab = 12_000
    full.split = SplitShares(train: 90, validation: 5, test: 5)
    (full.model.embedSize, full.model.numHiddens, full.model.dropout) = (128, 192, 0.2)
    full.epochs = 8
    full.batchSize = 128
    full.lr = 0.003
    full.patience = 2
    return full
  }()

  /// The whole corpus with attention as Bahdanau et al. built it (Chapters/08 says how each
  /// choice was measured): `full`'s sizes and split, an encoder that reads both ways (keys and
  /// values [h_t(forward); h_t(backward)]), additive attention, the decoder's first state from a
  /// bridge s_0 = tanh(c W + b), 10 epochs with the learning rate x0.75 after each.
  public static let attention: RunConfiguration = {
    var attention = full
    attention.model.bidirectional = true
    attention.model.contextMode = .bridge
    attention.model.attention = .additive
    attention.epochs = 10
    attention.lrDecay = 0.75
    return attention
  }()

  /// The whole corpus with a Transformer (Chapters/10 says how each choice was measured):
  /// `full`'s split and vocabularies, 3 blocks on each side of 128 hiddens, 4 heads, an FFN of
  /// 512, dropout 0.1; Adam at 0.001 reached by a linear warm-up over the first 300 steps and
  /// x0.8 after each epoch, label smoothing 0.1, 8 epochs (what fits in 30 minutes on two cores).
  public static let transformer: RunConfiguration = {
    var run = full
    run.model.transformer = TransformerSizes(numHeads: 4, ffnNumHiddens: 512)
    (run.model.embedSize, run.model.numHiddens, run.model.numLayers) = (128, 128, 3)
    run.model.dropout = 0.1
    (run.epochs, run.lr, run.lrDecay, run.warmupSteps, run.labelSmoothing) = (
      8, 0.001, 0.8, 300, 0.1
    )
    return run
  }()

  /// D2L v0.17's Transformer run (section 10.7): D2L's 601 pairs cut or padded to 10 tokens, 2
  /// blocks on each side of 32 hiddens, 4 heads, an FFN of 64, dropout 0.1, batch 64, Adam 0.005,
  /// gradients clipped at norm 1, 200 epochs. What `train --architecture transformer` starts from.
  public static let d2lTransformer: RunConfiguration = {
    var run = d2l
    run.model.transformer = TransformerSizes(numHeads: 4, ffnNumHiddens: 64)
    (run.model.embedSize, run.model.numHiddens, run.model.numLayers) = (32, 32, 2)
    run.epochs = 200
    return run
  }()

  /// The architecture of the model: recurrent or a Transformer.
  public var architecture: Architecture { model.transformer == nil ? .rnn : .transformer }

  /// How many workers a run trains with by default: two, the cores of the small machine the
  /// project is measured on (`TrainingOptions.workers`; the library's default is D2L's one loop).
  public static let defaultWorkers = 2

  /// The model's configuration for vocabularies of these sizes and `numSteps`.
  public func model(sourceVocabSize: Int, targetVocabSize: Int, numSteps: Int)
    -> Seq2SeqConfiguration
  {
    var configuration = model
    configuration.sourceVocabSize = sourceVocabSize
    configuration.targetVocabSize = targetVocabSize
    configuration.numSteps = numSteps
    return configuration
  }

  /// The trainer's options.
  public var trainingOptions: TrainingOptions {
    TrainingOptions(
      epochs: epochs, batchSize: batchSize, learningRate: lr, learningRateDecay: lrDecay,
      feed: feed.decoderFeed(goldRatio: goldRatio),
      reduction: perTokenLoss ? .meanOverValidTokens : .meanOverSteps,
      masksPadding: masksPadding, seed: seed, workers: workers, labelSmoothing: labelSmoothing,
      warmupSteps: warmupSteps)
  }

  /// The settings that decide a run's numbers, by flag name, as the checkpoint records them and
  /// `--resume` compares them.
  public func settings(numSteps: Int) -> [String: String] {
    let m = model
    let recurrent: [String: String] = [
      "--num-examples": numExamples.description, "--num-steps": String(numSteps),
      "--batch-size": String(batchSize), "--embed-size": String(m.embedSize),
      "--num-hiddens": String(m.numHiddens), "--num-layers": String(m.numLayers),
      "--decoder-hiddens": m.decoderNumHiddens.map(String.init) ?? "-",
      "--decoder-layers": m.decoderNumLayers.map(String.init) ?? "-",
      "--dropout": String(m.dropout), "--lr": String(lr), "--lr-decay": String(lrDecay),
      "--min-freq": String(minFreq), "--max-vocab": maxVocab.map(String.init) ?? "-",
      "--split": split?.description ?? "-", "--bleu-pairs": String(bleuPairs),
      "--cell": m.cell.rawValue, "--bidirectional": String(m.bidirectional),
      "--context": m.context.shortName, "--context-mode": m.contextMode.rawValue,
      "--feed": feed.rawValue, "--gold-ratio": String(goldRatio),
      "--per-token-loss": String(perTokenLoss), "--no-mask": String(!masksPadding),
      "--output-context": String(m.outputContext),
      "--attention": m.attention?.rawValue ?? "none", "--seed": String(seed),
      "--workers": String(workers),
    ]
    return recurrent.merging(transformerSettings) { _, transformer in transformer }
  }

  /// The settings added with the Transformer: label smoothing and warm-up when used, a
  /// Transformer's sizes, and the recurrent choices it does not use marked as such. A recurrent
  /// run without them records none, as before they existed.
  private var transformerSettings: [String: String] {
    var schedule: [String: String] = [:]
    if labelSmoothing != 0 { schedule["--label-smoothing"] = String(labelSmoothing) }
    if warmupSteps != 0 { schedule["--warmup"] = String(warmupSteps) }
    guard let sizes = model.transformer else { return schedule }
    return schedule.merging([
      "--architecture": Architecture.transformer.rawValue, "--num-heads": String(sizes.numHeads),
      "--ffn-num-hiddens": String(sizes.ffnNumHiddens), "--embed-size": "-", "--cell": "-",
      "--bidirectional": "-", "--context": "-", "--context-mode": "-", "--attention": "-",
      "--output-context": "-", "--decoder-hiddens": "-", "--decoder-layers": "-",
    ]) { _, sizes in sizes }
  }

  /// The model in one line, as `train` prints it before the first epoch.
  public func summary(parameterCount: Int) -> String {
    let m = model
    let training =
      "\(parameterCount) parameters; \(epochs) epochs, batch \(batchSize), lr \(lr)"
      + (warmupSteps == 0 ? "" : " after \(warmupSteps) warm-up steps")
      + (lrDecay == 1 ? "" : " x\(lrDecay) an epoch")
      + (labelSmoothing == 0 ? "" : ", label smoothing \(labelSmoothing)")
      + ", \(workers == 1 ? "1 worker" : "\(workers) workers")"
    if let sizes = m.transformer {
      return "Model: Transformer, \(m.numLayers) blocks each side, \(m.numHiddens) hiddens, "
        + "\(sizes.numHeads) heads, FFN \(sizes.ffnNumHiddens), dropout \(m.dropout), " + training
    }
    return "Model: \(m.cell.rawValue.uppercased()), \(m.numLayers) layers, embed \(m.embedSize), "
      + "\(m.numHiddens) hiddens, dropout \(m.dropout), context \(m.context.shortName) (\(m.contextMode.rawValue))"
      + (m.attention.map { ", \($0.rawValue) attention" } ?? "") + ", " + training
  }
}

/// How many corpus lines to read: `all`, or D2L's numExamples N (lines 0 through N).
public enum PairCount: Equatable, Sendable, CustomStringConvertible {
  case all
  case lines(through: Int)

  /// `all` or a number of 0 or more.
  public init?(_ text: String) {
    if text == "all" {
      self = .all
    } else if let n = Int(text), n >= 0 {
      self = .lines(through: n)
    } else {
      return nil
    }
  }

  /// D2L's numExamples, `nil` for every line.
  public var numExamples: Int? {
    if case .lines(let n) = self { return n }
    return nil
  }

  /// `all` or the number.
  public var description: String { numExamples.map(String.init) ?? "all" }
}

/// numSteps: a number, or `auto` for the length that holds 95% of the sentences whole.
public enum StepCount: Equatable, Sendable, CustomStringConvertible {
  case auto
  case fixed(Int)

  /// `auto` or a number.
  public init?(_ text: String) {
    if text == "auto" {
      self = .auto
    } else if let n = Int(text) {
      self = .fixed(n)
    } else {
      return nil
    }
  }

  /// The share of sentences `auto` keeps whole.
  public static let autoPercentile = 0.95

  /// The number of steps for `corpus`.
  public func resolved(for corpus: Corpus) -> Int {
    switch self {
    case .fixed(let n): n
    case .auto: TranslationDataset.numSteps(holding: StepCount.autoPercentile, of: corpus)
    }
  }

  /// `auto` or the number.
  public var description: String {
    if case .fixed(let n) = self { return String(n) }
    return "auto"
  }
}

/// What the decoder reads while training, by name.
public enum FeedChoice: String, CaseIterable, Sendable {
  case teacher, own, scheduled

  /// The feed it names; `goldRatio` is the gold token's probability when scheduled.
  public func decoderFeed(goldRatio: Float) -> DecoderFeed {
    switch self {
    case .teacher: .teacherForcing
    case .own: .ownPredictions
    case .scheduled: .scheduledSampling(goldProbability: goldRatio)
    }
  }
}

/// The model's architecture, by name: `--architecture`.
public enum Architecture: String, CaseIterable, Sendable {
  /// The chapter's recurrent encoder-decoder (concepts 1-8).
  case rnn
  /// The Transformer (concept 10).
  case transformer
}
