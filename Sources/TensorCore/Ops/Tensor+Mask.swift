/// Element-wise masking: keep some scalars, replace the rest.
extension Tensor {
  /// y = x where mask != 0, else `value`; `mask` has the shape of `self` (1 keeps, 0 masks).
  ///
  /// D2L's `sequence_mask` sets positions beyond each valid length this way. d/dx = mask, so
  /// masked positions pass no gradient.
  public func masked(by mask: Tensor, fill value: Float = 0) -> Tensor {
    require(
      mask.shape == shape,
      "masked: mask shape \(Shape.describe(mask.shape)) differs from \(Shape.describe(shape))")
    let input = self
    let out = Tensor(uninitializedShape: shape)
    let fill = Vector(repeating: value)
    Loops.zip(count, storage.pointer, mask.storage.pointer, into: out.storage.pointer) { x, keep in
      x.replacing(with: fill, where: keep .== 0)
    }
    return out.recordBackward(from: [input]) { grad in
      input.accumulateGrad(grad.masked(by: mask, fill: 0))
    }
  }
}
