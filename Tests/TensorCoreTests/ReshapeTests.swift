import TensorCore
import TestSupport
import Testing

@Suite("reshape, permute, transpose")
struct ReshapeTests {
  let x = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))

  @Test("reshape keeps the order and infers -1")
  func reshape() {
    let y = x.reshaped([6, -1])
    expectShape(y, [6, 4])
    #expect(y.scalars == x.scalars)
  }

  @Test("permute (batch, steps, embed) -> (steps, batch, embed) as D2L's encoder does")
  func permuteBatchAndSteps() {
    let y = x.permuted([1, 0, 2])
    expectShape(y, [3, 2, 4])
    // Step 1 of batch 0 is x[0, 1, :] = 4...7; step 0 of batch 1 is x[1, 0, :] = 12...15.
    expectClose(y.slice(axis: 0, 0..<1), [0, 1, 2, 3, 12, 13, 14, 15])
    expectClose(y.select(axis: 0, 1).select(axis: 0, 0), [4, 5, 6, 7])
  }

  @Test("transpose of a matrix")
  func transpose() {
    let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    expectShape(m.transposed(), [3, 2])
    expectClose(m.transposed(), [1, 4, 2, 5, 3, 6])
  }

  @Test("gradients flow back through reshape and every permutation")
  func gradients() {
    let input = randomTensor([2, 3, 4], seed: 50)
    expectGradientsMatch([input]) { $0[0].reshaped([4, 6]) * $0[0].reshaped([4, 6]) }
    for axes in [[0, 2, 1], [1, 0, 2], [2, 0, 1], [2, 1, 0]] {
      expectGradientsMatch([input]) { $0[0].permuted(axes) }
    }
    expectGradientsMatch([randomTensor([3, 5], seed: 51)]) { $0[0].transposed() }
  }

  @Test("expand repeats along new and size-1 axes; the gradient sums the copies")
  func expand() {
    let row = Tensor(shape: [3], scalars: [1, 2, 3])
    expectClose(row.expanded(to: [2, 3]), [1, 2, 3, 1, 2, 3])
    let column = Tensor(shape: [2, 1], scalars: [1, 2])
    expectClose(column.expanded(to: [2, 3]), [1, 1, 1, 2, 2, 2])
    expectShape(Tensor(5).expanded(to: [2, 2]), [2, 2])
    expectGradientsMatch([randomTensor([4, 3], seed: 52)]) { $0[0].expanded(to: [5, 4, 3]) }
    expectGradientsMatch([randomTensor([4, 1], seed: 53)]) { $0[0].expanded(to: [2, 4, 3]) }
  }

  @Test("a reshape that changes the count stops with both shapes")
  func badReshapeStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).reshaped([4, 2])
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("reshape: cannot reshape (2, 3) to (4, 2)"))
    }
  }
}
