/// Joining tensors along an axis and cutting ranges out of one: time steps in and out of a
/// sequence, forward and backward states side by side.
extension Tensor {
  /// The tensors joined along `axis`; all other dimensions must agree. Each input receives its
  /// own slice of the gradient.
  public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
    require(!tensors.isEmpty, "concatenate: expected at least one tensor")
    let first = tensors[0]
    let axis = Shape.normalize(axis: axis, rank: first.rank, in: "concatenate")
    for tensor in tensors {
      var expected = first.shape
      expected[axis] = tensor.rank == first.rank ? tensor.shape[axis] : -1
      require(
        tensor.shape == expected,
        "concatenate: along axis \(axis) expected shapes like \(Shape.describe(first.shape)), "
          + "got \(Shape.describe(tensor.shape))")
    }
    var outShape = first.shape
    outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
    let out = Tensor(uninitializedShape: outShape)
    let (outer, outLength, inner) = Shape.split(outShape, at: axis)
    var offsets: [Int] = []
    var start = 0
    for tensor in tensors {
      offsets.append(start)
      let length = tensor.shape[axis]
      copyBlocks(
        outer: outer, length: length * inner, from: tensor.storage.pointer, stride: length * inner,
        to: out.storage.pointer + start * inner, stride: outLength * inner, adding: false)
      start += length
    }
    return out.recordBackward(from: tensors) { grad in
      for (tensor, start) in zip(tensors, offsets) {
        let length = tensor.shape[axis]
        tensor.contributeGrad { dx in
          copyBlocks(
            outer: outer, length: length * inner, from: grad.storage.pointer + start * inner,
            stride: outLength * inner, to: dx, stride: length * inner, adding: false)
        }
      }
    }
  }

  /// The tensors stacked along a new axis at `axis`, e.g. `numSteps` tensors of
  /// (batchSize, numHiddens) into (numSteps, batchSize, numHiddens).
  public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    require(!tensors.isEmpty, "stack: expected at least one tensor")
    let axis = Shape.normalize(axis: axis, rank: tensors[0].rank + 1, in: "stack")
    let expanded = tensors.map { tensor in
      var shape = tensor.shape
      shape.insert(1, at: axis)
      return tensor.reshaped(shape)
    }
    return concatenate(expanded, axis: axis)
  }

  /// The positions `range` along `axis`; that axis keeps `range.count` entries. The gradient goes
  /// back into the same positions.
  public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
    let axis = Shape.normalize(axis: axis, rank: rank, in: "slice")
    require(
      range.lowerBound >= 0 && range.upperBound <= shape[axis],
      "slice: range \(range) is out of bounds for axis \(axis) of \(Shape.describe(shape))")
    let input = self
    var outShape = shape
    outShape[axis] = range.count
    let out = Tensor(uninitializedShape: outShape)
    let (outer, length, inner) = Shape.split(shape, at: axis)
    let start = range.lowerBound * inner
    Tensor.copyBlocks(
      outer: outer, length: range.count * inner, from: storage.pointer + start,
      stride: length * inner, to: out.storage.pointer, stride: range.count * inner, adding: false)
    return out.recordBackward(from: [input]) { grad in
      input.addIntoGrad { dx in
        Tensor.copyBlocks(
          outer: outer, length: range.count * inner, from: grad.storage.pointer,
          stride: range.count * inner, to: dx + start, stride: length * inner, adding: true)
      }
    }
  }

  /// Entry `index` along `axis`, with that axis removed, e.g. time step t of
  /// (numSteps, batchSize, embedSize) is (batchSize, embedSize).
  public func select(axis: Int, _ index: Int) -> Tensor {
    let axis = Shape.normalize(axis: axis, rank: rank, in: "select")
    var outShape = shape
    outShape.remove(at: axis)
    return slice(axis: axis, index..<(index + 1)).reshaped(outShape)
  }

  /// Copies (or adds) `outer` blocks of `length` scalars between two buffers whose blocks start
  /// every `stride` scalars.
  static func copyBlocks(
    outer: Int, length: Int, from source: UnsafePointer<Float>, stride sourceStride: Int,
    to target: UnsafeMutablePointer<Float>, stride targetStride: Int, adding: Bool
  ) {
    for block in 0..<outer {
      let from = source + block * sourceStride
      let to = target + block * targetStride
      if adding {
        Loops.zip(length, to, from, into: to) { $0 + $1 }
      } else {
        to.update(from: from, count: length)
      }
    }
  }
}
