/// Looking up rows of a table by index: the forward pass of an embedding layer.
extension Tensor {
  /// The rows of this (numRows, rowSize) table at `indices`, shape `indexShape + [rowSize]`,
  /// e.g. token ids (batchSize, numSteps) give (batchSize, numSteps, embedSize).
  ///
  /// y[i] = table[indices[i]]. The derivative scatters back: dtable[indices[i]] += dy[i], so a
  /// row used twice receives both gradients.
  public func gatherRows(_ indices: [Int], shape indexShape: [Int]) -> Tensor {
    require(
      rank == 2, "gatherRows: expected a (numRows, rowSize) table, got \(Shape.describe(shape))")
    require(
      Shape.count(indexShape) == indices.count,
      "gatherRows: index shape \(Shape.describe(indexShape)) needs \(Shape.count(indexShape)) "
        + "indices, got \(indices.count)")
    let (numRows, rowSize) = (shape[0], shape[1])
    if let bad = indices.first(where: { !(0..<numRows).contains($0) }) {
      fatalError("gatherRows: index \(bad) is out of range 0..<\(numRows)")
    }
    let table = self
    let out = Tensor(uninitializedShape: indexShape + [rowSize])
    for (position, row) in indices.enumerated() {
      (out.storage.pointer + position * rowSize).update(
        from: storage.pointer + row * rowSize, count: rowSize)
    }
    return out.recordBackward(from: [table]) { grad in
      table.addIntoGrad { dTable in
        for (position, row) in indices.enumerated() {
          let target = dTable + row * rowSize
          Loops.zip(rowSize, target, grad.storage.pointer + position * rowSize, into: target) {
            $0 + $1
          }
        }
      }
    }
  }
}

extension Tensor {
  /// The slices of this tensor at `indices` along `axis`, in that order (an index may repeat):
  /// shape `shape` with `shape[axis]` replaced by `indices.count`. Beam search keeps the states of
  /// the beams it continues this way, e.g. the rows (batch axis 1) of a (numLayers, batchSize,
  /// numHiddens) state.
  ///
  /// y[..., j, ...] = x[..., indices[j], ...]: `gatherRows` on the (outer * size, inner) view, so
  /// the derivative is its scatter-add.
  public func gather(axis: Int, _ indices: [Int]) -> Tensor {
    require((0..<rank).contains(axis), "gather: axis \(axis) of a rank-\(rank) tensor")
    let size = shape[axis]
    if let bad = indices.first(where: { !(0..<size).contains($0) }) {
      fatalError("gather: index \(bad) is out of range 0..<\(size) on axis \(axis)")
    }
    let outer = Shape.count(Array(shape[..<axis]))
    let inner = Shape.count(Array(shape[(axis + 1)...]))
    let rows = (0..<outer).flatMap { o in indices.map { o * size + $0 } }
    var result = shape
    result[axis] = indices.count
    return reshaped([outer * size, inner]).gatherRows(rows, shape: [rows.count]).reshaped(result)
  }
}
