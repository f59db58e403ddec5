import TensorCore
import TestSupport
import Testing

@Suite("optimizers")
struct OptimizerTests {
  @Test("SGD takes theta - lr * g")
  func sgdStep() {
    let w = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    let sgd = SGD(parameters: [w], learningRate: 0.1)
    (w * w).sum().backward()  // g = 2w
    sgd.step()
    expectClose(w, [0.8, 1.6])
    sgd.zeroGrad()
    #expect(w.grad == nil)
  }

  @Test("Adam's first step moves each weight by about lr against the gradient's sign")
  func adamFirstStep() {
    let w = Tensor(shape: [3], scalars: [1, -2, 3], requiresGrad: true)
    let adam = Adam(parameters: [w], learningRate: 0.01)
    (w * Tensor(shape: [3], scalars: [5, -0.1, 0.001])).sum().backward()
    adam.step()
    // mHat = g and vHat = g^2 after one step, so the update is lr * g / (|g| + eps).
    expectClose(w, [0.99, -1.99, 2.99], absoluteTolerance: 1e-5)
    #expect(adam.stepCount == 1)
  }

  @Test("SGD minimises a quadratic")
  func sgdConverges() {
    let w = Tensor(shape: [2], scalars: [5, -3], requiresGrad: true)
    let target = Tensor(shape: [2], scalars: [1, 2])
    let sgd = SGD(parameters: [w], learningRate: 0.1)
    for _ in 0..<200 {
      sgd.zeroGrad()
      let difference = w - target
      (difference * difference).sum().backward()
      sgd.step()
    }
    expectClose(w, [1, 2], absoluteTolerance: 1e-4)
  }
}
