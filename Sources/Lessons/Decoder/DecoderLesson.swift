import ContextVariable
import Decoder
import Encoder
import Layers
import LessonSupport
import MaskedLoss
import TensorCore
import TranslationData

/// Lesson 3: the decoder, s_t' = g(y_{t'-1}, c, s_{t'-1}), and why c must stay the encoder's.
enum DecoderLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 3: the decoder, s_t' = g(y_(t'-1), c, s_(t'-1))")
    say("The decoder is a language model of the target sentence that also sees c. A dense layer")
    say("turns each state s_t' into scores over the target vocabulary; their softmax is")
    say("P(y_t' | y_1, ..., y_(t'-1), c).")

    heading("1. D2L's check").forEach(say)
    // D2L: vocab 10, embed 8, 16 hiddens, 2 layers, batch 4, 7 steps, all-zero ids.
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, contextSize: 16,
      generator: &generator)
    let x = [Int](repeating: 0, count: 4 * 7)
    let (outputs, encoderState) = LearningPhase.inference { encoder(x, shape: [4, 7]) }
    let start = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
    let (logits, state) = LearningPhase.inference { decoder(x, shape: [4, 7], state: start) }
    say("output: \(shape(logits))   (batchSize, numSteps, vocabSize)")
    say("state:  \(shape(state.recurrent.hidden))   (numLayers, batchSize, numHiddens)")
    let probabilities = logits.select(axis: 0, 0).select(axis: 0, 0).softmax().scalars
    say("P(y_1 | <bos>, c) for sentence 0: \(format(probabilities, digits: 3))")
    say("sums to \(format(probabilities.reduce(0, +)))")

    heading("2. train a small translator for a moment").forEach(say)
    // 64 pairs, one batch, a one-layer GRU of 32 units, Adam: enough to memorise them. Tatoeba
    // often translates one English sentence twice; we keep its first translation, so that every
    // sentence has one right answer and the model can learn it.
    let corpus = try Corpus.load(pairs: 151)
    var seen: Set<[String]> = []
    let rows = corpus.source.indices.filter { seen.insert(corpus.source[$0]).inserted }.prefix(64)
    let dataset = TranslationDataset(
      corpus: Corpus(
        source: rows.map { corpus.source[$0] }, target: rows.map { corpus.target[$0] },
        origin: corpus.origin),
      numSteps: 10, minFreq: 1)
    generator = SeededGenerator(seed: 1)
    let toyEncoder = Seq2SeqEncoder(
      vocabSize: dataset.sourceVocab.count, embedSize: 32, numHiddens: 32, numLayers: 1,
      generator: &generator)
    let toyDecoder = Seq2SeqDecoder(
      vocabSize: dataset.targetVocab.count, embedSize: 32, numHiddens: 32, numLayers: 1,
      contextSize: 32, generator: &generator)
    let adam = Adam(parameters: toyEncoder.parameters + toyDecoder.parameters, learningRate: 0.01)
    let batch = dataset.batches(batchSize: 64, shuffle: false, using: &generator)[0]
    // Teacher forcing (lesson 5): the decoder reads <bos> and the gold sentence shifted right.
    let decoderInput = (0..<64).flatMap { row in
      [dataset.targetVocab.bos] + batch.target[(row * 10)..<(row * 10 + 9)]
    }
    for step in 1...200 {
      adam.zeroGrad()
      let (outputs, encoderState) = toyEncoder(batch.source, shape: batch.shape)
      let state = try toyDecoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      let logits = toyDecoder(decoderInput, shape: batch.shape, state: state).logits
      let loss = maskedSoftmaxCrossEntropy(
        logits: logits, labels: batch.target, validLen: batch.targetValidLen
      ).sum()
      loss.backward()
      clipGradients(adam.parameters, maxNorm: 1)
      adam.step()
      if step % 50 == 0 {
        let tokens = Float(batch.targetValidLen.reduce(0, +))
        say("step \(step): loss per token \(format(loss.scalar * 10 / tokens))")
      }
    }

    heading("3. translate one token at a time: c fixed, or drifting (the D2L v0.17 bug)").forEach(
      say)
    say("Predicting, the decoder is called once per token with its own previous output.")
    say("D2L v0.17 took c from the decoder's current state on each call (state[-1]): after")
    say("the first token, c is no longer the encoder's but the decoder's own last state.")
    // Four sentences whose every greedy step, fixed or drifting, wins by a probability margin
    // above 0.5, so that another CPU's rounding (differences near 1e-3) leaves them as they are.
    let shown: Set<[String]> = [
      ["i", "lost", "."], ["i'm", "ok", "."], ["be", "calm", "."], ["get", "tom", "."],
    ]
    var correct = 0
    var meanProbability = (fixed: Float(0), drifting: Float(0))
    for row in 0..<64 {
      let source = Array(dataset.source.row(row))
      let reference = Array(dataset.target.row(row).prefix(dataset.target.validLen[row]))
      let fixed = try decode(source, toyEncoder, toyDecoder, dataset, driftingContext: false).words
      correct += fixed == dataset.corpus.target[row] ? 1 : 0
      meanProbability.fixed +=
        try decode(
          source, toyEncoder, toyDecoder, dataset, driftingContext: false, gold: reference
        ).probability / 64
      meanProbability.drifting +=
        try decode(
          source, toyEncoder, toyDecoder, dataset, driftingContext: true, gold: reference
        ).probability / 64
      if shown.contains(dataset.corpus.source[row]) {
        let drifting = try decode(source, toyEncoder, toyDecoder, dataset, driftingContext: true)
        say(
          "\(dataset.corpus.source[row].joined(separator: " ")) => \(dataset.corpus.target[row].joined(separator: " "))"
        )
        say("  c fixed:    \(fixed.joined(separator: " "))")
        say("  c drifting: \(drifting.words.joined(separator: " "))")
      }
    }
    say("translations equal to the reference, of 64: c fixed \(correct)")
    say("P(reference), the gold words fed one by one, mean of the 64:")
    say(
      "  c fixed \(format(meanProbability.fixed, digits: 3)), c drifting \(format(meanProbability.drifting, digits: 3))"
    )
    say("Training ran the whole sentence in one call, so c was the encoder's throughout; only")
    say("step-by-step prediction drifts. Seq2SeqDecoder keeps c in its State, computed once.")
  }

  /// Decodes `source` one token at a time, up to `<eos>` or 10 tokens: greedily, feeding back
  /// the most probable token, or, given `gold`, feeding the gold tokens. Returns the words and
  /// the probability of the tokens fed, P(y_1, ..., y_n | c) = prod_t' P(y_t' | y_<t', c).
  static func decode(
    _ source: [Int], _ encoder: Seq2SeqEncoder, _ decoder: Seq2SeqDecoder,
    _ dataset: TranslationDataset, driftingContext: Bool, gold: [Int]? = nil
  ) throws -> (words: [String], probability: Float) {
    try LearningPhase.inference {
      let (outputs, encoderState) = encoder(source, shape: [1, source.count])
      var state = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      var token = dataset.targetVocab.bos
      var words: [String] = []
      var logProbability: Float = 0
      for step in 0..<(gold?.count ?? 10) {
        let (logits, next) = decoder([token], shape: [1, 1], state: state)
        token = gold?[step] ?? argmax(logits.scalars)
        logProbability += logits.logSoftmax().scalars[token]
        if token == dataset.targetVocab.eos { break }
        words.append(dataset.targetVocab.idxToToken[token])
        // The bug, reproduced on purpose: c becomes the top layer of the decoder's new state.
        let topLayer = next.recurrent.hidden.select(axis: 0, next.recurrent.hidden.shape[0] - 1)
        state = driftingContext ? .init(recurrent: next.recurrent, context: topLayer) : next
      }
      return (words, Tensor(logProbability).exp().scalar)
    }
  }
}
