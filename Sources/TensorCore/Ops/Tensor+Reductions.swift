/// Sums and means over one axis or over everything.
extension Tensor {
  /// The sum of all scalars, shape `[]`. d/dx_i = 1.
  public func sum() -> Tensor {
    let input = self
    let out = Tensor(Loops.sum(count, storage.pointer))
    return out.recordBackward(from: [input]) { grad in
      input.accumulateGrad(Tensor(repeating: grad.scalar, shape: input.shape))
    }
  }

  /// The sum over `axis`, which is removed: (outer, length, inner) -> (outer, inner).
  ///
  /// y[o, i] = sum_k x[o, k, i]; d/dx[o, k, i] = 1, so each slice along `axis` receives the
  /// gradient of y.
  public func sum(axis: Int) -> Tensor {
    let axis = Shape.normalize(axis: axis, rank: rank, in: "sum")
    let input = self
    var outShape = shape
    outShape.remove(at: axis)
    let (outer, length, inner) = Shape.split(shape, at: axis)
    let out = Tensor(repeating: 0, shape: outShape)
    let (x, y) = (storage.pointer, out.storage.pointer)
    for o in 0..<outer {
      for k in 0..<length {
        Loops.zip(inner, y + o * inner, x + (o * length + k) * inner, into: y + o * inner) {
          $0 + $1
        }
      }
    }
    return out.recordBackward(from: [input]) { grad in
      input.addIntoGrad { dx in
        for o in 0..<outer {
          for k in 0..<length {
            let slice = dx + (o * length + k) * inner
            Loops.zip(inner, slice, grad.storage.pointer + o * inner, into: slice) { $0 + $1 }
          }
        }
      }
    }
  }

  /// The mean of all scalars, shape `[]`.
  public func mean() -> Tensor {
    sum() / Float(count)
  }

  /// The mean over `axis`, which is removed.
  public func mean(axis: Int) -> Tensor {
    let axis = Shape.normalize(axis: axis, rank: rank, in: "mean")
    return sum(axis: axis) / Float(shape[axis])
  }
}
