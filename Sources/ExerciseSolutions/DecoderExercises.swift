import ContextVariable
import ExerciseSupport
import Layers
import TensorCore

/// Exercises 3: the decoder, s_t' = g(y_{t'-1}, c, s_{t'-1}).
public enum DecoderExercises {
  // MARK: Worked example
  /// A worked example: the probability of each next token from one step's logits
  /// (batchSize, vocabSize): P(y_t' | y_<t', c) = softmax(logits).
  public static func exampleNextTokenProbabilities(_ logits: Tensor) -> Tensor {
    logits.softmax()
  }

  /// TODO(Exercise 3.1): the decoder's input when c joins every step: embeddings
  /// (numSteps, batchSize, embedSize) with c (batchSize, contextSize) beside each step, giving
  /// (numSteps, batchSize, embedSize + contextSize).
  public static func concatenateContext(embedded: Tensor, context: Tensor) throws -> Tensor {
    // BEGIN Exercise 3.1
    let (numSteps, batchSize) = (embedded.shape[0], embedded.shape[1])
    let repeated = context.expanded(to: [numSteps, batchSize, context.shape[1]])
    return Tensor.concatenate([embedded, repeated], axis: 2)
    // END Exercise 3.1
  }

  /// TODO(Exercise 3.2): the decoder's first state from the encoder's final state: copy it when
  /// its shape is the decoder's (numLayers, batchSize, numHiddens); otherwise throw
  /// `ContextError.stateMismatch(encoder:decoder:)` with both shapes.
  public static func initialState(
    encoderState: Tensor, numLayers: Int, numHiddens: Int
  ) throws -> Tensor {
    // BEGIN Exercise 3.2
    let decoderShape = [numLayers, encoderState.shape[1], numHiddens]
    guard encoderState.shape == decoderShape else {
      throw ContextError.stateMismatch(encoder: encoderState.shape, decoder: decoderShape)
    }
    return encoderState
    // END Exercise 3.2
  }

  /// TODO(Exercise 3.3): one decoder step by hand: embed `tokens` (batchSize ids), put c beside
  /// the embeddings, run the decoder's layers (`cells`, bottom first) one step each from their
  /// `states`, each reading the one below's new hidden state, and turn the top layer's new
  /// hidden state into logits with `dense`. Returns the logits (batchSize, vocabSize) and every
  /// layer's new state.
  public static func decoderStep(
    tokens: [Int], context: Tensor, states: [RecurrentState], embedding: Embedding,
    cells: [any RecurrentCell], dense: Dense
  ) throws -> (logits: Tensor, states: [RecurrentState]) {
    // BEGIN Exercise 3.3
    let embedded = embedding(tokens, shape: [tokens.count])  // (batchSize, embedSize)
    var input = Tensor.concatenate([embedded, context], axis: 1)
    var next: [RecurrentState] = []
    for (cell, state) in zip(cells, states) {
      next.append(cell(input, state: state))
      input = next[next.count - 1].hidden
    }
    return (dense(input), next)
    // END Exercise 3.3
  }
}
