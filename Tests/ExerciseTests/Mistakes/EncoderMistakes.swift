import Layers
import TensorCore

@testable import ExerciseChecks

/// Exercises 1.1-1.4.
let encoderMistakes: [Mistake] = [
  Mistake(.timeMajor, "keeps the batch-first order") {
    try EncoderChecks.timeMajor { tokens, _, _ in tokens }
  },
  Mistake(.timeMajor, "strides by batchSize instead of numSteps") {
    try EncoderChecks.timeMajor { tokens, batchSize, numSteps in
      (0..<numSteps).flatMap { t in (0..<batchSize).map { b in tokens[t * batchSize + b] } }
    }
  },
  Mistake(.timeMajor, "stops one step early") {
    try EncoderChecks.timeMajor { tokens, batchSize, numSteps in
      (0..<max(numSteps - 1, 0)).flatMap { t in
        (0..<batchSize).map { b in tokens[b * numSteps + t] }
      }
    }
  },
  Mistake(.rnnStep, "leaves out the biases (the worked example)") {
    try EncoderChecks.rnnStep { x, h, w in
      (x.matmul(w.inputWeight) + h.matmul(w.hiddenWeight)).tanh()
    }
  },
  Mistake(.rnnStep, "adds only the input bias") {
    try EncoderChecks.rnnStep { x, h, w in
      (x.matmul(w.inputWeight) + w.inputBias + h.matmul(w.hiddenWeight)).tanh()
    }
  },
  Mistake(.rnnStep, "a sigmoid instead of tanh") {
    try EncoderChecks.rnnStep { x, h, w in
      (x.matmul(w.inputWeight) + w.inputBias + h.matmul(w.hiddenWeight) + w.hiddenBias).sigmoid()
    }
  },
  Mistake(.rnnStep, "no tanh") {
    try EncoderChecks.rnnStep { x, h, w in
      x.matmul(w.inputWeight) + w.inputBias + h.matmul(w.hiddenWeight) + w.hiddenBias
    }
  },
  Mistake(.gruStep, "the reset and update gates swapped") {
    try EncoderChecks.gruStep { x, h, w in gru(x, h, w, reset: 1, update: 0) }
  },
  Mistake(.gruStep, "H = Z * candidate + (1 - Z) * H (the blend reversed)") {
    try EncoderChecks.gruStep { x, h, w in
      let z = (w.gate(w.projectInputs(x), 1) + w.gate(w.projectHidden(h), 1)).sigmoid()
      let candidate = gru(x, h, w, candidateOnly: true)
      return z * candidate + (1 - z) * h
    }
  },
  Mistake(.gruStep, "R multiplies the input's part of the candidate too") {
    try EncoderChecks.gruStep { x, h, w in gru(x, h, w, resetBoth: true) }
  },
  Mistake(.gruStep, "R applied to H before it is projected (W_h (R * H) instead of R * (W_h H))") {
    try EncoderChecks.gruStep { x, h, w in
      let (gx, gh) = (w.projectInputs(x), w.projectHidden(h))
      let r = (w.gate(gx, 0) + w.gate(gh, 0)).sigmoid()
      let z = (w.gate(gx, 1) + w.gate(gh, 1)).sigmoid()
      let candidate = (w.gate(gx, 2) + w.gate(w.projectHidden(r * h), 2)).tanh()
      return z * h + (1 - z) * candidate
    }
  },
  Mistake(.gruStep, "a sigmoid for the candidate") {
    try EncoderChecks.gruStep { x, h, w in gru(x, h, w, candidateSigmoid: true) }
  },
  Mistake(.runCell, "every step starts from the initial state (the state is not carried)") {
    try EncoderChecks.runCell { cell, inputs, initial in
      let states = (0..<inputs.shape[0]).map { cell(inputs.select(axis: 0, $0), state: initial) }
      return (Tensor.stack(states.map(\.hidden)), states.last!)
    }
  },
  Mistake(.runCell, "keeps only the hidden part of the state (an LSTM forgets its memory cell)") {
    try EncoderChecks.runCell { try run($0, $1, $2, hiddenOnly: true) }
  },
  Mistake(.runCell, "collects each state before its step (h_0 ... h_{T-1})") {
    try EncoderChecks.runCell { try run($0, $1, $2, collectsBefore: true) }
  },
  Mistake(.runCell, "ignores `initial` and starts from the cell's zero state") {
    try EncoderChecks.runCell { cell, inputs, _ in
      try run(cell, inputs, cell.zeroState(batchSize: inputs.shape[1]))
    }
  },
  Mistake(.runCell, "returns the initial state as the final one") {
    try EncoderChecks.runCell { cell, inputs, initial in
      (try run(cell, inputs, initial).outputs, initial)
    }
  },
]

/// A cell run over `inputs`, with the mistakes above as switches (all off: the right loop).
private func run(
  _ cell: any RecurrentCell, _ inputs: Tensor, _ initial: RecurrentState,
  hiddenOnly: Bool = false, collectsBefore: Bool = false
) throws -> (outputs: Tensor, state: RecurrentState) {
  var state = initial
  var outputs: [Tensor] = []
  for t in 0..<inputs.shape[0] {
    if collectsBefore { outputs.append(state.hidden) }
    state = cell(inputs.select(axis: 0, t), state: state)
    if hiddenOnly { state = RecurrentState(hidden: state.hidden) }
    if !collectsBefore { outputs.append(state.hidden) }
  }
  return (Tensor.stack(outputs), state)
}

/// A GRU step with the mistakes above as switches (all off: the right step).
private func gru(
  _ x: Tensor, _ h: Tensor, _ w: GateWeights, reset: Int = 0, update: Int = 1,
  resetBoth: Bool = false, candidateSigmoid: Bool = false, candidateOnly: Bool = false
) -> Tensor {
  let (gx, gh) = (w.projectInputs(x), w.projectHidden(h))
  let r = (w.gate(gx, reset) + w.gate(gh, reset)).sigmoid()
  let z = (w.gate(gx, update) + w.gate(gh, update)).sigmoid()
  let sum = resetBoth ? r * (w.gate(gx, 2) + w.gate(gh, 2)) : w.gate(gx, 2) + r * w.gate(gh, 2)
  let candidate = candidateSigmoid ? sum.sigmoid() : sum.tanh()
  return candidateOnly ? candidate : z * h + (1 - z) * candidate
}
