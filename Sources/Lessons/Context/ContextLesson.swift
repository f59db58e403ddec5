import ContextVariable
import Decoder
import Encoder
import Layers
import LessonSupport
import TensorCore
import TranslationData

/// Lesson 2: the context variable c = q(h_1, ..., h_T), and the two ways it reaches the decoder.
enum ContextLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 2: the context variable, c = q(h_1, ..., h_T)")
    say("Everything the decoder learns about the source sentence passes through c.")

    heading("1. encode four real sentences").forEach(say)
    let dataset = TranslationDataset(corpus: try Corpus.load(numExamples: 600), numSteps: 10)
    let rows = [0, 190, 400, 600]
    let tokens = rows.flatMap { dataset.source.row($0) }
    let validLen = rows.map { dataset.source.validLen[$0] }
    for row in rows {
      say(
        "  \(dataset.corpus.source[row].joined(separator: " ")) (valid length \(dataset.source.validLen[row]))"
      )
    }
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: dataset.sourceVocab.count, embedSize: 32, numHiddens: 16, numLayers: 2,
      generator: &generator)
    let (outputs, state) = LearningPhase.inference { encoder(tokens, shape: [4, 10]) }
    say("encoder outputs h_1..h_T: \(shape(outputs)), final state: \(shape(state.hidden))")

    heading("2. three choices of q").forEach(say)
    for q in ContextVariable.allCases {
      let c = q(outputs: outputs, state: state, validLen: validLen)
      say(
        "\(q.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) c: \(shape(c))  c[0][0..<3] = \(format(Array(c.scalars.prefix(3))))"
      )
    }
    let last = ContextVariable.lastState(outputs: outputs, state: state)
    say(
      "lastState is h_T, the top layer's output at step 10: "
        + "\(last.scalars == outputs.select(axis: 0, 9).scalars)")
    say("It has read the padding after '<eos>'; the pooled contexts use only the valid steps.")

    heading("3. how c reaches the decoder").forEach(say)
    // The decoder below has D2L's sizes: embed 32, 16 hiddens, 2 layers, French vocabulary.
    let targetTokens = [Int](repeating: dataset.targetVocab.bos, count: 4 * 7)
    let modes: [(String, ContextMode)] = [
      ("initial state only", .initialState), ("every input only", .everyInput),
      ("both (D2L)", .both),
    ]
    for (name, mode) in modes {
      var generator = SeededGenerator(seed: 1)
      let decoder = Seq2SeqDecoder(
        vocabSize: dataset.targetVocab.count, embedSize: 32, numHiddens: 16, numLayers: 2,
        contextSize: 16, contextMode: mode, generator: &generator)
      let start = try decoder.initState(encoderOutputs: outputs, encoderState: state)
      let copied = start.recurrent.hidden.scalars == state.hidden.scalars
      let (logits, _) = LearningPhase.inference {
        decoder(targetTokens, shape: [4, 7], state: start)
      }
      say("\(name):")
      say(
        "  decoder input per step: \(decoder.rnn.inputSize) = embed 32\(mode.joinsEveryInput ? " + c 16" : "")"
      )
      say(
        "  s_0: \(shape(start.recurrent.hidden)) \(copied ? "= the encoder's final state" : "= zeros")"
      )
      say("  logits: \(shape(logits))")
    }

    heading("4. when the sizes differ (D2L's exercise 3)").forEach(say)
    // A decoder with 3 layers of 12 units cannot start from a (2, 4, 16) encoder state.
    generator = SeededGenerator(seed: 2)
    let bigger = Seq2SeqDecoder(
      vocabSize: dataset.targetVocab.count, embedSize: 32, numHiddens: 12, numLayers: 3,
      contextSize: 16, contextMode: .both, generator: &generator)
    do {
      _ = try bigger.initState(encoderOutputs: outputs, encoderState: state)
    } catch {
      say("error: \(error)")
    }
    // The fix: learn s_0 for every layer from c, s_0^l = tanh(c W_l + b_l).
    generator = SeededGenerator(seed: 2)
    let bridged = Seq2SeqDecoder(
      vocabSize: dataset.targetVocab.count, embedSize: 32, numHiddens: 12, numLayers: 3,
      contextSize: 16, contextMode: .bridge, generator: &generator)
    let start = try bridged.initState(encoderOutputs: outputs, encoderState: state)
    say(
      "with .bridge: s_0 = tanh(c W + b) reshaped to \(shape(start.recurrent.hidden)); "
        + "the bridge has \(bridged.bridge!.parameterCount) parameters")
  }
}
