import ArgumentParser
import Checkpoint
import ContextVariable
import EncoderDecoder
import Formatting
import Foundation
import Layers
import MaskedLoss
import TeacherForcing
import TranslationData

/// `seq2seq train`: D2L's training run, with every choice of the chapter as a flag.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train an encoder-decoder translator with teacher forcing and save it.",
    discussion: """
      The defaults are D2L v0.17's configuration: 600 examples (601 pairs), 10 steps, batch 64, \
      embeddings of 32, a 2-layer GRU of 32 units, dropout 0.1, Adam with learning rate 0.005, \
      gradients clipped at norm 1, 300 epochs. The loss printed is D2L's: the batches' summed \
      sentence losses divided by the number of valid target tokens.
      """
  )

  @Option(help: "Passes over the training pairs.")
  var epochs = 300
  @Option(help: "Train on corpus lines 0 through N (600 gives 601 pairs, as D2L).")
  var numExamples = 600
  @Option(help: "Cut or pad every sentence to this many tokens.")
  var numSteps = 10
  @Option(help: "Sentence pairs per batch.")
  var batchSize = 64
  @Option(help: "Width of the token embeddings.")
  var embedSize = 32
  @Option(help: "Hidden units per recurrent layer.")
  var numHiddens = 32
  @Option(help: "Recurrent layers in the encoder and the decoder.")
  var numLayers = 2
  @Option(help: "The decoder's hidden units, if different (needs --context-mode bridge or concat).")
  var decoderHiddens: Int?
  @Option(help: "The decoder's layers, if different (needs --context-mode bridge or concat).")
  var decoderLayers: Int?
  @Option(help: "Dropout between recurrent layers.")
  var dropout: Float = 0.1
  @Option(help: "Adam's learning rate.")
  var lr: Float = 0.005
  @Option(help: "The recurrent cell: gru, lstm or rnn.")
  var cell: CellKind = .gru
  @Flag(help: "Let the encoder read each sentence in both directions.")
  var bidirectional = false
  @Option(help: "The context variable c: last (h_T), mean or max (pooled over valid steps).")
  var context: ContextVariable = .lastState
  @Option(
    help:
      "How c reaches the decoder: init (initial state), concat (every input), both, or bridge (learned initial state + concat)."
  )
  var contextMode: ContextMode = .both
  @Option(
    help:
      "What the decoder reads while training: teacher (gold tokens), own (its own predictions) or scheduled."
  )
  var feed: FeedName = .teacher
  @Option(help: "With --feed scheduled: the probability of reading the gold token.")
  var goldRatio: Float = 0.5
  @Flag(help: "Average each sentence's loss over its valid tokens instead of over numSteps (D2L).")
  var perTokenLoss = false
  @Flag(help: "Count the padding in the loss too (D2L's exercise 2).")
  var noMask = false
  @Flag(help: "Let the output layer read [s_t'; c] instead of s_t' alone (D2L's exercise 6).")
  var outputContext = false
  @Option(help: "Seed of the weights, the batch order and dropout.")
  var seed: UInt64 = 0
  @Option(help: "Split each batch between this many copies of the model, one per thread.")
  var workers = defaultWorkers
  @Option(help: "A tab-separated corpus file; the shipped first 20,000 lines of fra-eng if absent.")
  var data: String?
  @Option(
    help: "Where to write the trained model (its folder must exist; checked before training).")
  var out = "model.ckpt"
  @Option(help: "Print progress every N epochs.")
  var logEvery = 10

  func validate() throws {
    let limits = [
      ("--epochs", epochs, Limit.epochs), ("--num-examples", numExamples, Int.max),
      ("--num-steps", numSteps, Limit.numSteps), ("--batch-size", batchSize, Limit.batchSize),
      ("--embed-size", embedSize, Limit.width), ("--num-hiddens", numHiddens, Limit.width),
      ("--num-layers", numLayers, Limit.layers), ("--log-every", logEvery, Int.max),
      ("--decoder-hiddens", decoderHiddens ?? 1, Limit.width),
      ("--decoder-layers", decoderLayers ?? 1, Limit.layers),
    ]
    for (name, value, limit) in limits { try require(name, value, in: 1...limit) }
    guard (0..<1).contains(dropout) else {
      throw ValidationError("--dropout must be in [0, 1), got \(dropout).")
    }
    guard (1...16).contains(workers) else {
      throw ValidationError("--workers must be between 1 and 16, got \(workers).")
    }
    guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive, got \(lr).") }
    guard (0...1).contains(goldRatio) else {
      throw ValidationError("--gold-ratio must be in [0, 1], got \(goldRatio).")
    }
  }

  func run() throws {
    try Destination.checkFile(out)
    let corpus = try Corpus.load(path: data, numExamples: numExamples)
    let dataset = TranslationDataset(corpus: corpus, numSteps: numSteps)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: numSteps, embedSize: embedSize, numHiddens: numHiddens, numLayers: numLayers,
      decoderNumHiddens: decoderHiddens, decoderNumLayers: decoderLayers, dropout: dropout,
      cell: cell, bidirectional: bidirectional, context: context,
      contextMode: contextMode, outputContext: outputContext)
    let model = try EncoderDecoder(configuration, seed: seed)
    let options = TrainingOptions(
      epochs: epochs, batchSize: batchSize, learningRate: lr,
      feed: feed.decoderFeed(goldRatio: goldRatio),
      reduction: perTokenLoss ? .meanOverValidTokens : .meanOverSteps, masksPadding: !noMask,
      seed: seed, workers: workers)

    print(
      "Training on \(corpus.count) pairs of \(corpus.origin): vocabularies "
        + "\(dataset.sourceVocab.count) -> \(dataset.targetVocab.count) tokens")
    print(
      "Model: \(cell.rawValue.uppercased()), \(numLayers) layers, embed \(embedSize), "
        + "\(numHiddens) hiddens, dropout \(dropout), context \(context.shortName) (\(contextMode.rawValue)), "
        + "\(model.parameterCount) parameters; \(epochs) epochs, batch \(batchSize), lr \(lr), \(workers == 1 ? "1 worker" : "\(workers) workers")"
    )
    let reports = try trainWithProgress(
      model, on: dataset, options: options, every: logEvery, eta: true)
    let last = reports[reports.count - 1]
    let checkpoint = Checkpoint(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab,
      trainingPairs: corpus.count,
      note: "\(epochs) epochs, final loss \(fixed(Double(last.loss), 4)), seed \(seed)",
      lossHistory: reports.map(\.loss))
    try Destination.save(checkpoint, to: out)
    print("Saved \(out). Next: seq2seq evaluate --model \(out)")
  }
}
