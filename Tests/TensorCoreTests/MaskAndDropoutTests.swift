import TensorCore
import TestSupport
import Testing

@Suite("masking and dropout")
struct MaskAndDropoutTests {
  @Test("masked positions take the fill value and pass no gradient")
  func masking() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6], requiresGrad: true)
    // valid lengths 1 and 2, as D2L's sequence_mask
    let mask = Tensor(shape: [2, 3], scalars: [1, 0, 0, 1, 1, 0])
    let y = x.masked(by: mask, fill: -1)
    expectClose(y, [1, -1, -1, 4, 5, -1])
    y.sum().backward()
    expectClose(x.grad!, [1, 0, 0, 1, 1, 0])
    expectGradientsMatch([randomTensor([2, 3], seed: 90)]) { $0[0].masked(by: mask) }
  }

  @Test("dropout zeroes about p of the scalars and scales the rest by 1 / (1 - p)")
  func dropoutStatistics() {
    var generator = SeededGenerator(seed: 1)
    let y = Tensor.ones([100, 100]).dropout(probability: 0.25, using: &generator).scalars
    let zeros = y.filter { $0 == 0 }.count
    #expect((2300...2700).contains(zeros))
    #expect(y.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
  }

  @Test("the same seed gives the same mask; p = 0 changes nothing")
  func dropoutIsSeeded() {
    var first = SeededGenerator(seed: 5)
    var second = SeededGenerator(seed: 5)
    let x = randomTensor([4, 4], seed: 91)
    #expect(
      x.dropout(probability: 0.5, using: &first).scalars
        == x.dropout(probability: 0.5, using: &second).scalars)
    #expect(x.dropout(probability: 0, using: &first).scalars == x.scalars)
  }

  @Test("dropout's gradient with a fixed mask")
  func dropoutGradient() {
    expectGradientsMatch([randomTensor([3, 5], seed: 92)]) { inputs in
      var generator = SeededGenerator(seed: 9)
      return inputs[0].dropout(probability: 0.3, using: &generator)
    }
  }
}
