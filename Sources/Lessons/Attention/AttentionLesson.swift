import Attention
import Decoder
import Encoder
import Layers
import LessonSupport
import TensorCore
import TranslationData

/// Lesson 8: attention, the chapter's sequel. The decoder gets a fresh context at every step,
/// c_t' = sum_t alpha_{t',t} h_t, instead of one c for the whole sentence.
enum AttentionLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 8: attention, c_t' = sum_t alpha_{t',t} h_t")
    say("The chapter's decoder reads one c for the whole sentence; with attention it looks")
    say("back at every encoder state, with new weights at every step.")

    heading("1. D2L's check: the shapes").forEach(say)
    // D2L's sizes: vocabulary 10, embed 8, 16 hiddens, 2 layers, a batch of 4 sequences of 7.
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, contextSize: 16,
      attention: .additive, generator: &generator)
    let zeros = [Int](repeating: 0, count: 4 * 7)
    try LearningPhase.inference {
      let (outputs, encoderState) = encoder(zeros, shape: [4, 7])
      let start = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      let (logits, end) = decoder(zeros, shape: [4, 7], state: start)
      say(
        "encoder outputs h_1..h_T: \(shape(outputs)); the memory, batch-major: \(shape(start.memory!.values))"
      )
      say("decoder input per step: \(decoder.rnn.inputSize) = embed 8 + c_t' 16")
      say(
        "logits: \(shape(logits)), state: \(shape(end.recurrent.hidden)), weights: \(shape(end.attentionWeights!))"
      )
    }

    heading("2. the masked weights of one sentence").forEach(say)
    let dataset = TranslationDataset(corpus: try Corpus.load(numExamples: 600), numSteps: 10)
    let row = dataset.corpus.source.firstIndex(of: ["i", "lost", "."])!
    let source = Array(dataset.source.row(row))
    let validLen = dataset.source.validLen[row]
    say("source: \(dataset.sourceVocab.tokens(at: source).joined(separator: " "))")
    say("valid length \(validLen) of 10: the padding must get weight 0")
    generator = SeededGenerator(seed: 1)
    let small = Seq2SeqEncoder(
      vocabSize: dataset.sourceVocab.count, embedSize: 32, numHiddens: 16, numLayers: 2,
      generator: &generator)
    let attention = Attention(
      .additive, querySize: 16, keySize: 16, numHiddens: 16, generator: &generator)
    let (outputs, encoded) = LearningPhase.inference { small(source, shape: [1, 10]) }
    let memory = attention.memory(encoderOutputs: outputs, validLen: [validLen])
    let query = encoded.hidden.select(axis: 0, 1)  // s_0: the encoder's top final state
    let scores = attention.score.scores(query: query, keys: memory.keys)
    say("a(s, h_t) = w_v^T tanh(W_q s + W_k h_t), one score per step:")
    say("  \(format(scores.scalars, digits: 3))")
    let weights = maskedSoftmax(scores, validLen: [validLen])
    say("masked softmax (padding -> -1e6 before the softmax):")
    say("  \(format(weights.scalars, digits: 3))")
    say(
      "sum of the weights: \(format(weights.sum().scalar, digits: 3)); beyond the valid length all 0: \(weights.scalars[validLen...].allSatisfy { $0 == 0 })"
    )
    let context = weightedContext(weights, memory.values)
    say(
      "c = sum_t alpha_t h_t: \(shape(context)), c[0..<3] = \(format(Array(context.scalars.prefix(3)), digits: 3))"
    )

    heading("3. a new context at every step").forEach(say)
    // A decoder with attention (untrained) reads "<bos> j'ai perdu ." one token at a time.
    generator = SeededGenerator(seed: 2)
    let attending = Seq2SeqDecoder(
      vocabSize: dataset.targetVocab.count, embedSize: 32, numHiddens: 16, numLayers: 2,
      contextSize: 16, attention: .additive, generator: &generator)
    var contexts: [[Float]] = []
    try LearningPhase.inference {
      var state = try attending.initState(
        encoderOutputs: outputs, encoderState: encoded, validLen: [validLen])
      for (step, token) in ["<bos>", "j'ai", "perdu", "."].enumerated() {
        (_, state) = attending([dataset.targetVocab[token]], shape: [1, 1], state: state)
        let alpha = state.attentionWeights!.reshaped([1, 10])
        let c = weightedContext(alpha, state.memory!.values)
        contexts.append(c.scalars)
        say(
          "step \(step + 1) reads \(token.padding(toLength: 5, withPad: " ", startingAt: 0)) "
            + "alpha over [i, lost, ., <eos>] = \(format(Array(alpha.scalars.prefix(validLen)), digits: 3)), "
            + "c_t'[0..<2] = \(format(Array(c.scalars.prefix(2)), digits: 3))")
      }
    }
    let moved = zip(contexts, contexts.dropFirst()).allSatisfy { $0 != $1 }
    say("c_t' changes from step to step: \(moved). Untrained, the weights are nearly even;")
    say("trained, a French word looks most at the English it translates (Figures/attention).")
    say("The chapter's decoder reads one c, (1, 16), at every step: all it knows of the source.")

    heading("4. the two scores").forEach(say)
    say("additive (Bahdanau): W_q, W_k, w_v = \(attention.parameterCount) parameters, any widths")
    say("dot product (Luong): s^T h_t / sqrt(d), no parameters, equal widths:")
    do {
      try AttentionKind.dot.checkSizes(querySize: 16, keySize: 32)
    } catch {
      say("  error: \(error)")
    }
    say("Training and translating with it: seq2seq train --attention additive (Chapters/08).")
  }
}
