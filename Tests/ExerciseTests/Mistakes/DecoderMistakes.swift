import ContextVariable
import Layers
import TensorCore

@testable import ExerciseChecks

/// Exercises 3.1-3.3.
let decoderMistakes: [Mistake] = [
  Mistake(.concatenateContext, "c first, then the embeddings") {
    try DecoderChecks.concatenateContext { embedded, context in
      Tensor.concatenate([repeated(context, like: embedded), embedded], axis: 2)
    }
  },
  Mistake(.concatenateContext, "c beside the first step only (zeros after it)") {
    try DecoderChecks.concatenateContext { embedded, context in
      let (numSteps, batchSize, size) = (embedded.shape[0], embedded.shape[1], context.shape[1])
      let first = context.reshaped([1, batchSize, size])
      let rest = Tensor.zeros([numSteps - 1, batchSize, size])
      return Tensor.concatenate([embedded, Tensor.concatenate([first, rest], axis: 0)], axis: 2)
    }
  },
  Mistake(.initialState, "returns the encoder's state without comparing shapes") {
    try DecoderChecks.initialState { state, _, _ in state }
  },
  Mistake(.initialState, "compares only numHiddens") {
    try DecoderChecks.initialState { try comparing(axis: 2, $0, $1, $2) }
  },
  Mistake(.initialState, "compares only numLayers") {
    try DecoderChecks.initialState { try comparing(axis: 0, $0, $1, $2) }
  },
  Mistake(.initialState, "names the two shapes the other way round") {
    try DecoderChecks.initialState { state, numLayers, numHiddens in
      let decoder = [numLayers, state.shape[1], numHiddens]
      guard state.shape == decoder else {
        throw ContextError.stateMismatch(encoder: decoder, decoder: state.shape)
      }
      return state
    }
  },
  Mistake(.initialState, "describes the decoder as (numLayers, numHiddens, batchSize)") {
    try DecoderChecks.initialState { state, numLayers, numHiddens in
      guard state.shape == [numLayers, state.shape[1], numHiddens] else {
        throw ContextError.stateMismatch(
          encoder: state.shape, decoder: [numLayers, numHiddens, state.shape[1]])
      }
      return state
    }
  },
  Mistake(.decoderStep, "[c; embedding] instead of [embedding; c]") {
    try DecoderChecks.decoderStep { try step($0, $1, $2, $3, $4, $5, contextFirst: true) }
  },
  Mistake(.decoderStep, "the logits from the old state") {
    try DecoderChecks.decoderStep { try step($0, $1, $2, $3, $4, $5, logitsFromOld: true) }
  },
  Mistake(.decoderStep, "returns the old states") {
    try DecoderChecks.decoderStep { tokens, context, states, embedding, cells, dense in
      (try step(tokens, context, states, embedding, cells, dense).logits, states)
    }
  },
  Mistake(.decoderStep, "returns the new hidden states alone (an LSTM's memory cell dropped)") {
    try DecoderChecks.decoderStep { try step($0, $1, $2, $3, $4, $5, dropsCell: true) }
  },
  Mistake(.decoderStep, "a softmax on the logits (probabilities instead)") {
    try DecoderChecks.decoderStep { tokens, context, states, embedding, cells, dense in
      let (logits, next) = try step(tokens, context, states, embedding, cells, dense)
      return (logits.softmax(), next)
    }
  },
  Mistake(.decoderStep, "the logits from the first layer (right for one layer only)") {
    try DecoderChecks.decoderStep { try step($0, $1, $2, $3, $4, $5, logitsFromFirst: true) }
  },
]

/// Exercise 3.2 comparing only one axis of the state with the decoder's.
private func comparing(axis: Int, _ state: Tensor, _ numLayers: Int, _ numHiddens: Int) throws
  -> Tensor
{
  let decoder = [numLayers, state.shape[1], numHiddens]
  guard state.shape[axis] == decoder[axis] else {
    throw ContextError.stateMismatch(encoder: state.shape, decoder: decoder)
  }
  return state
}

/// `context` (batchSize, size) repeated at every step of `embedded`.
private func repeated(_ context: Tensor, like embedded: Tensor) -> Tensor {
  context.expanded(to: [embedded.shape[0], embedded.shape[1], context.shape[1]])
}

/// One decoder step through every layer, with the mistakes above as switches (all off: right).
private func step(
  _ tokens: [Int], _ context: Tensor, _ states: [RecurrentState], _ embedding: Embedding,
  _ cells: [any RecurrentCell], _ dense: Dense, contextFirst: Bool = false,
  logitsFromOld: Bool = false, dropsCell: Bool = false, logitsFromFirst: Bool = false
) throws -> (logits: Tensor, states: [RecurrentState]) {
  let embedded = embedding(tokens, shape: [tokens.count])
  var input = Tensor.concatenate(
    contextFirst ? [context, embedded] : [embedded, context], axis: 1)
  var next: [RecurrentState] = []
  for (cell, state) in zip(cells, states) {
    let new = cell(input, state: state)
    next.append(dropsCell ? RecurrentState(hidden: new.hidden) : new)
    input = new.hidden
  }
  let read = logitsFromOld ? states.last!.hidden : logitsFromFirst ? next[0].hidden : input
  return (dense(read), next)
}
