import Layers
import TensorCore

/// D2L's `sequence_mask`: keeps the first `validLen[i]` steps of sequence i and sets the rest
/// to `value`, with the one step mask (`Layers.validMask`).
///
/// `x` is (batchSize, numSteps, ...): entry [i, t, ...] is kept when t < validLen[i].
/// ```
/// sequenceMask([[1, 2, 3], [4, 5, 6]], validLen: [1, 2])  // [[1, 0, 0], [4, 5, 0]]
/// ```
public func sequenceMask(_ x: Tensor, validLen: [Int], value: Float = 0) -> Tensor {
  x.masked(by: validMask(shape: x.shape, validLen: validLen), fill: value)
}
