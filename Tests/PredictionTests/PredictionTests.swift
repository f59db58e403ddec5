import Attention
import EncoderDecoder
import Layers
import Prediction
import TeacherForcing
import TensorCore
import Testing
import Traces
import TranslationData

/// A small model trained for a moment, shared by the tests that need real predictions (which
/// only read it; the suite runs serially all the same).
nonisolated(unsafe) let trainedTranslator = trainTranslator(attention: nil)
/// The same with additive attention.
nonisolated(unsafe) let attendingTranslator = trainTranslator(attention: .additive)

/// A model of 16 units trained for a moment on the first 41 pairs.
func trainTranslator(attention: AttentionKind?) -> Translator {
  let dataset = TranslationDataset(
    corpus: try! Corpus.load(numExamples: 40), numSteps: 8, minFreq: 1)
  let configuration = Seq2SeqConfiguration(
    sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
    numSteps: 8, embedSize: 16, numHiddens: 16, numLayers: 1, attention: attention)
  let model = try! EncoderDecoder(configuration, seed: 3)
  let options = TrainingOptions(epochs: 40, batchSize: 41, learningRate: 0.02)
  try! Trainer(model: model, dataset: dataset, options: options).train()
  return Translator(
    model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
}

/// Both trained translators, for the tests that hold with and without attention.
func translator(attends: Bool) -> Translator { attends ? attendingTranslator : trainedTranslator }

/// D2L's example of greedy search going wrong: tokens A, B, C and <eos> = 3, with the
/// conditional probabilities of the book's two figures.
func d2lExampleStep(_ token: Int, _ prefix: [Int]) -> (logProbabilities: [Float], state: [Int]) {
  let path = prefix + (token == -1 ? [] : [token])
  let table: [[Int]: [Float]] = [
    []: [0.5, 0.2, 0.2, 0.1],
    [0]: [0.1, 0.4, 0.3, 0.2],
    [0, 1]: [0.2, 0.2, 0.4, 0.2],
    [0, 1, 2]: [0.1, 0.1, 0.2, 0.6],
    [0, 2]: [0.1, 0.6, 0.2, 0.1],
    [0, 2, 1]: [0.1, 0.2, 0.1, 0.6],
  ]
  let probabilities = table[path] ?? [0.25, 0.25, 0.25, 0.25]
  return (probabilities.map { Float.log($0) }, path)
}

extension Float {
  static func log(_ x: Float) -> Float { Tensor(x).log().scalar }
  static func exp(_ x: Float) -> Float { Tensor(x).exp().scalar }
}

/// Beam search as the package ran it before it batched the beams, kept here as the reference:
/// one `step` call per beam, every beam's `beamSize` best tokens ranked together, ties to the
/// earlier beam and the smaller token; finished and unfinished candidates ranked by D2L's score.
func oneBeamAtATime<State>(
  beamSize: Int, maxSteps: Int, bos: Int, eos: Int, alpha: Float = 0.75, initial: State,
  step: (Int, State) -> (logProbabilities: [Float], state: State)
) -> [SearchResult] {
  var beams = [(tokens: [Int](), logProbability: Float(0), last: bos, state: initial)]
  var candidates: [SearchResult] = []
  for _ in 0..<maxSteps where !beams.isEmpty {
    let expanded = beams.map { step($0.last, $0.state) }
    var continuations: [(beam: Int, token: Int, logProbability: Float)] = []
    for (beam, next) in expanded.enumerated() {
      for token in next.logProbabilities.indices {
        continuations.append(
          (beam, token, beams[beam].logProbability + next.logProbabilities[token]))
      }
    }
    let best = continuations.enumerated().sorted {
      $0.element.logProbability != $1.element.logProbability
        ? $0.element.logProbability > $1.element.logProbability : $0.offset < $1.offset
    }.prefix(beamSize).map(\.element)
    let previous = beams
    beams = []
    for (beam, token, logProbability) in best {
      if token == eos {
        candidates.append(
          SearchResult(
            tokens: previous[beam].tokens, logProbability: logProbability, endedWithEOS: true))
      } else {
        beams.append(
          (previous[beam].tokens + [token], logProbability, token, expanded[beam].state))
      }
    }
  }
  candidates += beams.map {
    SearchResult(tokens: $0.tokens, logProbability: $0.logProbability, endedWithEOS: false)
  }
  return candidates.sorted { $0.score(alpha: alpha) > $1.score(alpha: alpha) }
}

@Suite("prediction", .serialized)
struct PredictionTests {
  @Test("greedy search takes A, B, C: probability 0.048, as the book says")
  func greedyOnD2LExample() {
    let result = greedySearch(maxSteps: 5, bos: -1, eos: 3, initial: [Int](), step: d2lExampleStep)
    #expect(result.tokens == [0, 1, 2])
    #expect(result.endedWithEOS)
    #expect(abs(Float.exp(result.logProbability) - 0.048) < 1e-6)
  }

  @Test("beam search (k = 2) finds A, C, B: probability 0.054, more than greedy's")
  func beamOnD2LExample() {
    let results = try! beamSearch(
      beamSize: 2, maxSteps: 5, bos: -1, eos: 3, initial: [Int](), step: d2lExampleStep)
    #expect(results[0].tokens == [0, 2, 1])
    #expect(abs(Float.exp(results[0].logProbability) - 0.054) < 1e-6)
  }

  @Test("batched beam search: one step call for all beams, each sentence choosing among its own")
  func batchedBeamOnD2LExample() throws {
    // Three sentences; the second one's probabilities are rotated, so its beams differ. Each
    // row's state is its sentence and the tokens so far.
    typealias Row = (sentence: Int, path: [Int])
    var calls = 0
    let results = try beamSearch(
      batchSize: 3, beamSize: 2, maxSteps: 5, bos: -1, eos: 3,
      initial: (0..<3).map { Row($0, []) }, select: { rows, kept in kept.map { rows[$0] } },
      step: { tokens, rows in
        calls += 1
        var (logProbabilities, next) = ([Float](), [Row]())
        for (token, row) in zip(tokens, rows) {
          let (scores, path) = d2lExampleStep(token, row.path)
          logProbabilities += row.sentence == 1 ? Array(scores[1...] + scores[..<1]) : scores
          next.append((row.sentence, path))
        }
        return (logProbabilities, next)
      })
    let alone = try beamSearch(
      beamSize: 2, maxSteps: 5, bos: -1, eos: 3, initial: [Int](), step: d2lExampleStep)
    #expect(results.count == 3)
    #expect(results[0] == alone)
    #expect(results[2] == alone)
    #expect(results[1] != alone)
    #expect(calls <= 5)  // one call a step, whatever the number of beams
  }

  @Test(
    "batched beam search finds the hypotheses and scores of one decoder call per beam",
    arguments: [false, true])
  func batchedBeamEqualsOneBeamAtATime(attends: Bool) throws {
    let translator = translator(attends: attends)
    let model = translator.model
    let sentences =
      try Corpus.load(numExamples: 40).source.prefix(24).map {
        $0.joined(separator: " ")
      } + ["it's the xylophone .", "", String(repeating: "go ", count: 20)]
    for beamSize in [1, 2, 4] {
      let batch = try translator.nBestBatch(sentences, beamSize: beamSize)
      for (sentence, list) in zip(sentences, batch) {
        // Beam search as it ran before batching: one decoder call per beam per step.
        let source = translator.encodeSource(sentence)
        let state = try model.encode(
          source.ids, shape: [1, translator.numSteps], validLen: [source.validLen])
        let reference = LearningPhase.inference {
          oneBeamAtATime(
            beamSize: beamSize, maxSteps: translator.numSteps, bos: translator.targetVocab.bos,
            eos: translator.targetVocab.eos, initial: state
          ) { token, state in
            let (logits, next) = model.decode([token], shape: [1, 1], state: state)
            return (logits.logSoftmax().scalars, next)
          }
        }
        // The same, up to the last bits of a product whose batch has other rows.
        #expect(list.count == reference.count, "\(sentence), beam \(beamSize)")
        for (found, expected) in zip(list, reference) {
          #expect(found.tokens == translator.targetVocab.tokens(at: expected.tokens))
          #expect(found.endedWithEOS == expected.endedWithEOS)
          #expect(abs(found.logProbability - expected.logProbability) < 1e-4)
        }
        let alone = try translator.nBest(sentence, beamSize: beamSize)
        #expect(alone.map(\.tokens) == list.map(\.tokens))
      }
    }
  }

  @Test(
    "a beam of size 1 is greedy search, on every training sentence of a real model",
    arguments: [false, true])
  func beamOneIsGreedy(attends: Bool) throws {
    let translator = translator(attends: attends)
    for row in 0...40 {
      let sentence = try Corpus.load(numExamples: 40).source[row].joined(separator: " ")
      let greedy = try translator.greedy(sentence)
      let beam = try translator.beamSearch(sentence, beamSize: 1)
      #expect(greedy == beam, "\(sentence)")
    }
  }

  @Test(
    "beam search never finds a less probable translation than greedy under its own score",
    arguments: [false, true])
  func beamScoresAtLeastGreedy(attends: Bool) throws {
    let translator = translator(attends: attends)
    for sentence in ["go .", "i lost .", "hello !", "i won !"] {
      let greedy = try translator.greedy(sentence)
      let beam = try translator.beamSearch(sentence, beamSize: 4)
      let length = { (t: Translation) in Float(t.tokens.count + (t.endedWithEOS ? 1 : 0)) }
      let score = { (t: Translation) in t.logProbability / Float.exp(0.75 * Float.log(length(t))) }
      #expect(score(beam) >= score(greedy) - 1e-5)
    }
  }

  @Test(
    "batched greedy decoding gives the same translations as one by one", arguments: [false, true])
  func batchedEqualsSingle(attends: Bool) throws {
    let translator = translator(attends: attends)
    let sentences = ["go .", "i lost .", "who ?", "run !", "wow !", "it's the xylophone ."]
    let batch = try translator.greedyBatch(sentences)
    for (sentence, translation) in zip(sentences, batch) {
      let single = try translator.greedy(sentence)
      #expect(single.tokens == translation.tokens)
      #expect(abs(single.logProbability - translation.logProbability) < 1e-4)
    }
  }

  @Test("unknown words are read as <unk> and named; any input is translated")
  func unknownWords() throws {
    let translation = try trainedTranslator.greedy("Où est le xylophone?")
    #expect(translation.source == ["où", "est", "le", "xylophone", "?"])
    #expect(translation.unknownWords == ["où", "est", "le", "xylophone"])
    for odd in ["", "   ", "?!?!", String(repeating: "go ", count: 50), "\u{202F}!"] {
      let result = try trainedTranslator.greedy(odd)
      #expect(result.tokens.count <= 8)
    }
  }

  @Test("user input is preprocessed as the training data: \"Go.\" reads as \"go .\"")
  func preprocessing() throws {
    #expect(trainedTranslator.sourceTokens("Go.") == ["go", "."])
    #expect(try trainedTranslator.greedy("Go.") == trainedTranslator.greedy("go ."))
  }

  @Test("the attention trace: the greedy translation, one row of weights per token written")
  func attentionTrace() throws {
    #expect(try trainedTranslator.attentionTrace("go .") == nil)
    for sentence in ["go .", "i lost .", "it's the xylophone ."] {
      let (translation, trace) = try #require(try attendingTranslator.attentionTrace(sentence))
      let greedy = try attendingTranslator.greedy(sentence)
      #expect(translation == greedy)
      #expect(trace.target == greedy.tokens + (greedy.endedWithEOS ? ["<eos>"] : []))
      let read = attendingTranslator.sourceTokens(sentence).map {
        attendingTranslator.sourceVocab.contains($0) ? $0 : "<unk>"
      }
      #expect(trace.source == read + ["<eos>"])
      #expect(trace.weights.count == trace.target.count)
      for row in trace.weights {
        #expect(row.count == trace.source.count)
        #expect(abs(row.reduce(0, +) - 1) < 1e-4)
      }
      #expect(trace.strongest(2).allSatisfy { $0.sources.count == 2 })
    }
  }

  @Test("forced attention: fed its own greedy translation, the decoder looks where it looked")
  func forcedAttention() throws {
    #expect(try trainedTranslator.forcedAttention([("go .", "va !")]) == nil)
    let sentences = ["go .", "i lost .", "it's the xylophone .", "hello !"]
    var pairs: [(source: String, reference: String)] = []
    var traces: [AttentionTrace] = []
    for sentence in sentences {
      let (translation, trace) = try #require(try attendingTranslator.attentionTrace(sentence))
      guard translation.endedWithEOS else { continue }
      pairs.append((sentence, translation.text))
      traces.append(trace)
    }
    #expect(pairs.count >= 3)
    // Teacher forcing with the greedy tokens runs the same steps as the greedy search: row t'
    // is the weights of the step that wrote token t', in batches of 1 and of all.
    for batchSize in [1, 4] {
      let forced = try #require(
        try attendingTranslator.forcedAttention(pairs, batchSize: batchSize))
      #expect(forced.count == traces.count)
      for (forced, greedy) in zip(forced, traces) {
        #expect(forced.source == greedy.source && forced.target == greedy.target)
        for (a, b) in zip(forced.weights.joined(), greedy.weights.joined()) {
          #expect(abs(a - b) < 1e-5)
        }
      }
    }
    // With the padding: every source step a column, the padding's weights exactly 0.
    let padded = try #require(try attendingTranslator.forcedAttention(pairs, padding: true))
    for (trace, valid) in zip(padded, traces) {
      let numSteps = attendingTranslator.numSteps
      #expect(
        trace.source == valid.source
          + Array(repeating: "<pad>", count: numSteps - valid.source.count))
      #expect(
        trace.weights.allSatisfy {
          $0.count == numSteps && $0[valid.source.count...].allSatisfy { $0 == 0 }
        })
    }
  }
}
