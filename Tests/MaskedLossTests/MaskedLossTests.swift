import MaskedLoss
import TensorCore
import TestSupport
import Testing

@Suite("masked loss")
struct MaskedLossTests {
  @Test("D2L's sequence_mask: [[1, 2, 3], [4, 5, 6]] with valid lengths [1, 2]")
  func sequenceMaskD2L() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    expectClose(sequenceMask(x, validLen: [1, 2]), [1, 0, 0, 4, 5, 0])
  }

  @Test("a 3-D tensor is masked along its steps with the value asked for")
  func sequenceMaskValue() {
    let masked = sequenceMask(Tensor.ones([2, 3, 4]), validLen: [1, 2], value: -1)
    expectClose(masked.select(axis: 0, 0), [1, 1, 1, 1] + Array(repeating: -1, count: 8))
    expectClose(masked.select(axis: 0, 1), Array(repeating: 1, count: 8) + [-1, -1, -1, -1])
  }

  @Test("D2L's loss check: all-ones logits (3, 4, 10), valid lengths [4, 2, 0]")
  func lossD2L() {
    let loss = maskedSoftmaxCrossEntropy(
      logits: Tensor.ones([3, 4, 10]), labels: Array(repeating: 1, count: 12), validLen: [4, 2, 0])
    expectShape(loss, [3])
    expectClose(loss, [2.3026, 1.1513, 0], absoluteTolerance: 1e-4)
  }

  @Test("the per-valid-token mean weighs every real token alike")
  func perValidToken() {
    let loss = maskedSoftmaxCrossEntropy(
      logits: Tensor.ones([3, 4, 10]), labels: Array(repeating: 1, count: 12), validLen: [4, 2, 0],
      reduction: .meanOverValidTokens)
    expectClose(loss, [2.3026, 2.3026, 0], absoluteTolerance: 1e-4)
  }

  @Test("padding gets no gradient; the loss is gradient-checked", arguments: LossReduction.allCases)
  func gradients(reduction: LossReduction) {
    let labels = [0, 3, 1, 2, 2, 2, 4, 0]
    let logits = Tensor(
      shape: [2, 4, 5], scalars: randomTensor([40], seed: 1).scalars, requiresGrad: true)
    maskedSoftmaxCrossEntropy(
      logits: logits, labels: labels, validLen: [4, 1], reduction: reduction
    )
    .sum().backward()
    let padding = logits.grad!.select(axis: 0, 1).slice(axis: 0, 1..<4).scalars
    #expect(padding.allSatisfy { $0 == 0 })
    expectGradientsMatch([randomTensor([2, 4, 5], seed: 2)]) {
      maskedSoftmaxCrossEntropy(
        logits: $0[0], labels: labels, validLen: [3, 2], reduction: reduction)
    }
  }
}
