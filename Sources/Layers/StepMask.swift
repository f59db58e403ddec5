import TensorCore

/// Which axis of a batch of sequences comes first.
public enum StepLayout: Sendable {
  /// (batchSize, numSteps): the loss's and attention's layout.
  case batchMajor
  /// (numSteps, batchSize): the recurrent layers' layout.
  case timeMajor
}

/// The one mask over time steps: 1 where step t of sequence b is real (t < validLen[b]), 0 over
/// its padding, (batchSize, numSteps) or (numSteps, batchSize) as `layout` says.
///
/// ```
/// stepMask(validLen: [1, 3], numSteps: 3, layout: .batchMajor)  // [[1, 0, 0], [1, 1, 1]]
/// ```
/// D2L's `sequence_mask` (MaskedLoss), the masked softmax over source steps (Attention), the
/// mean and max of c = q(h_1, ..., h_T) (ContextVariable) and a recurrent layer that skips the
/// padding (Layers) all mask with it.
public func stepMask(validLen: [Int], numSteps: Int, layout: StepLayout) -> Tensor {
  let batchSize = validLen.count
  switch layout {
  case .batchMajor:
    return Tensor(
      shape: [batchSize, numSteps],
      scalars: (0..<(batchSize * numSteps)).map { $0 % numSteps < validLen[$0 / numSteps] ? 1 : 0 })
  case .timeMajor:
    return Tensor(
      shape: [numSteps, batchSize],
      scalars: (0..<(numSteps * batchSize)).map {
        $0 / batchSize < validLen[$0 % batchSize] ? 1 : 0
      })
  }
}

/// `stepMask` (batch-major) stretched over the trailing axes of `shape`, (batchSize, numSteps,
/// ...): the mask of a tensor of that shape.
public func validMask(shape: [Int], validLen: [Int]) -> Tensor {
  require(
    shape.count >= 2 && shape[0] == validLen.count,
    "sequenceMask: expected (batchSize, numSteps, ...) with batchSize \(validLen.count), "
      + "got \(Shape.describe(shape))")
  return stepMask(validLen: validLen, numSteps: shape[1], layout: .batchMajor)
    .reshaped([shape[0], shape[1]] + Array(repeating: 1, count: shape.count - 2))
    .expanded(to: shape)
}
