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
      The defaults (--preset d2l) are D2L v0.17's configuration: \(Preset.d2lInWords) \
      The loss printed is D2L's: the batches' summed sentence losses divided by the number of \
      valid target tokens.

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
      "A set of defaults: d2l (D2L's run), full (the whole corpus, Chapters/07b), attention (full with Bahdanau's two-way encoder, Chapters/08) or transformer (the whole corpus with a Transformer). A flag changes the preset only when given."
  )
  var preset: Preset = .d2l
  @Option(
    help:
      "rnn (the chapter's encoder-decoder) or transformer (D2L's Transformer: with --preset d2l, D2L's section 10.7 run, \(RunConfiguration.d2lTransformer.epochs) epochs)."
  )
  var architecture: Architecture?
  @Option(help: .transformers("A Transformer's attention heads") { "\($0.numHeads)" })
  var numHeads: Int?
  @Option(help: .transformers("A Transformer's FFN hidden units") { "\($0.ffnNumHiddens)" })
  var ffnNumHiddens: Int?
  @Option(help: .preset("Label smoothing of the loss, in [0, 1)") { "\($0.labelSmoothing)" })
  var labelSmoothing: Float?
  @Option(help: .preset("Steps of linear learning-rate warm-up") { "\($0.warmupSteps)" })
  var warmup: Int?
  @Option(help: .preset("Passes over the training pairs") { "\($0.epochs)" })
  var epochs: Int?
  @Option(help: .preset("Read corpus lines 0 through N, or all") { "\($0.numExamples)" })
  var numExamples: PairCount?
  @Option(help: .preset("Tokens per sentence, or auto (95% whole)") { "\($0.numSteps)" })
  var numSteps: StepCount?
  @Option(help: .preset("Sentence pairs per batch") { "\($0.batchSize)" })
  var batchSize: Int?
  @Option(help: .recurrent("Width of the token embeddings") { "\($0.model.embedSize)" })
  var embedSize: Int?
  @Option(help: .preset("Hidden units per layer") { "\($0.model.numHiddens)" })
  var numHiddens: Int?
  @Option(help: .preset("Layers (blocks) on each side") { "\($0.model.numLayers)" })
  var numLayers: Int?
  @Option(help: "The decoder's hidden units, if different (needs --context-mode bridge or concat).")
  var decoderHiddens: Int?
  @Option(help: "The decoder's layers, if different (needs --context-mode bridge or concat).")
  var decoderLayers: Int?
  @Option(help: .preset("Dropout between layers") { "\($0.model.dropout)" })
  var dropout: Float?
  @Option(help: .preset("Adam's learning rate in the first epoch") { "\($0.lr)" })
  var lr: Float?
  @Option(help: .preset("The learning rate's factor after each epoch") { "\($0.lrDecay)" })
  var lrDecay: Float?
  @Option(help: .preset("Rarer tokens than this become <unk>") { "\($0.minFreq)" })
  var minFreq: Int?
  @Option(
    help: .preset("At most this many tokens per vocabulary") {
      $0.maxVocab.map(String.init) ?? "none"
    })
  var maxVocab: Int?
  @Option(
    help: .preset("Split into train/validation/test %") { "\($0.split?.description ?? "-")" })
  var split: SplitShares?
  @Option(
    help: .preset("Validation sentences scored every epoch, each against all its references") {
      "\($0.bleuPairs)"
    })
  var bleuPairs: Int?
  @Option(
    help: .preset("Epochs without a better BLEU to stop after") {
      $0.patience.map(String.init) ?? "never"
    })
  var patience: Int?
  @Option(help: "Continue the run saved in this checkpoint (the same command, --epochs may grow).")
  var resume: String?
  @Option(help: .recurrent("The recurrent cell: gru, lstm or rnn") { $0.model.cell.rawValue })
  var cell: CellKind?
  @Flag(
    inversion: .prefixedNo,
    help: .recurrent("Let the encoder read both ways") { "\($0.model.bidirectional)" })
  var bidirectional: Bool?
  @Option(help: .recurrent("c: last (h_T), mean or max") { $0.model.context.shortName })
  var context: ContextVariable?
  @Option(help: .recurrent("How c reaches the decoder") { $0.model.contextMode.rawValue })
  var contextMode: ContextMode?
  @Option(help: .preset("The decoder's input while training") { $0.feed.rawValue })
  var feed: FeedChoice?
  @Option(help: .preset("With --feed scheduled: P(gold token)") { "\($0.goldRatio)" })
  var goldRatio: Float?
  @Flag(help: "Average each sentence's loss over its valid tokens instead of over numSteps (D2L).")
  var perTokenLoss = false
  @Flag(help: "Count the padding in the loss too (D2L's exercise 2).")
  var noMask = false
  @Flag(help: "Let the output layer read [s_t'; c] instead of s_t' alone (D2L's exercise 6).")
  var outputContext = false
  @Option(
    help: .recurrent("Attention over the encoder's states (Chapters/08)") {
      $0.model.attention?.rawValue ?? "none"
    })
  var attention: AttentionChoice?
  @Option(help: .preset("Seed of the weights, split, batches and dropout") { "\($0.seed)" })
  var seed: UInt64?
  @Option(help: .preset("Copies of the model a batch is split between") { "\($0.workers)" })
  var workers: Int?
  @Option(help: "A tab-separated corpus file; the shipped first 20,000 lines of fra-eng if absent.")
  var data: String?
  @Option(
    help: "Where to write the trained model (its folder must exist; checked before training).")
  var out = "model.ckpt"
  @Option(help: "Print progress every N epochs (every epoch with --split).")
  var logEvery = 10

  /// The preset with every option given on the command line put in, and nothing else changed.
  var resolved: RunConfiguration {
    resolved(
      from: preset == .d2l && architecture == .transformer ? .d2lTransformer : preset.configuration)
  }

  /// `base` with every option given on the command line put in: a flag not given leaves its
  /// setting as `base` has it.
  func resolved(from base: RunConfiguration) -> RunConfiguration {
    var v = base
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
    if let decoderHiddens { v.model.decoderNumHiddens = decoderHiddens }
    if let decoderLayers { v.model.decoderNumLayers = decoderLayers }
    if let dropout { v.model.dropout = dropout }
    if let lr { v.lr = lr }
    if let lrDecay { v.lrDecay = lrDecay }
    if let minFreq { v.minFreq = minFreq }
    if let maxVocab { v.maxVocab = maxVocab }
    if let split { v.split = split }
    if let patience { v.patience = patience }
    if let labelSmoothing { v.labelSmoothing = labelSmoothing }
    if let warmup { v.warmupSteps = warmup }
    if let cell { v.model.cell = cell }
    if let bidirectional { v.model.bidirectional = bidirectional }
    if let context { v.model.context = context }
    if let contextMode { v.model.contextMode = contextMode }
    if let attention { v.model.attention = attention.kind }
    if outputContext { v.model.outputContext = true }
    if let feed { v.feed = feed }
    if let goldRatio { v.goldRatio = goldRatio }
    if perTokenLoss { v.perTokenLoss = true }
    if noMask { v.masksPadding = false }
    if let seed { v.seed = seed }
    if let workers { v.workers = workers }
    if let bleuPairs { v.bleuPairs = bleuPairs }
    return v
  }

  /// What only the command line can get wrong (a flag of the other architecture, --log-every);
  /// every setting of the run is checked by the library, `RunConfiguration.problem`.
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
    try require("--log-every", logEvery, in: 1...Int.max)
    if let problem = v.problem { throw ValidationError(problem) }
  }

  func run() throws {
    let files = RunFiles(out: out)
    // --resume may be either of them: the run reads it whole before it writes.
    let corpus = data.map(WholeCorpus.resolve)
    try Destination.checkFile(out, inputs: [("--data", corpus)])
    try Destination.checkFile(files.last, inputs: [("--data", corpus)])
    var session = try TrainingSession(resolved, dataPath: data, out: out, resume: resume)
    for line in session.overview { print(line) }
    Interruption.install()
    try session.train(
      every: resolved.split == nil ? logEvery : 1, shouldStop: { Interruption.isRequested },
      say: { print($0) })
  }
}
