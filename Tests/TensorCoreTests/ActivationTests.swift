import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("activations and their vector kernels")
struct ActivationTests {
  /// 2,001 points from -20 to 20, and a few special ones.
  let grid = Tensor(
    shape: [2006], scalars: (0...2000).map { Float($0) / 50 - 20 } + [0, 1e-6, -1e-6, 0.19, -0.21])

  @Test("exp matches the C library to 1e-6 relative")
  func expAccuracy() {
    expectClose(
      grid.exp(), grid.scalars.map { Foundation.exp($0) }, absoluteTolerance: 0,
      relativeTolerance: 1e-6)
  }

  @Test("tanh matches the C library")
  func tanhAccuracy() {
    expectClose(
      grid.tanh(), grid.scalars.map { Foundation.tanh($0) }, absoluteTolerance: 1e-7,
      relativeTolerance: 1e-6)
  }

  @Test("sigmoid matches 1 / (1 + e^-x)")
  func sigmoidAccuracy() {
    let expected = grid.scalars.map { 1 / (1 + Foundation.exp(-$0)) }
    expectClose(grid.sigmoid(), expected, absoluteTolerance: 1e-7, relativeTolerance: 1e-6)
  }

  @Test("log matches the C library over many magnitudes")
  func logAccuracy() {
    let x = Tensor(shape: [400], scalars: (0..<400).map { Foundation.pow(10, Float($0) / 10 - 20) })
    expectClose(
      x.log(), x.scalars.map { Foundation.log($0) }, absoluteTolerance: 1e-6,
      relativeTolerance: 1e-6)
  }

  @Test("square root matches the C library over many magnitudes, and is 0 at 0")
  func squareRootAccuracy() {
    let x = Tensor(shape: [400], scalars: (0..<400).map { Foundation.pow(10, Float($0) / 10 - 20) })
    expectClose(
      x.squareRoot(), x.scalars.map { $0.squareRoot() }, absoluteTolerance: 0,
      relativeTolerance: 1e-6)
    #expect(Tensor(shape: [1], scalars: [0]).squareRoot().scalars == [0])
  }

  @Test("edge cases: overflow, underflow, zero and negatives")
  func edgeCases() {
    let x = Tensor(shape: [4], scalars: [100, -100, 88, -87])
    let e = x.exp().scalars
    #expect(e[0] == .infinity)
    #expect(e[1] == 0)
    #expect(abs(e[2] / Foundation.exp(88) - 1) < 1e-5)
    #expect(abs(e[3] / Foundation.exp(-87) - 1) < 1e-5)
    expectClose(x.tanh(), [1, -1, 1, -1])
    expectClose(x.sigmoid(), [1, 0, 1, 0])
    let logs = Tensor(shape: [3], scalars: [0, -1, .infinity]).log().scalars
    #expect(logs[0] == -.infinity)
    #expect(logs[1].isNaN)
    #expect(logs[2] == .infinity)
  }

  @Test("relu keeps positives and zeroes negatives")
  func reluValues() {
    expectClose(Tensor(shape: [4], scalars: [-2, -0.5, 0.5, 3]).relu(), [0, 0, 0.5, 3])
  }

  @Test("gradients", arguments: ["sigmoid", "tanh", "exp", "log", "sqrt", "relu"])
  func gradients(name: String) {
    // Inputs away from relu's kink at 0 and inside log's domain.
    let x = randomTensor([4, 5], in: 0.1...2, seed: 20)
    let signs = Tensor(shape: [4, 5], scalars: (0..<20).map { $0 % 3 == 0 ? -1 : 1 })
    expectGradientsMatch([x]) { inputs in
      switch name {
      case "sigmoid": (inputs[0] * signs).sigmoid()
      case "tanh": (inputs[0] * signs).tanh()
      case "exp": (inputs[0] * signs).exp()
      case "log": inputs[0].log()
      case "sqrt": inputs[0].squareRoot()
      default: (inputs[0] * signs).relu()
      }
    }
  }
}
