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
