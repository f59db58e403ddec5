import TensorCore
import TestSupport
import Testing

/// The README's "core in ten lines" example, so the first code a reader sees keeps working.
@Suite("README example")
struct ReadmeExampleTests {
  @Test("the ten-line example computes a finite loss, a gradient and an Adam step")
  func tenLines() {
    var generator = SeededGenerator(seed: 0)
    let w = Tensor.xavierUniform([3, 2], using: &generator)
    let x = Tensor(shape: [4, 3], scalars: (0..<12).map(Float.init))
    let loss = x.matmul(w).tanh().crossEntropy(labels: [0, 1, 1, 0]).mean()
    loss.backward()
    let before = w.scalars
    let adam = Adam(parameters: [w], learningRate: 0.005)
    adam.step()

    #expect(loss.scalar.isFinite && loss.scalar > 0)
    expectShape(w.grad!, [3, 2])
    #expect(w.grad!.scalars.contains { $0 != 0 })
    #expect(zip(before, w.scalars).allSatisfy { abs($0 - $1) <= 0.005 + 1e-6 && $0 != $1 })
  }
}
