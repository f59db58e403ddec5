import TensorCore

/// How the per-token losses of one sequence become one number.
public enum LossReduction: String, CaseIterable, Sendable {
  /// D2L v0.17: the mean over all numSteps positions, padding counted as zero loss, so a short
  /// sentence's tokens weigh less than a long one's (d2l-en issue #2076).
  case meanOverSteps
  /// The mean over the sequence's valid tokens only: every real token weighs the same.
  case meanOverValidTokens
}

/// Softmax cross-entropy in which positions beyond each sequence's valid length count for
/// nothing: D2L's `MaskedSoftmaxCELoss`.
///
/// ```
/// l_{i,t} = -log softmax(logits_{i,t})[label_{i,t}]        for t < validLen[i], else 0
/// loss_i  = sum_t l_{i,t} / numSteps        (.meanOverSteps, D2L)
///         = sum_t l_{i,t} / validLen[i]     (.meanOverValidTokens; 0 for an empty sequence)
/// ```
/// - Parameters:
///   - logits: (batchSize, numSteps, vocabSize).
///   - labels: the gold tokens, row-major (batchSize, numSteps).
///   - validLen: the number of real tokens of each label sequence.
/// - Returns: one loss per sequence, (batchSize,).
public func maskedSoftmaxCrossEntropy(
  logits: Tensor, labels: [Int], validLen: [Int], reduction: LossReduction = .meanOverSteps
) -> Tensor {
  require(
    logits.rank == 3 && logits.shape[0] == validLen.count,
    "maskedSoftmaxCrossEntropy: expected logits (batchSize, numSteps, vocabSize) with batchSize "
      + "\(validLen.count), got \(Shape.describe(logits.shape))")
  let (batchSize, numSteps) = (logits.shape[0], logits.shape[1])
  let unweighted = logits.crossEntropy(labels: labels)  // (batchSize, numSteps)
  let weights = validMask(shape: [batchSize, numSteps], validLen: validLen)
  let weighted = unweighted * weights
  switch reduction {
  case .meanOverSteps:
    return weighted.mean(axis: 1)
  case .meanOverValidTokens:
    let counts = Tensor(shape: [batchSize], scalars: validLen.map { Float(max($0, 1)) })
    return weighted.sum(axis: 1) / counts
  }
}
