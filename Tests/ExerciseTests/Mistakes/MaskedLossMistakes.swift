import TensorCore

@testable import ExerciseChecks

/// Exercises 4.1-4.3.
let maskedLossMistakes: [Mistake] = [
  Mistake(.sequenceMask, "keeps one step too many (t <= validLen)") {
    try MaskedLossChecks.sequenceMask { x, validLen, value in
      x.masked(by: mask(x, validLen, extra: 1), fill: value)
    }
  },
  Mistake(.sequenceMask, "fills with 0 whatever the value") {
    try MaskedLossChecks.sequenceMask { x, validLen, _ in x.masked(by: mask(x, validLen), fill: 0) }
  },
  Mistake(.sequenceMask, "treats a valid length of 0 as 1") {
    try MaskedLossChecks.sequenceMask { x, validLen, value in
      x.masked(by: mask(x, validLen.map { max($0, 1) }), fill: value)
    }
  },
  Mistake(.maskedLoss, "averages over the valid tokens (divides by validLen, not numSteps)") {
    try MaskedLossChecks.maskedLoss { logits, labels, validLen in
      let unweighted = logits.crossEntropy(labels: labels)
      let counts = Tensor(shape: [validLen.count], scalars: validLen.map { Float(max($0, 1)) })
      return (unweighted * mask(unweighted, validLen)).sum(axis: 1) / counts
    }
  },
  Mistake(.maskedLoss, "divides by the longest valid length instead of numSteps") {
    try MaskedLossChecks.maskedLoss { logits, labels, validLen in
      let unweighted = logits.crossEntropy(labels: labels)
      let longest = Float(max(validLen.max() ?? 1, 1))
      return (unweighted * mask(unweighted, validLen)).sum(axis: 1) / longest
    }
  },
  Mistake(.maskedLoss, "does not mask the padding") {
    try MaskedLossChecks.maskedLoss { logits, labels, _ in
      logits.crossEntropy(labels: labels).mean(axis: 1)
    }
  },
  Mistake(.maskedLoss, "the mask applied after the mean (the mean times validLen / numSteps)") {
    try MaskedLossChecks.maskedLoss { logits, labels, validLen in
      let unweighted = logits.crossEntropy(labels: labels)
      return unweighted.mean(axis: 1) * mask(unweighted, validLen).mean(axis: 1)
    }
  },
  Mistake(.maskedLoss, "sums over the steps instead of the mean") {
    try MaskedLossChecks.maskedLoss { logits, labels, validLen in
      let unweighted = logits.crossEntropy(labels: labels)
      return (unweighted * mask(unweighted, validLen)).sum(axis: 1)
    }
  },
  Mistake(.lossPerToken, "divides by the number of sentences") {
    try MaskedLossChecks.lossPerToken { losses, _ in
      losses.isEmpty ? 0 : losses.reduce(0, +) / Float(losses.count)
    }
  },
  Mistake(.lossPerToken, "divides by 0 when no token is valid") {
    try MaskedLossChecks.lossPerToken { losses, validLen in
      losses.reduce(0, +) / Float(validLen.reduce(0, +))
    }
  },
  Mistake(.lossPerToken, "the mean of the sentences' losses per token") {
    try MaskedLossChecks.lossPerToken { losses, validLen in
      let valid = zip(losses, validLen).filter { $0.1 > 0 }
      return valid.isEmpty
        ? 0 : valid.map { $0.0 / Float($0.1) }.reduce(0, +) / Float(valid.count)
    }
  },
  Mistake(.lossPerToken, "averages each sentence's loss per token, then the sentences") {
    try MaskedLossChecks.lossPerToken { losses, validLen in
      zip(losses, validLen).map { $0 / Float(max($1, 1)) }.reduce(0, +) / Float(losses.count)
    }
  },
]

/// The (batchSize, numSteps) mask of `x`'s valid steps, with `extra` more kept.
private func mask(_ x: Tensor, _ validLen: [Int], extra: Int = 0) -> Tensor {
  Tensor(
    shape: [x.shape[0], x.shape[1]],
    scalars: lengthMask(validLen, columns: x.shape[1], extra: extra))
}
