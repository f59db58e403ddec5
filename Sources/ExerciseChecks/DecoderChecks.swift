import ContextVariable
import ExerciseSupport
import Exercises
import Layers
import TensorCore

/// The checks of concept 3, the decoder.
enum DecoderChecks {
  /// Exercise 3.1, put c beside every decoder input.
  static func concatenateContext(
    _ exercise: (Tensor, Tensor) throws -> Tensor = DecoderExercises.concatenateContext
  ) throws {
    let tiny = try exercise(
      Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]), Tensor(shape: [1, 1], scalars: [9]))
    try expectClose(
      "3.1", "embeddings [[1, 2]] then [[3, 4]] (2 steps, 1 sentence) with c = [[9]]",
      got: tiny, expected: Tensor(shape: [2, 1, 3], scalars: [1, 2, 9, 3, 4, 9]))
    let embedded = sample([7, 4, 8], seed: 21)
    let context = sample([4, 16], seed: 22)
    let got = try exercise(embedded, context)
    try expectEqual(
      "3.1", "shape for embeddings (7, 4, 8) and c (4, 16)", got: got.shape, expected: [7, 4, 24])
    for step in [0, 6] {
      try expectClose(
        "3.1", "step \(step): the embeddings first",
        got: got.select(axis: 0, step).slice(
          axis: 1, 0..<8), expected: embedded.select(axis: 0, step))
      try expectClose(
        "3.1", "step \(step): then c", got: got.select(axis: 0, step).slice(axis: 1, 8..<24),
        expected: context)
    }
  }

  /// Exercise 3.2, start the decoder from the encoder's state.
  static func initialState(
    _ exercise: (Tensor, Int, Int) throws -> Tensor = DecoderExercises.initialState
  ) throws {
    let state = sample([2, 4, 16], seed: 24)
    try expectClose(
      "3.2", "the state (2, 4, 16) for a decoder of 2 layers of 16",
      got: try exercise(state, 2, 16), expected: state)
    for (numLayers, numHiddens) in [(3, 16), (2, 12), (3, 12)] {
      let what =
        "the state (2, 4, 16) for a decoder of \(numLayers) layers of \(numHiddens): the error"
      do {
        _ = try exercise(state, numLayers, numHiddens)
        throw ExerciseFailure(
          "3.2",
          "\(what): expected ContextError.stateMismatch, got no error (the state was accepted)")
      } catch let error as ContextError {
        let expected = ContextError.stateMismatch(
          encoder: [2, 4, 16], decoder: [numLayers, 4, numHiddens])
        guard error == expected else {
          throw ExerciseFailure(
            "3.2", "\(what): expected \(shapes(expected)), got \(shapes(error))")
        }
      }
    }
  }

  /// `.stateMismatch(encoder: [2, 4, 16], decoder: [3, 4, 16])`: the case, without its long text.
  static func shapes(_ error: ContextError) -> String {
    switch error {
    case .stateMismatch(let encoder, let decoder):
      "ContextError.stateMismatch(encoder: \(encoder), decoder: \(decoder))"
    default: "\(error)"
    }
  }

  /// Exercise 3.3, one decoder step by hand.
  static func decoderStep(
    _ exercise: ([Int], Tensor, RecurrentState, Embedding, any RecurrentCell, Dense) throws -> (
      logits: Tensor, state: RecurrentState
    ) = DecoderExercises.decoderStep
  ) throws {
    var generator = SeededGenerator(seed: 25)
    let embedding = Embedding(vocabSize: 10, embedSize: 8, generator: &generator)
    let gru = GRUCell(inputSize: 24, numHiddens: 16, generator: &generator)
    let dense = Dense(inputSize: 16, outputSize: 10, generator: &generator)
    let context = sample([3, 16], seed: 26)
    let state = RecurrentState(hidden: sample([3, 16], seed: 27))
    let tokens = [2, 5, 9]
    let (logits, next) = try exercise(tokens, context, state, embedding, gru, dense)
    let input = Tensor.concatenate([embedding(tokens, shape: [3]), context], axis: 1)
    let expectedState = gru(input, state: state)
    let what = "tokens [2, 5, 9] with c (3, 16) and s (3, 16)"
    try expectClose(
      "3.3", "\(what): the new state s_t'", got: next.hidden, expected: expectedState.hidden)
    try expectClose(
      "3.3", "\(what): the logits (from the new state, before any softmax)", got: logits,
      expected: dense(expectedState.hidden))
    // An LSTM's state is (h, c): the step returns both. Every size differs: batch 2, embed 8,
    // c 12, hiddens 16, vocabulary 10.
    let lstm = LSTMCell(inputSize: 20, numHiddens: 16, generator: &generator)
    let lstmContext = sample([2, 12], seed: 28)
    let lstmState = RecurrentState(
      hidden: sample([2, 16], seed: 29), cell: sample([2, 16], seed: 30))
    let lstmTokens = [7, 1]
    let (lstmLogits, lstmNext) = try exercise(
      lstmTokens, lstmContext, lstmState, embedding, lstm, dense)
    let lstmInput = Tensor.concatenate(
      [embedding(lstmTokens, shape: [2]), lstmContext], axis: 1)
    let expectedLSTM = lstm(lstmInput, state: lstmState)
    let lstmWhat = "an LSTM, tokens [7, 1] with c (2, 12) and s = (h, c) (2, 16)"
    try expectClose(
      "3.3", "\(lstmWhat): the new hidden state", got: lstmNext.hidden,
      expected: expectedLSTM.hidden)
    try expectClose(
      "3.3", "\(lstmWhat): the new memory cell (return the cell's whole state)",
      got: lstmNext.cell ?? Tensor.zeros([2, 16]), expected: expectedLSTM.cell!)
    try expectClose(
      "3.3", "\(lstmWhat): the logits", got: lstmLogits, expected: dense(expectedLSTM.hidden))
  }
}
