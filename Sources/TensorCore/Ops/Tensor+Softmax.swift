/// Softmax and log-softmax over the last axis, computed stably by subtracting each row's maximum.
extension Tensor {
  /// softmax(x)_j = e^(x_j - m) / sum_k e^(x_k - m), m = max_k x_k, over the last axis.
  ///
  /// Derivative per row: dx = y * (dy - sum_k dy_k y_k).
  public func softmax() -> Tensor {
    let input = self
    let out = Tensor(uninitializedShape: shape)
    let rowSize = shape.last ?? 1
    forEachRow(into: out) { x, y in
      let largest = Vector(repeating: Loops.max(rowSize, x))
      Loops.map(rowSize, x, into: y) { VectorMath.exp($0 - largest) }
      let total = Vector(repeating: Loops.sum(rowSize, y))
      Loops.map(rowSize, y, into: y) { $0 / total }
    }
    let probabilities = out.detached()
    return out.recordBackward(from: [input]) { grad in
      let dx = Tensor(uninitializedShape: input.shape)
      for row in stride(from: 0, to: input.count, by: rowSize) {
        let (y, dy, target) = (
          probabilities.storage.pointer + row, grad.storage.pointer + row, dx.storage.pointer + row
        )
        let dot = Vector(repeating: Loops.dot(rowSize, dy, y))
        Loops.zip(rowSize, dy, y, into: target) { ($0 - dot) * $1 }
      }
      input.accumulateGrad(dx)
    }
  }

  /// log softmax(x)_j = x_j - m - ln sum_k e^(x_k - m), m = max_k x_k, over the last axis.
  ///
  /// Derivative per row: dx = dy - softmax(x) * sum_k dy_k.
  public func logSoftmax() -> Tensor {
    let input = self
    let out = Tensor(uninitializedShape: shape)
    let rowSize = shape.last ?? 1
    forEachRow(into: out) { x, y in
      let logSumExp = Vector(repeating: Tensor.logSumExp(rowSize, x))
      Loops.map(rowSize, x, into: y) { $0 - logSumExp }
    }
    let logProbabilities = out.detached()
    return out.recordBackward(from: [input]) { grad in
      let dx = Tensor(uninitializedShape: input.shape)
      for row in stride(from: 0, to: input.count, by: rowSize) {
        let (logY, dy, target) = (
          logProbabilities.storage.pointer + row, grad.storage.pointer + row,
          dx.storage.pointer + row
        )
        let total = Vector(repeating: Loops.sum(rowSize, dy))
        Loops.zip(rowSize, dy, logY, into: target) { $0 - VectorMath.exp($1) * total }
      }
      input.accumulateGrad(dx)
    }
  }

  /// ln sum_k e^(x_k) of one row, as m + ln sum_k e^(x_k - m) so that nothing overflows.
  static func logSumExp(_ rowSize: Int, _ x: UnsafePointer<Float>) -> Float {
    let largest = Loops.max(rowSize, x)
    let shift = Vector(repeating: largest)
    var total = Vector()
    var index = 0
    while index < rowSize {
      var terms = VectorMath.exp(Loops.load(x, index, rowSize) - shift)
      if index + Vector.scalarCount > rowSize {
        for lane in (rowSize - index)..<Vector.scalarCount { terms[lane] = 0 }
      }
      total += terms
      index += Vector.scalarCount
    }
    return largest + VectorMath.log(Vector(repeating: total.sum()))[0]
  }

  /// Calls `body(x, y)` for each row (last axis) of `self` and the same row of `out`.
  func forEachRow(
    into out: Tensor, _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
  ) {
    let rowSize = shape.last ?? 1
    for row in stride(from: 0, to: count, by: rowSize) {
      body(storage.pointer + row, out.storage.pointer + row)
    }
  }
}
