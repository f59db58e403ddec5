import TensorCore

@testable import ExerciseChecks

/// Exercises 8.1-8.3.
let attentionMistakes: [Mistake] = [
  Mistake(
    .maskedWeights, "masks after the softmax (the padding's weights set to 0, not renormalised)"
  ) {
    try AttentionChecks.maskedWeights { scores, validLen in
      scores.softmax() * sourceMask(scores, validLen)
    }
  },
  Mistake(.maskedWeights, "fills the padding with 0 before the softmax") {
    try AttentionChecks.maskedWeights { scores, validLen in
      scores.masked(by: sourceMask(scores, validLen), fill: 0).softmax()
    }
  },
  Mistake(.maskedWeights, "a valid length of 0 masks every step (even weights over the padding)") {
    try AttentionChecks.maskedWeights { scores, validLen in
      scores.masked(by: sourceMask(scores, validLen, zeroIsOne: false), fill: -1e6).softmax()
    }
  },
  Mistake(.maskedWeights, "keeps one step too many (t <= validLen)") {
    try AttentionChecks.maskedWeights { scores, validLen in
      scores.masked(by: sourceMask(scores, validLen, extra: 1), fill: -1e6).softmax()
    }
  },
  Mistake(.additiveScore, "no tanh") {
    try AttentionChecks.additiveScore { query, states, wq, wk, wv in
      additive(query, states, wq, wk, wv, activation: { $0 })
    }
  },
  Mistake(.additiveScore, "tanh of each projection, then added") {
    try AttentionChecks.additiveScore { query, states, wq, wk, wv in
      additive(query, states, wq, wk, wv, tanhEach: true)
    }
  },
  Mistake(.additiveScore, "sums the features instead of scoring them with w_v") {
    try AttentionChecks.additiveScore { query, states, wq, wk, wv in
      additive(query, states, wq, wk, wv, sumFeatures: true)
    }
  },
  Mistake(.context, "the mean over the steps instead of the sum") {
    try AttentionChecks.context { weights, states in
      (weights.reshaped([weights.shape[0], weights.shape[1], 1]) * states).mean(axis: 1)
    }
  },
  Mistake(.context, "sums over the features (axis 2) instead of the steps") {
    try AttentionChecks.context { weights, states in
      (weights.reshaped([weights.shape[0], weights.shape[1], 1]) * states).sum(axis: 2)
    }
  },
  Mistake(.context, "ignores the weights (an even average)") {
    try AttentionChecks.context { _, states in states.mean(axis: 1) }
  },
]

/// The (batchSize, numSteps) mask of the valid source steps.
private func sourceMask(
  _ scores: Tensor, _ validLen: [Int], zeroIsOne: Bool = true, extra: Int = 0
) -> Tensor {
  Tensor(
    shape: scores.shape,
    scalars: lengthMask(
      validLen.map { zeroIsOne ? max($0, 1) : $0 }, columns: scores.shape[1], extra: extra))
}

/// The additive scores w_v^T tanh(W_q q + W_k h), with the mistakes above as switches.
private func additive(
  _ query: Tensor, _ states: Tensor, _ wq: Tensor, _ wk: Tensor, _ wv: Tensor,
  activation: (Tensor) -> Tensor = { $0.tanh() }, tanhEach: Bool = false,
  sumFeatures: Bool = false
) -> Tensor {
  let (batchSize, numSteps, numHiddens) = (states.shape[0], states.shape[1], wk.shape[1])
  let keys = states.reshaped([batchSize * numSteps, -1]).matmul(wk)
    .reshaped([batchSize, numSteps, numHiddens])
  let queries = query.matmul(wq).reshaped([batchSize, 1, numHiddens])
  let features = tanhEach ? queries.tanh() + keys.tanh() : activation(queries + keys)
  if sumFeatures { return features.sum(axis: 2) }
  return features.reshaped([batchSize * numSteps, numHiddens]).matmul(wv)
    .reshaped([batchSize, numSteps])
}
