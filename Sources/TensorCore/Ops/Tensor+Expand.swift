/// Repeating a tensor along new or size-1 axes, as NumPy's `broadcast_to` (copied, not a view).
extension Tensor {
  /// This tensor broadcast to `shape`, e.g. a context (batchSize, numHiddens) repeated for every
  /// step: (numSteps, batchSize, numHiddens). The derivative sums the copies back.
  public func expanded(to shape: [Int]) -> Tensor {
    let plan = Broadcast(self.shape, shape, op: "expand")
    require(
      plan.shape == shape,
      "expand: cannot expand \(Shape.describe(self.shape)) to \(Shape.describe(shape))")
    let input = self
    let out = Tensor(uninitializedShape: shape)
    let (x, y) = (storage.pointer, out.storage.pointer)
    switch plan.layout(of: self.shape) {
    case .same:
      y.update(from: x, count: count)
    case .scalar:
      y.update(repeating: x[0], count: out.count)
    case .trailing(let block):
      for start in stride(from: 0, to: out.count, by: block) {
        (y + start).update(from: x, count: block)
      }
    case .strided(let strides):
      Shape.forEachOffset(shape, strides, strides) { position, offset, _ in y[position] = x[offset]
      }
    }
    return out.recordBackward(from: [input]) { grad in
      input.accumulateGrad(grad.sumBroadcast(to: input.shape))
    }
  }
}
