import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("softmax, log-softmax, cross-entropy")
struct SoftmaxTests {
  let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])

  @Test("softmax rows by hand")
  func softmaxValues() {
    let e = [1, 2, 3].map { Foundation.exp(Float($0)) }
    let total = e.reduce(0, +)
    expectClose(logits.softmax(), e.map { $0 / total } + [1.0 / 3, 1.0 / 3, 1.0 / 3])
    expectClose(
      logits.logSoftmax(),
      e.map { Foundation.log($0 / total) } + Array(repeating: -Foundation.log(3), count: 3))
  }

  @Test("cross-entropy is -log softmax at the label, one loss per row")
  func crossEntropyValues() {
    let loss = logits.crossEntropy(labels: [2, 0])
    expectShape(loss, [2])
    let logProbabilities = logits.logSoftmax().scalars
    expectClose(loss, [-logProbabilities[2], -logProbabilities[3]])
  }

  @Test("large logits (1e4) stay finite")
  func largeLogitsAreStable() {
    let large = Tensor(shape: [1, 3], scalars: [1e4, 0, -1e4])
    expectClose(large.softmax(), [1, 0, 0])
    let logSoftmax = large.logSoftmax().scalars
    #expect(logSoftmax.allSatisfy { $0.isFinite })
    expectClose(logSoftmax, [0, -1e4, -2e4])
    expectClose(large.crossEntropy(labels: [1]), [1e4])
  }

  @Test("gradients of softmax, log-softmax and cross-entropy")
  func gradients() {
    let x = randomTensor([2, 3, 5], seed: 80)
    expectGradientsMatch([x]) { $0[0].softmax() }
    expectGradientsMatch([x]) { $0[0].logSoftmax() }
    expectGradientsMatch([x]) { $0[0].crossEntropy(labels: [0, 4, 2, 2, 1, 3]) }
  }

  @Test("the fused cross-entropy agrees with the composite from log-softmax")
  func fusedAgreesWithComposite() {
    let labels = [4, 0, 1, 3, 2, 2]
    let fusedInput = randomTensor([6, 5], seed: 81)
    let compositeInput = Tensor(shape: [6, 5], scalars: fusedInput.scalars, requiresGrad: true)
    let fused = Tensor(shape: [6, 5], scalars: fusedInput.scalars, requiresGrad: true)
    let fusedLoss = fused.crossEntropy(labels: labels)
    let oneHot = Tensor(
      shape: [6, 5], scalars: (0..<30).map { labels[$0 / 5] == $0 % 5 ? 1 : 0 })
    let compositeLoss = -(compositeInput.logSoftmax() * oneHot).sum(axis: 1)
    expectClose(fusedLoss, compositeLoss.scalars)
    fusedLoss.mean().backward()
    compositeLoss.mean().backward()
    expectClose(fused.grad!, compositeInput.grad!.scalars, absoluteTolerance: 1e-6)
  }

  @Test("label smoothing: the loss against (1 - eps) onehot + eps / classes, values and gradients")
  func labelSmoothing() {
    let labels = [4, 0, 1, 3, 2, 2]
    let x = randomTensor([6, 5], seed: 82)
    let (fused, composite) = (
      Tensor(shape: [6, 5], scalars: x.scalars, requiresGrad: true),
      Tensor(shape: [6, 5], scalars: x.scalars, requiresGrad: true)
    )
    let eps: Float = 0.1
    let target = Tensor(
      shape: [6, 5],
      scalars: (0..<30).map { (labels[$0 / 5] == $0 % 5 ? 1 - eps : 0) + eps / 5 })
    let fusedLoss = fused.crossEntropy(labels: labels, smoothing: eps)
    let compositeLoss = -(composite.logSoftmax() * target).sum(axis: 1)
    expectClose(fusedLoss, compositeLoss.scalars)
    fusedLoss.mean().backward()
    compositeLoss.mean().backward()
    expectClose(fused.grad!, composite.grad!.scalars, absoluteTolerance: 1e-6)
    expectGradientsMatch([x]) { $0[0].crossEntropy(labels: labels, smoothing: eps) }
    // Smoothing 0 is the plain loss, to the bit.
    #expect(
      x.crossEntropy(labels: labels, smoothing: 0).scalars == x.crossEntropy(labels: labels).scalars
    )
  }
}
