import TensorCore
import TestSupport
import Testing

@Suite("element-wise arithmetic and broadcasting")
struct ArithmeticTests {
  let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

  @Test("same-shape operations act element by element")
  func sameShape() {
    let b = Tensor(shape: [2, 3], scalars: [6, 5, 4, 3, 2, 1])
    expectClose(a + b, [7, 7, 7, 7, 7, 7])
    expectClose(a - b, [-5, -3, -1, 1, 3, 5])
    expectClose(a * b, [6, 10, 12, 12, 10, 6])
    expectClose(a / b, [1.0 / 6, 0.4, 0.75, 4.0 / 3, 2.5, 6])
    expectClose(-a, [-1, -2, -3, -4, -5, -6])
  }

  @Test("a bias row is added to every row")
  func biasRow() {
    let bias = Tensor(shape: [3], scalars: [10, 20, 30])
    let sum = a + bias
    expectShape(sum, [2, 3])
    expectClose(sum, [11, 22, 33, 14, 25, 36])
    expectClose(bias + a, [11, 22, 33, 14, 25, 36])
  }

  @Test("scalars broadcast everywhere")
  func scalars() {
    expectClose(a * 2, [2, 4, 6, 8, 10, 12])
    expectClose(1 - a, [0, -1, -2, -3, -4, -5])
    expectClose(a / 2, [0.5, 1, 1.5, 2, 2.5, 3])
    expectClose(10 + a, [11, 12, 13, 14, 15, 16])
  }

  @Test("a column and a row broadcast to a matrix (general case)")
  func columnTimesRow() {
    let column = Tensor(shape: [2, 1], scalars: [1, 2])
    let row = Tensor(shape: [1, 3], scalars: [10, 20, 30])
    let product = column * row
    expectShape(product, [2, 3])
    expectClose(product, [10, 20, 30, 20, 40, 60])
    let columnSum = a + column
    expectClose(columnSum, [2, 3, 4, 6, 7, 8])
  }

  @Test("gradients of all four operations", arguments: ["add", "subtract", "multiply", "divide"])
  func sameShapeGradients(op: String) {
    let x = randomTensor([3, 4], seed: 10)
    let y = randomTensor([3, 4], in: 0.5...2, seed: 11)
    expectGradientsMatch([x, y]) { Self.apply(op, $0[0], $0[1]) }
  }

  @Test(
    "gradients sum over broadcast axes",
    arguments: [[4], [1, 4], [3, 1], [], [1]] as [[Int]])
  func broadcastGradients(shape: [Int]) {
    let x = randomTensor([3, 4], seed: 12)
    let y = randomTensor(shape, in: 0.5...2, seed: 13)
    for op in ["add", "subtract", "multiply", "divide"] {
      expectGradientsMatch([x, y]) { Self.apply(op, $0[0], $0[1]) }
      expectGradientsMatch([y, x]) { Self.apply(op, $0[0], $0[1] * 0.5 + 1.5) }
    }
  }

  @Test("a three-axis broadcast: (2, 1, 4) with (3, 1)")
  func threeAxisBroadcast() {
    let x = randomTensor([2, 1, 4], seed: 14)
    let y = randomTensor([3, 1], seed: 15)
    expectShape(x * y, [2, 3, 4])
    expectGradientsMatch([x, y]) { $0[0] * $0[1] + $0[1] }
  }

  @Test("negation's gradient")
  func negationGradient() {
    expectGradientsMatch([randomTensor([5], seed: 16)]) { -$0[0] }
  }

  @Test("mismatched shapes stop with both shapes in the message")
  func mismatchedShapesStop() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("add: cannot broadcast (2, 3) with (4,)"))
    }
  }

  static func apply(_ op: String, _ x: Tensor, _ y: Tensor) -> Tensor {
    switch op {
    case "add": x + y
    case "subtract": x - y
    case "multiply": x * y
    default: x / y
    }
  }
}
