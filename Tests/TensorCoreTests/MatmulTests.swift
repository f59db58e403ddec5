import TensorCore
import TestSupport
import Testing

@Suite("matrix product")
struct MatmulTests {
  @Test("a (2, 3) by (3, 2) product by hand")
  func smallProduct() {
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
    let c = a.matmul(b)
    expectShape(c, [2, 2])
    expectClose(c, [58, 64, 139, 154])
  }

  @Test("gradients of both operands, square and not")
  func gradients() {
    expectGradientsMatch([randomTensor([3, 4], seed: 30), randomTensor([4, 2], seed: 31)]) {
      $0[0].matmul($0[1])
    }
    expectGradientsMatch([randomTensor([1, 5], seed: 32), randomTensor([5, 1], seed: 33)]) {
      $0[0].matmul($0[1])
    }
  }

  @Test("a matrix used on both sides gets both gradients: d(A A)/dA")
  func sameOperandTwice() {
    expectGradientsMatch([randomTensor([3, 3], seed: 34)]) { $0[0].matmul($0[0]) }
  }

  @Test(
    "affine equals matmul plus bias, values and gradients, and is gradient-checked",
    arguments: [4, 16, 21, 40])  // widths below, at and between the 16-lane vectors
  func affine(width: Int) {
    let (x, w, b) = (
      randomTensor([5, 3], seed: 35), randomTensor([3, width], seed: 36),
      randomTensor([width], seed: 37)
    )
    let fused = [x, w, b].map { Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true) }
    let composite = [x, w, b].map {
      Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true)
    }
    let y1 = fused[0].affine(weight: fused[1], bias: fused[2])
    let y2 = composite[0].matmul(composite[1]) + composite[2]
    expectClose(y1, y2.scalars)
    let seed = randomTensor([5, width], seed: 38)
    y1.backward(seed: seed)
    y2.backward(seed: seed)
    for (a, c) in zip(fused, composite) { expectClose(a.grad!, c.grad!.scalars) }
    expectGradientsMatch([x, w, b]) { $0[0].affine(weight: $0[1], bias: $0[2]) }
  }

  @Test("a second backward adds to the gradients the first one wrote")
  func gradientsAddUp() {
    let (x, w, b) = (
      randomTensor([5, 3], seed: 39), randomTensor([3, 21], seed: 40), randomTensor([21], seed: 41)
    )
    let parameters = [x, w, b].map {
      Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true)
    }
    let seed = randomTensor([5, 21], seed: 42)
    parameters[0].affine(weight: parameters[1], bias: parameters[2]).backward(seed: seed)
    let once = parameters.map { $0.grad!.scalars }
    parameters[0].affine(weight: parameters[1], bias: parameters[2]).backward(seed: seed)
    for (parameter, first) in zip(parameters, once) {
      expectClose(parameter.grad!, first.map { 2 * $0 })
    }
  }

  @Test("inner dimensions that differ stop with both shapes")
  func mismatchStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("matmul: expected (m, k) x (k, n), got (2, 3) x (4, 5)"))
    }
  }
}

@Suite("batched matrix product")
struct BatchedMatmulTests {
  @Test("each entry is its own product, with and without the second operand transposed")
  func entries() {
    let a = randomTensor([3, 2, 4], seed: 50)
    let b = randomTensor([3, 4, 5], seed: 51)
    let c = a.batchedMatmul(b)
    expectShape(c, [3, 2, 5])
    for item in 0..<3 {
      expectClose(
        c.select(axis: 0, item), a.select(axis: 0, item).matmul(b.select(axis: 0, item)).scalars)
    }
    let bt = b.permuted([0, 2, 1])  // (3, 5, 4)
    expectClose(a.batchedMatmul(bt, transposeOther: true), c.scalars)
  }

  @Test("gradients of both operands, both layouts")
  func gradients() {
    expectGradientsMatch([randomTensor([2, 3, 4], seed: 52), randomTensor([2, 4, 2], seed: 53)]) {
      $0[0].batchedMatmul($0[1])
    }
    expectGradientsMatch([randomTensor([2, 3, 4], seed: 54), randomTensor([2, 5, 4], seed: 55)]) {
      $0[0].batchedMatmul($0[1], transposeOther: true)
    }
  }
}
