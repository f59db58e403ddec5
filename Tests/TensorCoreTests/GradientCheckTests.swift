import TensorCore
import TestSupport
import Testing

/// The checker itself: it must pass a right derivative and catch a wrong one.
@Suite("gradient checker")
struct GradientCheckTests {
  /// sigma(x) with its derivative multiplied by `factor` (1 is right).
  static func sigmoid(_ x: Tensor, derivativeFactor factor: Float) -> Tensor {
    let y = GradientMode.withoutGradients { x.sigmoid() }
    let output = y.detached()
    return y.recordBackward(from: [x]) { grad in
      x.accumulateGrad(grad * output * (1 - output) * factor)
    }
  }

  @Test("a hand-written sigmoid with the right derivative passes")
  func rightDerivativePasses() {
    let result = GradientCheck().check([randomTensor([3, 4], seed: 1)]) {
      Self.sigmoid($0[0], derivativeFactor: 1)
    }
    #expect(result.passed, "\(result)")
    #expect(result.maxAbsoluteError < 1e-4)
  }

  @Test("a derivative off by 5% is caught", arguments: [Float(1.05), 0.95])
  func wrongDerivativeIsCaught(factor: Float) {
    let result = GradientCheck().check([randomTensor([3, 4], seed: 1)]) {
      Self.sigmoid($0[0], derivativeFactor: factor)
    }
    #expect(!result.passed)
    #expect(result.firstMismatch != nil)
  }

  @Test("a missing term is caught: d tanh = 1 - y, not 1 - y^2")
  func missingTermIsCaught() {
    let result = GradientCheck().check([randomTensor([5], seed: 3)]) { inputs in
      let x = inputs[0]
      let y = GradientMode.withoutGradients { x.tanh() }
      let output = y.detached()
      return y.recordBackward(from: [x]) { grad in x.accumulateGrad(grad * (1 - output)) }
    }
    #expect(!result.passed)
    #expect("\(result)".contains("backward gave"))
  }

  @Test("a gradient sent to the wrong input is caught")
  func swappedGradientsAreCaught() {
    let result = GradientCheck().check([randomTensor([4], seed: 4), randomTensor([4], seed: 5)]) {
      inputs in
      let (a, b) = (inputs[0], inputs[1])
      let y = GradientMode.withoutGradients { a * b }
      return y.recordBackward(from: [a, b]) { grad in
        a.accumulateGrad(grad * a)
        b.accumulateGrad(grad * b)
      }
    }
    #expect(!result.passed)
  }
}
