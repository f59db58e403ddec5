import TensorCore
import TestSupport
import Testing

@Suite("sums and means")
struct ReductionTests {
  let x = Tensor(shape: [2, 3, 2], scalars: (1...12).map(Float.init))

  @Test("sum and mean of everything")
  func everything() {
    expectShape(x.sum(), [])
    #expect(x.sum().scalar == 78)
    #expect(x.mean().scalar == 6.5)
  }

  @Test("sum over each axis removes it")
  func overAxes() {
    expectClose(x.sum(axis: 0), [8, 10, 12, 14, 16, 18])
    expectClose(x.sum(axis: 1), [9, 12, 27, 30])
    expectClose(x.sum(axis: -1), [3, 7, 11, 15, 19, 23])
    expectShape(x.sum(axis: 1), [2, 2])
    expectClose(x.mean(axis: 1), [3, 4, 9, 10])
  }

  @Test("gradients over every axis and of the means", arguments: [0, 1, 2])
  func gradients(axis: Int) {
    let input = randomTensor([2, 3, 4], seed: 40)
    expectGradientsMatch([input]) { $0[0].sum(axis: axis) }
    expectGradientsMatch([input]) { $0[0].mean(axis: axis) }
    expectGradientsMatch([input]) { $0[0].mean() }
  }

  @Test("max over an axis picks the largest entry; its gradient goes to that entry only")
  func maxOverAxis() {
    let x = Tensor(shape: [2, 3], scalars: [1, 5, 2, 7, 0, 7], requiresGrad: true)
    expectClose(x.max(axis: 1), [5, 7])
    expectClose(x.max(axis: 0), [7, 5, 7])
    x.max(axis: 1).sum().backward()
    expectClose(x.grad!, [0, 1, 0, 1, 0, 0])  // ties go to the first
    for axis in 0..<3 {
      expectGradientsMatch([randomTensor([3, 4, 2], seed: 41)]) { $0[0].max(axis: axis) }
    }
  }

  @Test("an axis out of range stops with a message")
  func badAxisStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).sum(axis: 2)
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("sum: axis 2 is out of range for a tensor of rank 2"))
    }
  }
}
