import ArgumentParser
import ContextVariable
import Files
import Layers
import Run
import TranslationData

/// `seq2seq train`: D2L's training run, with every choice of the chapter as a flag, and a real
/// corpus's run (a split, validation every epoch, the best model kept, resume) with `--split`.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train an encoder-decoder translator with teacher forcing and save it.",
    discussion: """
      The defaults (--preset d2l) are D2L v0.17's configuration: 600 examples (601 pairs), 10 \
      steps, batch 64, embeddings of 32, a 2-layer GRU of 32 units, dropout 0.1, Adam with \
      learning rate 0.005, gradients clipped at norm 1, 300 epochs. The loss printed is D2L's: \
      the batches' summed sentence losses divided by the number of valid target tokens.

      With --split (and in --preset full) the pairs are split by English sentence into train, \
      validation and test. Every epoch then prints the validation loss (dropout off) and the \
      validation BLEU (greedy, on a fixed sample), writes OUT's .last.ckpt (the latest weights \
      with the optimizer's state, to --resume from) and, when the validation BLEU is the best so \
      far, OUT itself: OUT is the best model. Without --split, OUT is the last model and holds \
      its state too; Ctrl-C leaves OUT as it was and writes OUT's .last.ckpt instead. To \
      continue a run, give the same command with --resume FILE (--epochs may grow); it ends \
      where an uninterrupted run would have.
      """
  )

  @Option(
    help:
      "A set of defaults: d2l (D2L's run), full (the whole corpus, Chapters/07b), attention (full with Bahdanau's two-way encoder, Chapters/08) or transformer (the whole corpus with a Transformer)."
  )
  var preset: Preset = .d2l
  @Option(
    help:
      "rnn (the chapter's encoder-decoder) or transformer (D2L's Transformer: with --preset d2l, D2L's section 10.7 run, 200 epochs)."
  )
  var architecture: Architecture?
  @Option(help: "A Transformer's attention heads (d2l 4); --num-hiddens must be a multiple.")
  var numHeads: Int?
  @Option(help: "The hidden units of a Transformer's position-wise FFN (d2l 64).")
  var ffnNumHiddens: Int?
  @Option(help: "Label smoothing of the training loss, in [0, 1) (d2l 0).")
  var labelSmoothing: Float?
  @Option(help: "Optimizer steps of linear learning-rate warm-up (d2l 0).")
  var warmup: Int?
  @Option(help: "Passes over the training pairs (d2l 300, full 8, attention 10).")
  var epochs: Int?
  @Option(help: "Read corpus lines 0 through N (600 gives 601 pairs, as D2L), or all.")
  var numExamples: PairCount?
  @Option(help: "Cut or pad every sentence to this many tokens, or auto (95% kept whole).")
  var numSteps: StepCount?
  @Option(help: "Sentence pairs per batch (d2l 64, full 128).")
  var batchSize: Int?
  @Option(help: "Width of the token embeddings (d2l 32, full 128).")
  var embedSize: Int?
  @Option(help: "Hidden units per recurrent layer (d2l 32, full 192).")
  var numHiddens: Int?
  @Option(help: "Recurrent layers in the encoder and the decoder (2).")
  var numLayers: Int?
  @Option(help: "The decoder's hidden units, if different (needs --context-mode bridge or concat).")
  var decoderHiddens: Int?
  @Option(help: "The decoder's layers, if different (needs --context-mode bridge or concat).")
  var decoderLayers: Int?
  @Option(help: "Dropout between recurrent layers (d2l 0.1, full 0.2).")
  var dropout: Float?
  @Option(help: "Adam's learning rate in the first epoch (d2l 0.005, full 0.003).")
  var lr: Float?
  @Option(
    help:
      "Multiply the learning rate by this after every epoch (1: constant, as D2L; attention 0.75).")
  var lrDecay: Float?
  @Option(help: "Tokens seen fewer times than this (in the training pairs) become <unk> (2).")
  var minFreq: Int?
  @Option(
    help: "At most this many tokens per vocabulary, the 4 special ones included (full 12000).")
  var maxVocab: Int?
  @Option(help: "Split by English sentence into train/validation/test percent, e.g. 90/5/5.")
  var split: SplitShares?
  @Option(help: "Validation pairs whose greedy translations are scored every epoch.")
  var bleuPairs = 1000
  @Option(help: "Stop after N epochs without a better validation BLEU (full 2).")
  var patience: Int?
  @Option(help: "Continue the run saved in this checkpoint (the same command, --epochs may grow).")
  var resume: String?
  @Option(help: "The recurrent cell: gru, lstm or rnn.")
  var cell: CellKind?
  @Flag(
    inversion: .prefixedNo,
    help: "Let the encoder read each sentence in both directions (attention preset: yes).")
  var bidirectional: Bool?
  @Option(help: "The context variable c: last (h_T), mean or max (pooled over valid steps).")
  var context: ContextVariable?
  @Option(
    help:
      "How c reaches the decoder: init (initial state), concat (every input), both, or bridge (learned initial state + concat; attention preset)."
  )
  var contextMode: ContextMode?
  @Option(
    help:
      "What the decoder reads while training: teacher (gold tokens), own (its own predictions) or scheduled."
  )
  var feed: FeedChoice = .teacher
  @Option(help: "With --feed scheduled: the probability of reading the gold token.")
  var goldRatio: Float = 0.5
  @Flag(help: "Average each sentence's loss over its valid tokens instead of over numSteps (D2L).")
  var perTokenLoss = false
  @Flag(help: "Count the padding in the loss too (D2L's exercise 2).")
  var noMask = false
  @Flag(help: "Let the output layer read [s_t'; c] instead of s_t' alone (D2L's exercise 6).")
  var outputContext = false
  @Option(
    help:
      "Attention over the encoder's states (Chapters/08): none (the chapter's fixed c), additive (Bahdanau; attention preset) or dot."
  )
  var attention: AttentionChoice?
  @Option(help: "Seed of the weights, the split, the batch order and dropout.")
  var seed: UInt64 = 0
  @Option(help: "Split each batch between this many copies of the model, one per thread.")
  var workers = RunConfiguration.defaultWorkers
  @Option(help: "A tab-separated corpus file; the shipped first 20,000 lines of fra-eng if absent.")
  var data: String?
  @Option(
    help: "Where to write the trained model (its folder must exist; checked before training).")
  var out = "model.ckpt"
  @Option(help: "Print progress every N epochs (every epoch with --split).")
  var logEvery = 10

  /// The preset with every option given on the command line put in.
  var resolved: RunConfiguration {
    var v =
      preset == .d2l && architecture == .transformer ? .d2lTransformer : preset.configuration
    if v.model.transformer != nil {
      if let numHeads { v.model.transformer?.numHeads = numHeads }
      if let ffnNumHiddens { v.model.transformer?.ffnNumHiddens = ffnNumHiddens }
    }
    if let epochs { v.epochs = epochs }
    if let numExamples { v.numExamples = numExamples }
    if let numSteps { v.numSteps = numSteps }
    if let batchSize { v.batchSize = batchSize }
    if let embedSize { v.model.embedSize = embedSize }
    if let numHiddens { v.model.numHiddens = numHiddens }
    if let numLayers { v.model.numLayers = numLayers }
    if let dropout { v.model.dropout = dropout }
    if let lr { v.lr = lr }
    if let lrDecay { v.lrDecay = lrDecay }
    if let minFreq { v.minFreq = minFreq }
    if let maxVocab { v.maxVocab = maxVocab }
    if let split { v.split = split }
    if let patience { v.patience = patience }
    if let labelSmoothing { v.labelSmoothing = labelSmoothing }
    if let warmup { v.warmupSteps = warmup }
    (v.model.decoderNumHiddens, v.model.decoderNumLayers) = (decoderHiddens, decoderLayers)
    if let cell { v.model.cell = cell }
    if let bidirectional { v.model.bidirectional = bidirectional }
    if let context { v.model.context = context }
    if let contextMode { v.model.contextMode = contextMode }
    if let attention { v.model.attention = attention.kind }
    v.model.outputContext = outputContext
    (v.feed, v.goldRatio, v.perTokenLoss, v.masksPadding) = (feed, goldRatio, perTokenLoss, !noMask)
    (v.seed, v.workers, v.bleuPairs) = (seed, workers, bleuPairs)
    return v
  }

  func validate() throws {
    let v = resolved
    if let architecture, architecture != v.architecture {
      throw ValidationError(
        "--architecture \(architecture.rawValue) does not go with --preset \(preset.rawValue)"
          + (architecture == .transformer
            ? "; the whole corpus's Transformer is --preset transformer." : "."))
    }
    if v.model.transformer == nil, numHeads != nil || ffnNumHiddens != nil {
      throw ValidationError(
        "--num-heads and --ffn-num-hiddens are a Transformer's: add --architecture transformer.")
    }
    if let sizes = v.model.transformer {
      try require("--num-heads", sizes.numHeads, in: 1...Limit.width)
      try require("--ffn-num-hiddens", sizes.ffnNumHiddens, in: 1...Limit.width)
      guard v.model.numHiddens % sizes.numHeads == 0 else {
        throw ValidationError(
          "--num-hiddens \(v.model.numHiddens) must be a multiple of --num-heads \(sizes.numHeads)."
        )
      }
    }
    if case .fixed(let n) = v.numSteps { try require("--num-steps", n, in: 1...Limit.numSteps) }
    let limits = [
      ("--epochs", v.epochs, Limit.epochs), ("--batch-size", v.batchSize, Limit.batchSize),
      ("--embed-size", v.model.embedSize, Limit.width),
      ("--num-hiddens", v.model.numHiddens, Limit.width),
      ("--num-layers", v.model.numLayers, Limit.layers), ("--log-every", logEvery, Int.max),
      ("--decoder-hiddens", decoderHiddens ?? 1, Limit.width),
      ("--decoder-layers", decoderLayers ?? 1, Limit.layers),
      ("--min-freq", v.minFreq, Int.max), ("--bleu-pairs", bleuPairs, Int.max),
      ("--patience", v.patience ?? 1, Limit.epochs),
      ("--max-vocab", v.maxVocab ?? 5, Int.max),
    ]
    for (name, value, limit) in limits {
      if name == "--max-vocab", value < 5 {
        throw ValidationError(
          "--max-vocab must be at least 5 (<unk>, <pad>, <bos>, <eos> and one word), got \(value).")
      }
      try require(name, value, in: 1...limit)
    }
    guard (0..<1).contains(v.model.dropout) else {
      throw ValidationError("--dropout must be in [0, 1), got \(v.model.dropout).")
    }
    guard (0..<1).contains(v.labelSmoothing) else {
      throw ValidationError("--label-smoothing must be in [0, 1), got \(v.labelSmoothing).")
    }
    guard (0...Limit.warmup).contains(v.warmupSteps) else {
      throw ValidationError("--warmup must be within 0...\(Limit.warmup), got \(v.warmupSteps).")
    }
    guard (1...16).contains(workers) else {
      throw ValidationError("--workers must be between 1 and 16, got \(workers).")
    }
    guard v.lr > 0, v.lr.isFinite else {
      throw ValidationError("--lr must be positive, got \(v.lr).")
    }
    guard v.lrDecay > 0, v.lrDecay <= 1 else {
      throw ValidationError("--lr-decay must be in (0, 1], got \(v.lrDecay).")
    }
    guard (0...1).contains(goldRatio) else {
      throw ValidationError("--gold-ratio must be in [0, 1], got \(goldRatio).")
    }
    if v.patience != nil, v.split.map({ $0.validation == 0 }) ?? true {
      throw ValidationError("--patience needs validation pairs: give --split, e.g. 90/5/5.")
    }
  }

  func run() throws {
    let files = RunFiles(out: out)
    try Destination.checkFile(out)
    try Destination.checkFile(files.last)
    var session = try TrainingSession(resolved, dataPath: data, out: out, resume: resume)
    for line in session.overview { print(line) }
    Interruption.install()
    try session.train(
      every: resolved.split == nil ? logEvery : 1, shouldStop: { Interruption.isRequested },
      say: { print($0) })
  }
}
