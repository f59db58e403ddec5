import TensorCore

/// D2L's `sequence_mask`: keeps the first `validLen[i]` steps of sequence i and sets the rest
/// to `value`.
///
/// `x` is (batchSize, numSteps, ...): entry [i, t, ...] is kept when t < validLen[i].
/// ```
/// sequenceMask([[1, 2, 3], [4, 5, 6]], validLen: [1, 2])  // [[1, 0, 0], [4, 5, 0]]
/// ```
public func sequenceMask(_ x: Tensor, validLen: [Int], value: Float = 0) -> Tensor {
  x.masked(by: validMask(shape: x.shape, validLen: validLen), fill: value)
}

/// 1 where step t of sequence i is within its valid length, else 0, in the shape
/// (batchSize, numSteps, ...) of the tensor it will mask.
public func validMask(shape: [Int], validLen: [Int]) -> Tensor {
  require(
    shape.count >= 2 && shape[0] == validLen.count,
    "sequenceMask: expected (batchSize, numSteps, ...) with batchSize \(validLen.count), "
      + "got \(Shape.describe(shape))")
  let (batchSize, numSteps) = (shape[0], shape[1])
  let steps = Tensor(
    shape: [batchSize, numSteps],
    scalars: (0..<(batchSize * numSteps)).map { $0 % numSteps < validLen[$0 / numSteps] ? 1 : 0 })
  return steps.reshaped([batchSize, numSteps] + Array(repeating: 1, count: shape.count - 2))
    .expanded(to: shape)
}
