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

@Suite("the masked loss with the output layer only at valid positions")
struct PackedMaskedLossTests {
  /// Features (3, 4, 5) and an output layer of 5 -> 7 with its weight and bias.
  static func setup(seed: UInt64) -> (features: Tensor, weight: Tensor, bias: Tensor) {
    (
      Tensor(
        shape: [3, 4, 5], scalars: randomTensor([60], seed: seed).scalars, requiresGrad: true),
      Tensor(
        shape: [5, 7], scalars: randomTensor([35], seed: seed + 1).scalars, requiresGrad: true),
      Tensor(shape: [7], scalars: randomTensor([7], seed: seed + 2).scalars, requiresGrad: true)
    )
  }

  static let labels = [1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5]

  @Test(
    "equals the composite, loss and every gradient, valid lengths 0 to numSteps",
    arguments: LossReduction.allCases, [[4, 2, 0], [1, 4, 3], [0, 0, 1], [0, 0, 0]])
  func equalsComposite(reduction: LossReduction, validLen: [Int]) {
    let (features, weight, bias) = Self.setup(seed: 3)
    let project = { (x: Tensor) in x.affine(weight: weight, bias: bias) }
    let packed = maskedSoftmaxCrossEntropy(
      features: features, project: project, labels: Self.labels, validLen: validLen,
      reduction: reduction)
    packed.sum().backward()
    let packedGrads = [features, weight, bias].map { $0.grad!.scalars }
    for tensor in [features, weight, bias] { tensor.zeroGrad() }
    let logits = project(features.reshaped([12, 5])).reshaped([3, 4, 7])
    let composite = maskedSoftmaxCrossEntropy(
      logits: logits, labels: Self.labels, validLen: validLen, reduction: reduction)
    composite.sum().backward()
    expectClose(packed, composite.scalars, absoluteTolerance: 1e-6)
    for (got, tensor) in zip(packedGrads, [features, weight, bias]) {
      expectClose(got, tensor.grad!.scalars, absoluteTolerance: 1e-6)
    }
  }

  @Test("is gradient-checked through the features and the output layer")
  func gradientCheck() {
    let (features, weight, bias) = Self.setup(seed: 9)
    expectGradientsMatch([features, weight, bias]) { inputs in
      maskedSoftmaxCrossEntropy(
        features: inputs[0], project: { $0.affine(weight: inputs[1], bias: inputs[2]) },
        labels: Self.labels, validLen: [3, 1, 4])
    }
  }
}
