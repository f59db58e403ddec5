import Encoder
import Layers
import LessonSupport
import TensorCore
import TranslationData

/// Lesson 1: the encoder turns a token sequence into hidden states, h_t = f(x_t, h_{t-1}).
enum EncoderLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 1: the encoder, h_t = f(x_t, h_{t-1})")
    say("An RNN reads the source sentence one token at a time; after each token its hidden")
    say("state h_t sums up everything read so far.")

    heading("1. D2L's check: a GRU encoder on a batch of token ids").forEach(say)
    // D2L: vocab 10, embed 8, 16 hidden units, 2 layers, batch 4, 7 steps, X all zeros.
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: .gru,
      generator: &generator)
    let x = [Int](repeating: 0, count: 4 * 7)
    say("X: (4, 7) token ids (batchSize 4, numSteps 7), all 0")
    // The embedding turns ids into vectors and puts time first: (numSteps, batchSize, embedSize).
    say("embedding(X), time first: \(shape(encoder.embedding.timeMajor(x, shape: [4, 7])))")
    let (outputs, state) = LearningPhase.inference { encoder(x, shape: [4, 7]) }
    say("outputs: \(shape(outputs))   the top layer's h_t for every step t")
    say("state:   \(shape(state.hidden))    the final h_T of each of the 2 layers")
    // The top layer's output at the last step is the top layer's final state.
    let lastOutput = outputs.select(axis: 0, 6)
    let topState = state.hidden.select(axis: 0, 1)
    say("outputs[6] == state[1]: \(lastOutput.scalars == topState.scalars)")
    say("outputs[6][0][0..<4] = \(format(Array(lastOutput.scalars.prefix(4))))")
    let layerCounts = encoder.rnn.cells.map { $0.parameters.reduce(0) { $0 + $1.count } }
    say(
      "parameters: \(encoder.parameterCount) (embedding \(encoder.embedding.parameterCount), "
        + "layer 1: \(layerCounts[0]), layer 2: \(layerCounts[1]))")

    heading("2. the three cells side by side").forEach(say)
    for cell in CellKind.allCases {
      var generator = SeededGenerator(seed: 0)
      let encoder = Seq2SeqEncoder(
        vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: cell,
        generator: &generator)
      let (outputs, state) = LearningPhase.inference { encoder(x, shape: [4, 7]) }
      let memory = state.cell.map { ", memory cell c: \(shape($0))" } ?? ""
      let name = cell.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
      say("\(name) outputs: \(shape(outputs)), state h: \(shape(state.hidden))\(memory)")
    }
    say("An LSTM carries a memory cell c beside h: the cell state is part of the state, and a")
    say("decoder that starts from the encoder's state needs both.")

    heading("3. bidirectional: reading the sentence both ways").forEach(say)
    generator = SeededGenerator(seed: 0)
    let both = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, bidirectional: true,
      generator: &generator)
    let (bothOutputs, bothState) = LearningPhase.inference { both(x, shape: [4, 7]) }
    say("outputs: \(shape(bothOutputs))   forward and backward h_t side by side: 2 x 16")
    say(
      "state:   \(shape(bothState.hidden))    layer 1 forward, layer 1 backward, layer 2 forward, layer 2 backward"
    )

    heading("4. a real sentence").forEach(say)
    // The first 601 pairs of the corpus, as in the book, cut or padded to 10 tokens.
    let dataset = TranslationDataset(corpus: try Corpus.load(numExamples: 600), numSteps: 10)
    generator = SeededGenerator(seed: 0)
    let real = Seq2SeqEncoder(
      vocabSize: dataset.sourceVocab.count, embedSize: 32, numHiddens: 32, numLayers: 2,
      generator: &generator)
    let row = 190
    let ids = Array(dataset.source.row(row))
    say("sentence \(row): \(dataset.corpus.source[row].joined(separator: " "))")
    say("ids: \(ids)  (valid length \(dataset.source.validLen[row]))")
    say("tokens: \(dataset.sourceVocab.tokens(at: ids).joined(separator: " "))")
    let (realOutputs, _) = LearningPhase.inference { real(ids, shape: [1, 10]) }
    let changes = (1..<10).map { t -> Float in
      let now = realOutputs.select(axis: 0, t).scalars
      let before = realOutputs.select(axis: 0, t - 1).scalars
      return zip(now, before).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }
    say("|h_t - h_(t-1)| for t = 1...9: \(format(changes, digits: 3))")
    say("The state keeps moving over the <pad> steps too: D2L's encoder reads the padding, and")
    say("h_T has seen it. Lesson 2 shows contexts that stop at the valid length.")
  }
}
