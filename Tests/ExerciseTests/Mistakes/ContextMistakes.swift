import TensorCore

@testable import ExerciseChecks

/// Exercises 2.1-2.3.
let contextMistakes: [Mistake] = [
  Mistake(.lastState, "takes the first layer instead of the top one") {
    try ContextChecks.lastState { $0.select(axis: 0, 0) }
  },
  Mistake(.lastState, "averages the layers") {
    try ContextChecks.lastState { $0.mean(axis: 0) }
  },
  Mistake(.lastState, "takes the last sentence of the batch (axis 1)") {
    try ContextChecks.lastState { $0.select(axis: 1, $0.shape[1] - 1) }
  },
  Mistake(.meanOverTime, "divides by numSteps instead of the valid length") {
    try ContextChecks.meanOverTime { outputs, validLen in
      pooled(outputs, validLen).sum / Float(outputs.shape[0])
    }
  },
  Mistake(.meanOverTime, "does not mask (the mean over every step)") {
    try ContextChecks.meanOverTime { outputs, _ in outputs.mean(axis: 0) }
  },
  Mistake(.meanOverTime, "a valid length of 0 divides by 0") {
    try ContextChecks.meanOverTime { outputs, validLen in
      pooled(outputs, validLen, zeroIsOne: false).sum
        / Tensor(shape: [validLen.count, 1], scalars: validLen.map(Float.init))
    }
  },
  Mistake(.meanOverTime, "keeps one step too many (t <= validLen)") {
    try ContextChecks.meanOverTime { outputs, validLen in
      let counts = validLen.map { Float(min(max($0, 1) + 1, outputs.shape[0])) }
      return pooled(outputs, validLen, extra: 1).sum
        / Tensor(shape: [validLen.count, 1], scalars: counts)
    }
  },
  Mistake(.maxOverTime, "fills the padding with 0 (a maximum of negative states becomes 0)") {
    try ContextChecks.maxOverTime { outputs, validLen in pooled(outputs, validLen, fill: 0).max }
  },
  Mistake(.maxOverTime, "does not mask") {
    try ContextChecks.maxOverTime { outputs, _ in outputs.max(axis: 0) }
  },
  Mistake(.maxOverTime, "a valid length of 0 hides every step") {
    try ContextChecks.maxOverTime { outputs, validLen in
      pooled(outputs, validLen, zeroIsOne: false).max
    }
  },
  Mistake(.maxOverTime, "keeps one step too many (t <= validLen)") {
    try ContextChecks.maxOverTime { outputs, validLen in pooled(outputs, validLen, extra: 1).max }
  },
]

/// The sum and the maximum over the valid steps of `outputs` (numSteps, batchSize, numHiddens),
/// with the mistakes as switches.
private func pooled(
  _ outputs: Tensor, _ validLen: [Int], zeroIsOne: Bool = true, extra: Int = 0,
  fill: Float = -1e9
) -> (sum: Tensor, max: Tensor) {
  let (numSteps, batchSize) = (outputs.shape[0], outputs.shape[1])
  let lengths = validLen.map { zeroIsOne ? max($0, 1) : $0 }
  let scalars = (0..<(numSteps * batchSize)).map { index -> Float in
    index / batchSize < lengths[index % batchSize] + extra ? 1 : 0
  }
  let mask = Tensor(shape: [numSteps, batchSize, 1], scalars: scalars)
  return (
    (outputs * mask).sum(axis: 0),
    outputs.masked(by: mask.expanded(to: outputs.shape), fill: fill).max(axis: 0)
  )
}
