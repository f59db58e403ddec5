import TensorCore
import TestSupport
import Testing

/// The whole core end to end against NumPy: forward, backward, Adam and clipping on a
/// two-layer classifier (numbers from Reference/make_mlp_reference.py).
@Suite("two-layer classifier against NumPy")
struct MLPReferenceTests {
  typealias R = MLPReference

  func parameters() -> [Tensor] {
    [
      Tensor(shape: [3, 5], scalars: R.w1, requiresGrad: true),
      Tensor(shape: [5], scalars: R.b1, requiresGrad: true),
      Tensor(shape: [5, 4], scalars: R.w2, requiresGrad: true),
      Tensor(shape: [4], scalars: R.b2, requiresGrad: true),
    ]
  }

  func loss(_ p: [Tensor]) -> (loss: Tensor, logits: Tensor) {
    let x = Tensor(shape: [4, 3], scalars: R.x)
    let hidden = (x.matmul(p[0]) + p[1]).tanh()
    let logits = hidden.matmul(p[2]) + p[3]
    return (logits.crossEntropy(labels: R.labels).mean(), logits)
  }

  @Test("loss, probabilities and all four gradients match NumPy")
  func forwardAndBackward() {
    let p = parameters()
    let (loss, logits) = loss(p)
    expectClose([loss.scalar], [R.loss])
    expectClose(logits.softmax(), R.probabilities)
    loss.backward()
    expectClose(p[0].grad!, R.gradW1, absoluteTolerance: 1e-6)
    expectClose(p[1].grad!, R.gradB1, absoluteTolerance: 1e-6)
    expectClose(p[2].grad!, R.gradW2, absoluteTolerance: 1e-6)
    expectClose(p[3].grad!, R.gradB2, absoluteTolerance: 1e-6)
  }

  @Test("three Adam steps move the weights as PyTorch's Adam does")
  func adamSteps() {
    let p = parameters()
    let adam = Adam(parameters: p, learningRate: 0.01)
    for _ in 0..<3 {
      adam.zeroGrad()
      loss(p).loss.backward()
      adam.step()
    }
    expectClose(p[0], R.adamW1)
    expectClose(p[1], R.adamB1)
    expectClose(p[2], R.adamW2)
    expectClose(p[3], R.adamB2)
    expectClose([loss(p).loss.scalar], [R.adamLoss])
  }

  @Test("clipping to a global norm of 0.1 scales every gradient alike")
  func clipping() {
    let p = parameters()
    loss(p).loss.backward()
    let norm = clipGradients(p, maxNorm: 0.1)
    expectClose([norm], [R.gradientNorm])
    expectClose(p[0].grad!, R.clippedW1, absoluteTolerance: 1e-7)
    expectClose(p[1].grad!, R.clippedB1, absoluteTolerance: 1e-7)
    expectClose(p[2].grad!, R.clippedW2, absoluteTolerance: 1e-7)
    expectClose(p[3].grad!, R.clippedB2, absoluteTolerance: 1e-7)
  }

  @Test("clipping leaves gradients below the limit untouched")
  func clippingBelowLimit() {
    let p = parameters()
    loss(p).loss.backward()
    let before = p.map { $0.grad!.scalars }
    clipGradients(p, maxNorm: 100)
    #expect(p.map { $0.grad!.scalars } == before)
  }
}
