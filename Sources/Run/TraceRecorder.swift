import BLEU
import Checkpoint
import EncoderDecoder
import Layers
import Prediction
import TeacherForcing
import TensorCore
import Traces
import TranslationData

/// Records what the figures show from one model and the pairs it was trained on: the traces
/// (`Traces`) the renderer (`Diagrams`) draws, never the model itself. Each trace comes from the
/// code that runs: the teacher-forced pass of training, the translator's greedy and beam search
/// with their `record:` hooks, D2L's BLEU.
public struct TraceRecorder {
  /// The model.
  public let model: EncoderDecoder
  /// The pairs it was trained on, with its vocabularies.
  public let dataset: TranslationDataset
  /// Its loss after each epoch.
  public let losses: [Float]

  /// A recorder of `model`, trained on `dataset` with `losses`.
  public init(model: EncoderDecoder, dataset: TranslationDataset, losses: [Float]) {
    self.model = model
    self.dataset = dataset
    self.losses = losses
  }

  /// An untrained model of D2L's configuration: its long, random translations stress the layouts.
  public static func untrained() throws -> TraceRecorder {
    let dataset = try D2L.dataset()
    return TraceRecorder(model: try D2L.model(for: dataset), dataset: dataset, losses: [1, 0.5])
  }

  /// A translator of the model.
  public var translator: Translator {
    Translator(model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
  }

  /// What the nine figures show, recorded from the model.
  public func traces(sentence: String, pair: Int) throws -> FigureTraces {
    let trainer = Trainer(model: model, dataset: dataset)
    return FigureTraces(
      teacherForcing: try teacherForcingTrace(row: pair), model: details(),
      prediction: try translator.greedyTrace(sentence),
      beams: try translator.beamTrace(sentence, beamSize: 3), maskedLoss: try maskedLoss(trainer),
      losses: losses, contexts: try contexts(), bleu: try bleu(), tokenLengths: try tokenLengths(),
      bleuByLength: try bleuByLength(),
      attention: try translator.attentionTrace(sentence)?.attention,
      transformer: try TransformerTrace.record(sentence, with: translator))
  }

  /// Pair `row` of the dataset run with teacher forcing, recorded for a figure: its tokens, and
  /// the probability the model gives each gold label. Nothing is trained.
  /// The logits of `batch` by the teacher-forced pass of training (`teacherForcedFeatures`).
  private func logits(_ batch: Batch) throws -> Tensor {
    model.outputLayer(
      try teacherForcedFeatures(batch, model: model, bos: dataset.targetVocab.bos))
  }

  func teacherForcingTrace(row: Int) throws -> TeacherForcingTrace {
    let batch = dataset.batch(rows: [row])
    let input = teacherForcingInput(
      target: batch.target, shape: batch.shape, bos: dataset.targetVocab.bos)
    let probabilities = try LearningPhase.inference {
      try logits(batch).softmax().scalars
    }
    let vocabSize = dataset.targetVocab.count
    let (mode, recurrent) = (
      model.configuration.contextMode, model.configuration.transformer == nil
    )
    return TeacherForcingTrace(
      sourceTokens: dataset.sourceVocab.tokens(at: batch.source),
      sourceValidLen: batch.sourceValidLen[0],
      decoderInputs: dataset.targetVocab.tokens(at: input),
      labels: dataset.targetVocab.tokens(at: batch.target), targetValidLen: batch.targetValidLen[0],
      labelProbabilities: batch.target.enumerated().map {
        probabilities[$0.offset * vocabSize + $0.element]
      },
      // A Transformer has no c: its decoder attends to the encoder's outputs instead.
      contextToInitialState: recurrent && mode.startsState,
      contextToEveryInput: recurrent && mode.joinsEveryInput)
  }

  func details() -> ModelTrace {
    let c = model.configuration
    if let sizes = c.transformer { return transformerDetails(c, sizes) }
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

  /// The layers of a Transformer, in the boxes of the recurrent model's figure: embeddings with
  /// positions, the blocks of each side (the decoder's attending to the encoder's outputs), the
  /// output layer.
  func transformerDetails(_ c: Seq2SeqConfiguration, _ sizes: TransformerSizes) -> ModelTrace {
    let d = c.numHiddens
    let blocks = "\(sizes.numHeads) heads, FFN \(sizes.ffnNumHiddens), add & norm"
    let layers = [
      LayerBox("English tokens X", "ids, (batchSize, numSteps \(c.numSteps))", isEncoder: true),
      LayerBox(
        "Embedding + positions", "\(c.sourceVocabSize) tokens x \(d), x sqrt(\(d)) + P",
        isEncoder: true),
      LayerBox("\(c.numLayers) encoder blocks", "self-attention, \(blocks)", isEncoder: true),
      LayerBox(
        "encoder outputs", "(batchSize, \(c.numSteps), \(d)): keys and values", isEncoder: true),
      LayerBox(
        "<bos> + French tokens", "ids, (batchSize, numSteps \(c.numSteps))", isEncoder: false),
      LayerBox(
        "Embedding + positions", "\(c.targetVocabSize) tokens x \(d), x sqrt(\(d)) + P",
        isEncoder: false),
      LayerBox(
        "\(c.numLayers) decoder blocks", "causal self-attention, cross-attention, \(blocks)",
        isEncoder: false),
      LayerBox(
        "Dense + softmax", "\(d) -> \(c.targetVocabSize): P(y_t' | y_<t', X)", isEncoder: false),
    ]
    let flow = "(batchSize, \(c.numSteps), \(d))"
    let flows = [
      "(batchSize, \(c.numSteps))", flow, flow, "", "(batchSize, \(c.numSteps))", flow, flow, "",
    ]
    return ModelTrace(layers: layers, flows: flows, handoff: "keys, values")
  }

  func maskedLoss(_ trainer: Trainer) throws -> MaskedLossTrace {
    let rows = [0, 190, 400, 577, 600]
    let batch = dataset.batch(rows: rows)
    let (tokenLosses, sentenceLosses) = try LearningPhase.inference {
      (
        try logits(batch).crossEntropy(labels: batch.target).scalars,
        try trainer.batchLoss(batch).scalars
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
      referenceSets: rows.map { [corpus.target[$0].joined(separator: " ")] }, longest: 6
    ).map { LengthBLEU(length: $0.length, bleu: $0.bleu, count: $0.count) }
  }
}

extension TraceRecorder {
  /// What the figures of a model trained with a split show (the learning curve, the test BLEU
  /// by length and, when it attends, the weights of the test sentences `heatmapPairs` chooses,
  /// or of `sentence` when one is given), recorded from the checkpoint at `path` and its test
  /// pairs taken again from the corpus at `data`; with `links`, a word aligner's links marked on
  /// the heatmap; with `baselines`, other models' runs on the same split, drawn beside it.
  /// - Throws: `InputError` when the model has no split, `data` is another corpus, or a
  ///   baseline was scored on other test sentences; `CorpusError`.
  public static func runTraces(
    of checkpoint: Checkpoint, at path: String, data: String?, sentence: String? = nil,
    links: AlignmentLinks? = nil, baselines: [(traces: RunTraces, path: String)] = []
  ) throws -> RunTraces {
    let (pairs, record, lines) = try RunData.pairs(.test, of: checkpoint, at: path, data: data)
    let translator = try checkpoint.translator()
    let sources = pairs.source.map { $0.joined(separator: " ") }
    // Pair by pair, one reference each, as the figures of the recorded runs were drawn
    // (`evaluate` prints BLEU by length against all references too).
    let references = pairs.target.map { [$0.joined(separator: " ")] }
    let translations = try translateAll(sources, with: translator)
    let bleuByLength = scoreByLength(
      sourceLengths: pairs.source.map(\.count), hypotheses: translations.map(\.text),
      referenceSets: references, longest: 15
    ).map { LengthBLEU(length: $0.length, bleu: $0.bleu, count: $0.count) }
    let history = checkpoint.header.run?.history ?? []
    let c = checkpoint.header.configuration
    let curve = LearningCurveTrace(
      trainingLoss: history.map(\.loss), validationLoss: history.map { $0.validationLoss ?? 0 },
      validationBLEU: history.map { $0.validationBLEU ?? 0 },
      bestEpoch: checkpoint.header.run?.epoch ?? 0,
      detail: [
        "\(record.sizes[0]) training pairs",
        c.transformer.map {
          "Transformer \(c.numLayers)x\(c.numHiddens), \($0.numHeads) heads, FFN \($0.ffnNumHiddens)"
        }
          ?? "\(c.cell.rawValue.uppercased()) \(c.numLayers)x\(c.numHiddens)\(c.bidirectional ? " bidirectional" : "")",
        c.transformer == nil ? "embed \(c.embedSize)" : nil,
        c.attention.map { "\($0.rawValue) attention" },
        "vocabularies \(c.sourceVocabSize) -> \(c.targetVocabSize)",
      ].compactMap { $0 }.joined(separator: ", "))
    var attention: [AttentionTrace]?
    if let sentence {
      attention = try translator.attentionTrace(sentence).map { [$0.attention] }
    } else {
      let chosen = heatmapPairs(
        sources: pairs.source, references: pairs.target,
        unknown: { !translator.sourceVocab.contains($0) },
        unknownFrench: { !translator.targetVocab.contains($0) })
      attention = try translator.forcedAttention(chosen.map { (sources[$0], references[$0][0]) })?
        .enumerated().map { index, trace in
          var trace = trace
          trace.links = links?.rows(line: lines[chosen[index]], targetCount: trace.target.count)
          return trace
        }
    }
    // Every head's weights for the heatmap's middle sentence (or the one asked for).
    let headsSentence =
      sentence
      ?? attention?.dropFirst().first.map { trace in
        trace.source.filter { $0 != "<eos>" }.joined(separator: " ")
      }
    var traces = RunTraces(
      learningCurve: curve, bleuByLength: bleuByLength, attention: attention,
      transformer: try headsSentence.flatMap { try TransformerTrace.record($0, with: translator) })
    if !baselines.isEmpty {
      traces.baselines = try baselines.map {
        try compared($0.traces, at: $0.path, with: bleuByLength)
      }
    }
    return traces
  }

  /// The source lengths, in tokens (`.` counts), of the test sentences the heatmap shows.
  public static let heatmapLengths = [5, 8, 11]

  /// The test pairs the heatmap shows, by a rule rather than by hand, the same for every model
  /// on the split (so that heatmaps can be compared): for each of `heatmapLengths`, the first
  /// pair in split order with no unknown word on either side and that many English tokens or,
  /// when there is none, the nearest length there is (the shorter on a tie). Each pair once;
  /// none when no pair is free of unknown words.
  public static func heatmapPairs(
    sources: [[String]], references: [[String]], unknown: (String) -> Bool,
    unknownFrench: (String) -> Bool
  ) -> [Int] {
    let known = sources.indices.filter {
      !sources[$0].contains(where: unknown) && !references[$0].contains(where: unknownFrench)
    }
    var chosen: [Int] = []
    for length in heatmapLengths {
      let free = known.filter { !chosen.contains($0) }
      guard
        let nearest = free.map({ sources[$0].count }).min(by: {
          (abs($0 - length), $0) < (abs($1 - length), $1)
        })
      else { break }
      chosen.append(free.first { sources[$0].count == nearest }!)
    }
    return chosen
  }

  /// The baseline's test BLEU by length, named by what it is (`RunTraces.modelName`); refused
  /// unless it was scored on as many test sentences of each length as this model.
  private static func compared(_ traces: RunTraces, at path: String, with buckets: [LengthBLEU])
    throws -> BaselineTrace
  {
    guard traces.bleuByLength.map(\.count) == buckets.map(\.count) else {
      throw InputError(
        description:
          "--baseline \(path): its test sentences are not this model's (another split?)")
    }
    return BaselineTrace(name: traces.modelName, bleuByLength: traces.bleuByLength)
  }
}
