import TensorCore
import TestSupport
import Testing

@Suite("row gather (embedding lookup)")
struct GatherTests {
  let table = Tensor(shape: [4, 2], scalars: [0, 1, 10, 11, 20, 21, 30, 31])

  @Test("token ids (batchSize, numSteps) give (batchSize, numSteps, embedSize)")
  func lookup() {
    let y = table.gatherRows([3, 0, 1, 1, 2, 3], shape: [2, 3])
    expectShape(y, [2, 3, 2])
    expectClose(y, [30, 31, 0, 1, 10, 11, 10, 11, 20, 21, 30, 31])
  }

  @Test("a row used twice receives both gradients; unused rows none")
  func scatterAdd() {
    let weights = Tensor(shape: [4, 2], scalars: table.scalars, requiresGrad: true)
    let y = weights.gatherRows([1, 1, 2], shape: [3])
    y.backward(seed: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
    expectClose(weights.grad!, [0, 0, 4, 6, 5, 6, 0, 0])
  }

  @Test("gradient check")
  func gradients() {
    expectGradientsMatch([randomTensor([5, 3], seed: 70)]) {
      $0[0].gatherRows([4, 0, 4, 2, 2, 2], shape: [3, 2])
    }
  }

  @Test("an index out of range stops with the index")
  func badIndexStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([4, 2]).gatherRows([1, 4], shape: [2])
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("gatherRows: index 4 is out of range 0..<4"))
    }
  }

  @Test("gather along an axis keeps the slices asked for, in order, repeats included")
  func gatherAlongAnAxis() {
    // (2, 3, 2): two layers of three rows of two.
    let x = Tensor(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))
    let rows = x.gather(axis: 1, [2, 0, 2])
    expectShape(rows, [2, 3, 2])
    expectClose(rows, [4, 5, 0, 1, 4, 5, 10, 11, 6, 7, 10, 11])
    expectClose(x.gather(axis: 0, [1]), Array((6..<12).map(Float.init)))
    expectClose(
      x.gather(axis: 2, [1, 1, 0]), [1, 1, 0, 3, 3, 2, 5, 5, 4, 7, 7, 6, 9, 9, 8, 11, 11, 10])
    for i in 0..<3 {  // one index is `select`, keeping the axis
      expectClose(x.gather(axis: 1, [i]), x.select(axis: 1, i).scalars)
    }
  }

  @Test("gather along an axis: gradient check, repeated indices adding")
  func gatherGradients() {
    expectGradientsMatch([randomTensor([2, 4, 3], seed: 71)]) {
      $0[0].gather(axis: 1, [3, 0, 3, 1])
    }
  }
}
