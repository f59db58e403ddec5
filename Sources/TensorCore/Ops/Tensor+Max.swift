/// The largest entry along an axis: max-pooling over time.
extension Tensor {
  /// y[o, i] = max_k x[o, k, i], the axis removed: (outer, length, inner) -> (outer, inner).
  ///
  /// The derivative flows only to the entry that was largest (the first one, on ties):
  /// dx[o, argmax, i] += dy[o, i].
  public func max(axis: Int) -> Tensor {
    let axis = Shape.normalize(axis: axis, rank: rank, in: "max")
    require(shape[axis] > 0, "max: axis \(axis) of \(Shape.describe(shape)) is empty")
    let input = self
    var outShape = shape
    outShape.remove(at: axis)
    let (outer, length, inner) = Shape.split(shape, at: axis)
    let out = Tensor(uninitializedShape: outShape)
    var winners = [Int](repeating: 0, count: outer * inner)
    let (x, y) = (storage.pointer, out.storage.pointer)
    for o in 0..<outer {
      for i in 0..<inner {
        var best = 0
        for k in 1..<length
        where x[(o * length + k) * inner + i] > x[(o * length + best) * inner + i] {
          best = k
        }
        winners[o * inner + i] = best
        y[o * inner + i] = x[(o * length + best) * inner + i]
      }
    }
    return out.recordBackward(from: [input]) { grad in
      input.addIntoGrad { dx in
        for o in 0..<outer {
          for i in 0..<inner {
            dx[(o * length + winners[o * inner + i]) * inner + i] +=
              grad.storage.pointer[o * inner + i]
          }
        }
      }
    }
  }
}
