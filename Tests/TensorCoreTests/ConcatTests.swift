import TensorCore
import TestSupport
import Testing

@Suite("concatenate, stack, slice, select")
struct ConcatTests {
  let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
  let b = Tensor(shape: [2, 3], scalars: [5, 6, 7, 8, 9, 10])

  @Test("concatenate along the last and the first axis")
  func concatenate() {
    let side = Tensor.concatenate([a, b], axis: 1)
    expectShape(side, [2, 5])
    expectClose(side, [1, 2, 5, 6, 7, 3, 4, 8, 9, 10])
    let below = Tensor.concatenate([a, a], axis: 0)
    expectShape(below, [4, 2])
    expectClose(below, [1, 2, 3, 4, 1, 2, 3, 4])
  }

  @Test("stack time steps into (numSteps, batchSize, numHiddens)")
  func stack() {
    let steps = Tensor.stack([a, a * 10, a * 100])
    expectShape(steps, [3, 2, 2])
    expectClose(steps.select(axis: 0, 2), [100, 200, 300, 400])
    expectShape(Tensor.stack([a, a], axis: 1), [2, 2, 2])
    expectClose(Tensor.stack([a, a], axis: 2), [1, 1, 2, 2, 3, 3, 4, 4])
  }

  @Test("slice and select a range along an axis")
  func slice() {
    let x = Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))
    expectClose(x.slice(axis: 1, 1..<3), [1, 2, 5, 6, 9, 10])
    expectClose(x.select(axis: 0, 2), [8, 9, 10, 11])
    expectShape(x.select(axis: 1, 0), [3])
  }

  @Test("gradients of concatenate, stack, slice and select")
  func gradients() {
    let x = randomTensor([2, 3, 2], seed: 60)
    let y = randomTensor([2, 1, 2], seed: 61)
    expectGradientsMatch([x, y]) { Tensor.concatenate([$0[0], $0[1], $0[0]], axis: 1) }
    expectGradientsMatch([x]) { Tensor.stack([$0[0], $0[0] * 2], axis: 1) }
    expectGradientsMatch([x]) { $0[0].slice(axis: 1, 1..<3) }
    expectGradientsMatch([x]) { $0[0].select(axis: 2, 1) }
  }

  @Test("mismatched shapes stop with both shapes")
  func mismatchStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor.zeros([2, 2]), Tensor.zeros([3, 3])], axis: 1)
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("expected shapes like (2, 2), got (3, 3)"))
    }
  }
}
