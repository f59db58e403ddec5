import EncoderDecoder
import MaskedLoss
import TeacherForcing
import TensorCore

@testable import ExerciseChecks

/// Exercises 5.1-5.3.
let teacherForcingMistakes: [Mistake] = [
  Mistake(.teacherForcingInput, "feeds the gold target unshifted (no <bos>)") {
    try TeacherForcingChecks.teacherForcingInput { target, _, _, _ in target }
  },
  Mistake(.teacherForcingInput, "<bos> replaces each row's first token instead of shifting") {
    try TeacherForcingChecks.teacherForcingInput { target, batchSize, numSteps, bos in
      (0..<batchSize).flatMap { [bos] + target[($0 * numSteps + 1)..<(($0 + 1) * numSteps)] }
    }
  },
  Mistake(.teacherForcingInput, "shifts the flattened batch (only the first row starts with <bos>)")
  {
    try TeacherForcingChecks.teacherForcingInput { target, _, _, bos in [bos] + target.dropLast() }
  },
  Mistake(.scheduledInput, "the gold token when the draw equals goldProbability too (<=)") {
    try TeacherForcingChecks.scheduledInput { gold, predicted, draws, p in
      gold.indices.map { draws[$0] <= p ? gold[$0] : predicted[$0] }
    }
  },
  Mistake(.scheduledInput, "the gold token when the draw is above goldProbability") {
    try TeacherForcingChecks.scheduledInput { gold, predicted, draws, p in
      gold.indices.map { draws[$0] > p ? gold[$0] : predicted[$0] }
    }
  },
  Mistake(.scheduledInput, "one draw for the whole sequence") {
    try TeacherForcingChecks.scheduledInput { gold, predicted, draws, p in
      draws[0] < p ? gold : predicted
    }
  },
  Mistake(.trainStep, "forgets zeroGrad (the second step adds the first one's gradients)") {
    try TeacherForcingChecks.trainStep(step(zeroGrad: false))
  },
  Mistake(.trainStep, "does not clip the gradients") {
    try TeacherForcingChecks.trainStep(step(clip: .none))
  },
  Mistake(.trainStep, "clips each element to [-maxNorm, maxNorm] instead of by the global norm") {
    try TeacherForcingChecks.trainStep(step(clip: .perElement))
  },
  Mistake(.trainStep, "clips after the optimizer's step") {
    try TeacherForcingChecks.trainStep(step(clip: .afterStep))
  },
  Mistake(.trainStep, "feeds the gold target without the shift") {
    try TeacherForcingChecks.trainStep(step(shifted: false))
  },
  Mistake(.trainStep, "the mean loss instead of the sum") {
    try TeacherForcingChecks.trainStep(step(mean: true))
  },
  Mistake(.trainStep, "masks the loss with the source's valid lengths") {
    try TeacherForcingChecks.trainStep(step(sourceLengthsInLoss: true))
  },
  Mistake(.trainStep, "hands the model every source's full length (numSteps)") {
    try TeacherForcingChecks.trainStep(step(fullSourceLengths: true))
  },
]

private enum Clip { case global, none, perElement, afterStep }

/// Exercise 5.3's training step with the mistakes above as switches (defaults: the right step).
private func step(
  zeroGrad: Bool = true, clip: Clip = .global, shifted: Bool = true, mean: Bool = false,
  sourceLengthsInLoss: Bool = false, fullSourceLengths: Bool = false
) -> TeacherForcingChecks.TrainStep {
  { model, optimizer, source, sourceValidLen, target, targetValidLen, shape, bos, maxNorm in
    if zeroGrad { optimizer.zeroGrad() }
    let input =
      shifted ? TeacherForcing.teacherForcingInput(target: target, shape: shape, bos: bos) : target
    let lengths = fullSourceLengths ? Array(repeating: shape[1], count: shape[0]) : sourceValidLen
    let logits = try model(
      source: source, sourceValidLen: lengths, decoderInput: input, shape: shape)
    let losses = maskedSoftmaxCrossEntropy(
      logits: logits, labels: target,
      validLen: sourceLengthsInLoss ? sourceValidLen : targetValidLen)
    let loss = mean ? losses.mean() : losses.sum()
    loss.backward()
    switch clip {
    case .global: clipGradients(optimizer.parameters, maxNorm: maxNorm)
    case .perElement:
      for parameter in optimizer.parameters {
        parameter.grad?.withUnsafeMutableScalars { grad in
          for index in grad.indices { grad[index] = min(max(grad[index], -maxNorm), maxNorm) }
        }
      }
    case .none, .afterStep: break
    }
    optimizer.step()
    if clip == .afterStep { clipGradients(optimizer.parameters, maxNorm: maxNorm) }
    return loss.scalar
  }
}
