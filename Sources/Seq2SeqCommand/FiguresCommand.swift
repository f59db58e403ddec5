import ArgumentParser
import BLEU
import Checkpoint
import Diagrams
import EncoderDecoder
import Foundation
import Layers
import Prediction
import TeacherForcing
import TensorCore
import Traces
import TranslationData

/// `seq2seq figures`: the chapter's drawings, and more, from a real model's run.
struct FiguresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "figures",
    abstract: "Draw the figures (SVG and PNG) from a real model's run.",
    discussion: """
      Writes seq2seq-train, seq2seq-details, seq2seq-predict, masked-loss, loss-curve, \
      context-heatmap, bleu, token-lengths and bleu-by-length, and traces.json, the record of the \
      run they are drawn from. Without --model it first trains D2L's configuration for --epochs \
      epochs (seeded: the same figures every time on one machine; on another CPU the numbers \
      differ in their last digits). --from-traces draws from a traces.json without any model.
      """
  )

  @Option(help: "A checkpoint from `seq2seq train`; trains a model first when absent.")
  var model: String?
  @Option(help: "The sentence whose prediction is drawn.")
  var sentence = "i lost ."
  @Option(help: "The training pair (corpus line, from 0) drawn with teacher forcing.")
  var pair = 577
  @Option(help: "The folder to write into (created if missing; its parent must exist).")
  var out = "Figures"
  @Option(help: "PNG pixels per SVG px (2 for high-DPI screens).")
  var scale = 1.0
  @Option(help: "Epochs of the model trained when there is no --model.")
  var epochs = 100
  @Option(help: "Draw from the traces.json in this folder instead of a model: no training.")
  var fromTraces: String?
  @Option(help: "With a --model trained with --split: the corpus file it was trained on.")
  var data: String?
  @Option(
    help:
      "With a --model trained with --split: a folder with another model's run-traces.json on the same split, drawn beside it (bleu-by-length-attention)."
  )
  var baseline: String?

  func validate() throws {
    guard scale > 0, scale <= 8 else {
      throw ValidationError("--scale must be in (0, 8], got \(scale).")
    }
    try require("--epochs", epochs, in: 1...Limit.epochs)
    if fromTraces != nil, model != nil {
      throw ValidationError("--from-traces draws without a model: give --model or --from-traces.")
    }
    if baseline != nil, model == nil {
      throw ValidationError("--baseline is compared with a --model trained with --split.")
    }
  }

  func run() throws {
    // A missing or unreadable baseline is named before anything is translated or written.
    let baselineTraces = try baseline.map { try RunTraces.read(from: URL(fileURLWithPath: $0)) }
    try Destination.checkFolder(out)
    if let model, let checkpoint = try? Checkpoint.read(from: model),
      checkpoint.header.run?.split != nil
    {
      return try drawRun(of: checkpoint, at: model, baseline: baselineTraces)
    }
    if let fromTraces,
      FileManager.default.fileExists(atPath: "\(fromTraces)/\(RunTraces.fileName)")
    {
      return try draw(RunTraces.read(from: URL(fileURLWithPath: fromTraces)))
    }
    let traces: FigureTraces
    if let fromTraces {
      traces = try FigureTraces.read(from: URL(fileURLWithPath: fromTraces))
    } else {
      let (model, dataset, losses) = try loadOrTrain()
      guard (0..<dataset.corpus.count).contains(pair) else {
        throw ValidationError(
          "--pair must be a training pair, 0..<\(dataset.corpus.count), got \(pair).")
      }
      traces = try FigureData(model: model, dataset: dataset, losses: losses).traces(
        sentence: sentence, pair: pair)
    }
    for figure in try write(traces, to: URL(fileURLWithPath: out), scale: scale) {
      print("wrote \(out)/\(figure.name).svg and .png")
    }
    print("wrote \(out)/\(FigureTraces.fileName)")
  }

  /// The learning curve and the test BLEU by length of a model trained with a split.
  private func drawRun(of checkpoint: Checkpoint, at path: String, baseline: RunTraces?) throws {
    let (pairs, record) = try RunData.pairs(.test, of: checkpoint, at: path, data: data)
    let translator = Translator(
      model: try checkpoint.makeModel(), sourceVocab: checkpoint.sourceVocab,
      targetVocab: checkpoint.targetVocab)
    let translations = try translateAll(
      pairs.source.map { $0.joined(separator: " ") }, with: translator)
    let buckets = scoreByLength(
      sourceLengths: pairs.source.map(\.count), hypotheses: translations.map(\.text),
      references: pairs.target.map { $0.joined(separator: " ") }, longest: 15)
    let history = checkpoint.header.run?.history ?? []
    let c = checkpoint.header.configuration
    let curve = LearningCurveTrace(
      trainingLoss: history.map(\.loss), validationLoss: history.map { $0.validationLoss ?? 0 },
      validationBLEU: history.map { $0.validationBLEU ?? 0 },
      bestEpoch: checkpoint.header.run?.epoch ?? 0,
      detail: [
        "\(record.sizes[0]) training pairs",
        "\(c.cell.rawValue.uppercased()) \(c.numLayers)x\(c.numHiddens)\(c.bidirectional ? " bidirectional" : "")",
        "embed \(c.embedSize)", c.attention.map { "\($0.rawValue) attention" },
        "vocabularies \(c.sourceVocabSize) -> \(c.targetVocabSize)",
      ].compactMap { $0 }.joined(separator: ", "))
    let bleuByLength = buckets.map {
      LengthBLEU(length: $0.length, bleu: $0.bleu, count: $0.count)
    }
    try draw(
      RunTraces(
        learningCurve: curve, bleuByLength: bleuByLength,
        attention: try translator.attentionTrace(sentence)?.attention,
        baseline: try baseline.map { try compared($0, with: bleuByLength) }))
  }

  /// The baseline's test BLEU by length, named by whether it attends; refused unless it was
  /// scored on as many test sentences of each length as this model.
  private func compared(_ traces: RunTraces, with buckets: [LengthBLEU]) throws -> BaselineTrace {
    guard traces.bleuByLength.map(\.count) == buckets.map(\.count) else {
      throw InputError(
        description:
          "--baseline \(baseline!): its test sentences are not this model's (another split?)")
    }
    return BaselineTrace(
      name: traces.attention == nil ? "no attention" : "the baseline",
      bleuByLength: traces.bleuByLength)
  }

  /// Writes the figures of `traces` and the traces beside them.
  private func draw(_ traces: RunTraces) throws {
    let folder = URL(fileURLWithPath: out)
    for figure in Figure.all(traces) {
      try figure.write(to: folder, scale: scale)
      print("wrote \(out)/\(figure.name).svg and .png")
    }
    try traces.json().write(to: folder.appendingPathComponent(RunTraces.fileName), options: .atomic)
    print("wrote \(out)/\(RunTraces.fileName)")
  }

  /// The model from the checkpoint, or one trained now, with its dataset and loss history.
  private func loadOrTrain() throws -> (EncoderDecoder, TranslationDataset, [Float]) {
    if let model {
      let checkpoint = try Checkpoint.read(from: model)
      let corpus = try Corpus.load(pairs: checkpoint.header.trainingPairs)
      let dataset = TranslationDataset(
        corpus: corpus, numSteps: checkpoint.header.configuration.numSteps)
      // The figures read pairs of the shipped corpus: the model must know its words.
      guard dataset.sourceVocab.idxToToken == checkpoint.header.sourceTokens,
        dataset.targetVocab.idxToToken == checkpoint.header.targetTokens
      else {
        throw InputError(
          description:
            "\(model): trained on other data than the shipped corpus's first "
            + "\(checkpoint.header.trainingPairs) pairs; figures need a model of those")
      }
      return (try checkpoint.makeModel(), dataset, checkpoint.header.lossHistory)
    }
    print("Training D2L's configuration for \(epochs) epochs (no --model given)...")
    let dataset = try D2LRun.dataset()
    let model = try D2LRun.model(for: dataset)
    let reports = try trainWithProgress(
      model, on: dataset, options: TrainingOptions(epochs: epochs, workers: defaultWorkers),
      every: max(epochs / 4, 1), eta: true, indent: "  ")
    return (model, dataset, reports.map(\.loss))
  }
}

/// Writes the nine figures drawn from `traces` into `folder`, and the traces beside them as
/// `traces.json`, each file atomically; returns the figures.
func write(_ traces: FigureTraces, to folder: URL, scale: Double = 1) throws -> [Figure] {
  let figures = Figure.all(traces)
  for figure in figures { try figure.write(to: folder, scale: scale) }
  try traces.json().write(
    to: folder.appendingPathComponent(FigureTraces.fileName), options: .atomic)
  return figures
}

/// Everything the figures show, computed from one model.
struct FigureData {
  let model: EncoderDecoder
  let dataset: TranslationDataset
  let losses: [Float]

  /// An untrained model of D2L's configuration: its long, random translations stress the layouts.
  static func small() throws -> FigureData {
    let dataset = try D2LRun.dataset()
    let model = try D2LRun.model(for: dataset)
    return FigureData(model: model, dataset: dataset, losses: [1, 0.5])
  }

  var translator: Translator {
    Translator(model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
  }

  /// What the nine figures show, recorded from the model.
  func traces(sentence: String, pair: Int) throws -> FigureTraces {
    let trainer = Trainer(model: model, dataset: dataset)
    return FigureTraces(
      teacherForcing: try teacherForcingTrace(row: pair), model: details(),
      prediction: try translator.greedyTrace(sentence),
      beams: try translator.beamTrace(sentence, beamSize: 3), maskedLoss: try maskedLoss(trainer),
      losses: losses, contexts: try contexts(), bleu: try bleu(), tokenLengths: try tokenLengths(),
      bleuByLength: try bleuByLength())
  }

  /// Pair `row` of the dataset run with teacher forcing, recorded for a figure: its tokens, and
  /// the probability the model gives each gold label. Nothing is trained.
  func teacherForcingTrace(row: Int) throws -> TeacherForcingTrace {
    let batch = dataset.batch(rows: [row])
    let input = teacherForcingInput(
      target: batch.target, shape: batch.shape, bos: dataset.targetVocab.bos)
    let probabilities = try LearningPhase.inference {
      let state = try model.encode(batch.source, shape: batch.shape, validLen: batch.sourceValidLen)
      return model.decoder(input, shape: batch.shape, state: state).logits.softmax().scalars
    }
    let vocabSize = dataset.targetVocab.count
    let mode = model.configuration.contextMode
    return TeacherForcingTrace(
      sourceTokens: dataset.sourceVocab.tokens(at: batch.source),
      sourceValidLen: batch.sourceValidLen[0],
      decoderInputs: dataset.targetVocab.tokens(at: input),
      labels: dataset.targetVocab.tokens(at: batch.target), targetValidLen: batch.targetValidLen[0],
      labelProbabilities: batch.target.enumerated().map {
        probabilities[$0.offset * vocabSize + $0.element]
      },
      contextToInitialState: mode.startsState, contextToEveryInput: mode.joinsEveryInput)
  }

  func details() -> ModelTrace {
    let c = model.configuration
    let directions = c.bidirectional ? 2 : 1
    let cell = c.cell.rawValue.uppercased()
    let decoderInput =
      c.embedSize + (c.contextMode.joinsEveryInput ? directions * c.numHiddens : 0)
    let layers = [
      LayerBox("English tokens X", "ids, (batchSize, numSteps \(c.numSteps))", isEncoder: true),
      LayerBox("Embedding", "\(c.sourceVocabSize) tokens x \(c.embedSize)", isEncoder: true),
      LayerBox(
        "\(cell) encoder, \(c.numLayers) layers",
        "\(c.embedSize) -> \(c.numHiddens) units\(c.bidirectional ? ", both ways" : "")",
        isEncoder: true),
      LayerBox(
        "final state", "(\(c.numLayers * directions), batchSize, \(c.numHiddens))",
        isEncoder: true),
      LayerBox(
        "<bos> + French tokens", "ids, (batchSize, numSteps \(c.numSteps))", isEncoder: false),
      LayerBox(
        "Embedding (+ c)", "\(c.targetVocabSize) tokens x \(c.embedSize), then [x; c]",
        isEncoder: false),
      LayerBox(
        "\(cell) decoder, \(c.resolvedDecoderNumLayers) layers",
        "\(decoderInput) -> \(c.resolvedDecoderNumHiddens) units", isEncoder: false),
      LayerBox(
        "Dense + softmax",
        "\(c.resolvedDecoderNumHiddens) -> \(c.targetVocabSize): P(y_t' | y_<t', c)",
        isEncoder: false),
    ]
    let flows = [
      "(batchSize, \(c.numSteps))", "(\(c.numSteps), batchSize, \(c.embedSize))",
      "(\(c.numSteps), batchSize, \(directions * c.numHiddens))", "",
      "(batchSize, \(c.numSteps))", "(\(c.numSteps), batchSize, \(decoderInput))",
      "(\(c.numSteps), batchSize, \(c.resolvedDecoderNumHiddens))", "",
    ]
    return ModelTrace(layers: layers, flows: flows)
  }

  func maskedLoss(_ trainer: Trainer) throws -> MaskedLossTrace {
    let rows = [0, 190, 400, 577, 600]
    let batch = dataset.batch(rows: rows)
    let (tokenLosses, sentenceLosses) = try LearningPhase.inference {
      let input = teacherForcingInput(
        target: batch.target, shape: batch.shape, bos: dataset.targetVocab.bos)
      let state = try model.encode(batch.source, shape: batch.shape, validLen: batch.sourceValidLen)
      let logits = model.decoder(input, shape: batch.shape, state: state).logits
      return (
        logits.crossEntropy(labels: batch.target).scalars, try trainer.batchLoss(batch).scalars
      )
    }
    let numSteps = dataset.numSteps
    return MaskedLossTrace(
      tokens: rows.indices.map {
        dataset.targetVocab.tokens(at: Array(batch.target[($0 * numSteps)..<(($0 + 1) * numSteps)]))
      },
      losses: rows.indices.map { Array(tokenLosses[($0 * numSteps)..<(($0 + 1) * numSteps)]) },
      validLen: batch.targetValidLen, sentenceLosses: sentenceLosses)
  }

  func contexts() throws -> ContextTrace {
    let sentences = [
      "go .", "i lost .", "he's calm .", "i'm home .", "i am calm .", "i am sick .", "we won .",
      "i'm ok .",
    ]
    let vectors = try sentences.map { try translator.greedyTrace($0).context }
    return ContextTrace(sentences: sentences, vectors: vectors)
  }

  func bleu() throws -> BLEUTrace {
    let hypothesis = try translator.greedy("he's calm .").tokens
    let reference = ["il", "est", "calme", "."]
    let parts = d2lBLEUParts(prediction: hypothesis, label: reference, k: 2)
    return BLEUTrace(
      hypothesis: hypothesis, reference: reference, matches: parts.matches,
      precisions: parts.precisions, brevityPenalty: parts.brevityPenalty, score: parts.score)
  }

  func tokenLengths() throws -> [LengthCount] {
    let whole = TranslationDataset(corpus: try Corpus.load(), numSteps: 10, minFreq: 2)
    let histogram = whole.lengthHistogram()
    return histogram.keys.sorted().map {
      LengthCount(length: $0, source: histogram[$0]!.source, target: histogram[$0]!.target)
    }
  }

  func bleuByLength() throws -> [LengthBLEU] {
    let trained = dataset.corpus.count
    let corpus = try Corpus.load(pairs: trained + 2000)
    let rows = Array(trained..<corpus.count)
    let translations = try translator.greedyBatch(
      rows.map { corpus.source[$0].joined(separator: " ") })
    return scoreByLength(
      sourceLengths: rows.map { corpus.source[$0].count }, hypotheses: translations.map(\.text),
      references: rows.map { corpus.target[$0].joined(separator: " ") }, longest: 6
    ).map { LengthBLEU(length: $0.length, bleu: $0.bleu, count: $0.count) }
  }
}
