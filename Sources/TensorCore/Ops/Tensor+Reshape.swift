/// Changing how the scalars are viewed (reshape) or ordered (permute, transpose).
extension Tensor {
  /// The same scalars in a new shape of the same count; one dimension may be -1 (inferred).
  /// Shares storage with `self`. The gradient is reshaped back.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var resolved = newShape
    if let inferred = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element)
      let knownCount = Shape.count(known)
      require(
        knownCount > 0 && count % knownCount == 0,
        "reshape: cannot reshape \(Shape.describe(shape)) to \(Shape.describe(newShape))")
      resolved[inferred] = count / knownCount
    }
    require(
      Shape.count(resolved) == count,
      "reshape: cannot reshape \(Shape.describe(shape)) to \(Shape.describe(newShape))")
    let input = self
    let out = Tensor(shape: resolved, storage: storage)
    return out.recordBackward(from: [input]) { grad in
      input.accumulateGrad(adopting: grad.reshaped(input.shape))
    }
  }

  /// The axes reordered: result axis i is input axis `axes[i]`, e.g. `permuted([1, 0, 2])` turns
  /// (batchSize, numSteps, embedSize) into (numSteps, batchSize, embedSize). The gradient is
  /// permuted back with the inverse order.
  public func permuted(_ axes: [Int]) -> Tensor {
    require(
      axes.sorted() == Array(0..<rank),
      "permute: \(axes) is not an order of the axes of \(Shape.describe(shape))")
    let input = self
    let outShape = axes.map { shape[$0] }
    let out = Tensor(uninitializedShape: outShape)
    var inputStrides = Array(repeating: 1, count: rank)
    for axis in stride(from: rank - 2, through: 0, by: -1) {
      inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1]
    }
    let (x, y) = (storage.pointer, out.storage.pointer)
    let strides = axes.map { inputStrides[$0] }
    if axes.last == rank - 1 {
      // The last axis stays last: copy whole rows, e.g. (batch, steps, embed) -> (steps, batch, embed).
      let rowSize = shape[rank - 1]
      let rowStrides = Array(strides.dropLast())
      Shape.forEachOffset(Array(outShape.dropLast()), rowStrides, rowStrides) { row, offset, _ in
        (y + row * rowSize).update(from: x + offset, count: rowSize)
      }
    } else {
      Shape.forEachOffset(outShape, strides, strides) { position, offset, _ in
        y[position] = x[offset]
      }
    }
    var inverse = Array(repeating: 0, count: rank)
    for (index, axis) in axes.enumerated() { inverse[axis] = index }
    return out.recordBackward(from: [input]) { grad in
      input.accumulateGrad(adopting: grad.permuted(inverse))
    }
  }

  /// The transpose of a matrix: (m, n) -> (n, m).
  public func transposed() -> Tensor {
    require(rank == 2, "transpose: expected a matrix, got \(Shape.describe(shape))")
    return permuted([1, 0])
  }
}
