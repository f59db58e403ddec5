import ContextVariable
import ExerciseSupport
import Exercises
import Layers
import TensorCore

enum DecoderChecks {
  static func concatenateContext() throws {
    let embedded = sample([7, 4, 8], seed: 21)
    let context = sample([4, 16], seed: 22)
    let got = try DecoderExercises.concatenateContext(embedded: embedded, context: context)
    try expectEqual("3.1", "shape", got: got.shape, expected: [7, 4, 24])
    try expectClose(
      "3.1", "step 0 embeddings", got: got.select(axis: 0, 0).slice(axis: 1, 0..<8),
      expected: embedded.select(axis: 0, 0))
    try expectClose(
      "3.1", "c at the last step", got: got.select(axis: 0, 6).slice(axis: 1, 8..<24),
      expected: context)
    let single = try DecoderExercises.concatenateContext(
      embedded: sample([1, 1, 2], seed: 23), context: Tensor.ones([1, 1]))
    try expectEqual(
      "3.1", "shape for one step and one sentence", got: single.shape, expected: [1, 1, 3])
  }

  static func initialState() throws {
    let state = sample([2, 4, 16], seed: 24)
    let copied = try DecoderExercises.initialState(
      encoderState: state, numLayers: 2, numHiddens: 16)
    try expectClose("3.2", "the copied state", got: copied, expected: state)
    do {
      _ = try DecoderExercises.initialState(encoderState: state, numLayers: 3, numHiddens: 12)
      throw ExerciseFailure(
        "3.2", "a (2, 4, 16) state was accepted for a decoder of 3 layers of 12")
    } catch let error as ContextError {
      try expectEqual(
        "3.2", "the error", got: error,
        expected: ContextError.stateMismatch(encoder: [2, 4, 16], decoder: [3, 4, 12]))
    }
  }

  static func decoderStep() throws {
    var generator = SeededGenerator(seed: 25)
    let embedding = Embedding(vocabSize: 10, embedSize: 8, generator: &generator)
    let gru = GRUCell(inputSize: 24, numHiddens: 16, generator: &generator)
    let dense = Dense(inputSize: 16, outputSize: 10, generator: &generator)
    let context = sample([3, 16], seed: 26)
    let state = RecurrentState(hidden: sample([3, 16], seed: 27))
    let tokens = [2, 5, 9]
    let (logits, next) = try DecoderExercises.decoderStep(
      tokens: tokens, context: context, state: state, embedding: embedding, cell: gru, dense: dense)
    let input = Tensor.concatenate([embedding(tokens, shape: [3]), context], axis: 1)
    let expectedState = gru(input, state: state)
    try expectClose("3.3", "new hidden state", got: next.hidden, expected: expectedState.hidden)
    try expectClose("3.3", "logits", got: logits, expected: dense(expectedState.hidden))
  }
}
