import TensorCore
import TestSupport
import Testing

@Suite("reverse-mode autodiff")
struct AutodiffTests {
  @Test("a tensor used twice receives the sum of both gradients: d(x*x + x)/dx = 2x + 1")
  func gradientsAccumulateOverUses() {
    let x = Tensor(shape: [3], scalars: [1, 2, 3], requiresGrad: true)
    (x * x + x).sum().backward()
    expectClose(x.grad!, [3, 5, 7])
  }

  @Test("a diamond: y = tanh(x), z = y * sigmoid(y) + y")
  func diamond() {
    expectGradientsMatch([randomTensor([4], seed: 100)]) { inputs in
      let y = inputs[0].tanh()
      return y * y.sigmoid() + y
    }
  }

  @Test("gradients add up across backward calls until zeroGrad")
  func accumulationAndZeroing() {
    let w = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    (w * 3).sum().backward()
    (w * 3).sum().backward()
    expectClose(w.grad!, [6, 6])
    w.zeroGrad()
    #expect(w.grad == nil)
    (w * 3).sum().backward()
    expectClose(w.grad!, [3, 3])
  }

  @Test("inputs that need no gradient get none")
  func constantsGetNoGradient() {
    let w = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    let x = Tensor(shape: [2], scalars: [5, 7])
    (w * x).sum().backward()
    expectClose(w.grad!, [5, 7])
    #expect(x.grad == nil)
    #expect(!(x * x).requiresGrad)
  }

  @Test("without gradients, ops record nothing")
  func noGradientMode() {
    let w = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    let y = GradientMode.withoutGradients { (w * w).sum() }
    #expect(!y.requiresGrad)
    #expect(GradientMode.isEnabled)
    #expect(GradientMode.withoutGradients { GradientMode.isEnabled } == false)
  }

  @Test("backward with a seed computes the gradient of sum(seed * y)")
  func seededBackward() {
    let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    (x * x).backward(seed: Tensor(shape: [2], scalars: [10, 100]))
    expectClose(x.grad!, [20, 400])
  }

  @Test("a deep chain of 10,000 ops differentiates without recursion")
  func deepChain() {
    let x = Tensor(shape: [1], scalars: [1], requiresGrad: true)
    var y = x
    for _ in 0..<10_000 { y = y * 1.0001 }
    y.sum().backward()
    expectClose(x.grad!, [Float(2.718_145_9)], relativeTolerance: 1e-3)
  }

  @Test("a second backward through a released graph stops with a message")
  func releasedGraphStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let w = Tensor.ones([2], requiresGrad: true)
      let shared = w * 2
      (shared * 3).sum().backward()
      (shared * 4).sum().backward()
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("released by an earlier backward()"))
    }
  }

  @Test("backward of a non-scalar without a seed stops with its shape")
  func nonScalarBackwardStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      Tensor.ones([2, 2], requiresGrad: true).backward()
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("backward: expected a one-element loss or a seed, got shape (2, 2)"))
    }
  }
}
