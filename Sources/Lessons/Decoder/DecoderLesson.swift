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
    let decoder = try Seq2SeqDecoder(
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
    // 64 pairs, one batch, a one-layer GRU of 32 units, Adam: enough to memorise them.
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 63), numSteps: 10, minFreq: 1)
    generator = SeededGenerator(seed: 1)
    let toyEncoder = Seq2SeqEncoder(
      vocabSize: dataset.sourceVocab.count, embedSize: 32, numHiddens: 32, numLayers: 1,
      generator: &generator)
    let toyDecoder = try Seq2SeqDecoder(
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
    var correct = (fixed: 0, drifting: 0)
    var shown: Set<[String]> = []
    for row in 0..<64 {
      let source = Array(dataset.source.row(row))
      let reference = dataset.corpus.target[row].joined(separator: " ")
      let fixed = try translate(source, toyEncoder, toyDecoder, dataset, driftingContext: false)
      let drifting = try translate(source, toyEncoder, toyDecoder, dataset, driftingContext: true)
      correct.fixed += fixed == reference ? 1 : 0
      correct.drifting += drifting == reference ? 1 : 0
      if fixed != drifting && shown.count < 4 && shown.insert(dataset.corpus.source[row]).inserted {
        say("\(dataset.corpus.source[row].joined(separator: " ")) => \(reference)")
        say("  c fixed:    \(fixed)")
        say("  c drifting: \(drifting)")
      }
    }
    say(
      "translations equal to the reference, of 64: c fixed \(correct.fixed), c drifting \(correct.drifting)"
    )
    say("Training ran the whole sentence in one call, so c was the encoder's throughout; only")
    say("step-by-step prediction drifts. Seq2SeqDecoder keeps c in its State, computed once.")
  }

  /// Greedy decoding: feed back the most probable token until <eos> or 10 tokens.
  static func translate(
    _ source: [Int], _ encoder: Seq2SeqEncoder, _ decoder: Seq2SeqDecoder,
    _ dataset: TranslationDataset, driftingContext: Bool
  ) throws -> String {
    try LearningPhase.inference {
      let (outputs, encoderState) = encoder(source, shape: [1, source.count])
      var state = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      var token = dataset.targetVocab.bos
      var words: [String] = []
      for _ in 0..<10 {
        let (logits, next) = decoder([token], shape: [1, 1], state: state)
        let scores = logits.scalars
        token = scores.indices.max { scores[$0] < scores[$1] }!
        if token == dataset.targetVocab.eos { break }
        words.append(dataset.targetVocab.idxToToken[token])
        // The bug, reproduced on purpose: c becomes the top layer of the decoder's new state.
        let topLayer = next.recurrent.hidden.select(axis: 0, next.recurrent.hidden.shape[0] - 1)
        state = driftingContext ? .init(recurrent: next.recurrent, context: topLayer) : next
      }
      return words.joined(separator: " ")
    }
  }
}
