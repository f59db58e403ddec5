import Layers
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
///   - reduction: how a sentence's token losses become its loss (D2L: `.meanOverSteps`).
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

/// The same masked loss as `maskedSoftmaxCrossEntropy(logits: project(features), ...)`, with the
/// output layer `project` applied only at the valid positions: padding's logits are never
/// computed, so neither is their share of the largest matrix product of training (a vocabulary
/// of 10,000 and a third of the positions padding make that a third of the work).
///
/// ```
/// F_valid = rows t < validLen[i] of features, (k, featureSize)
/// l       = crossEntropy(project(F_valid), labels at those rows), (k,)
/// loss_i  = sum of sentence i's l / numSteps    (or / validLen[i], .meanOverValidTokens)
/// ```
/// Built from differentiable ops only (a row gather, `project`, cross-entropy, and a matrix
/// product with the 0/1 matrix of which row belongs to which sentence), so its gradient is
/// theirs; the tests check it against the masked composite.
/// - Parameters:
///   - features: what the output layer reads, (batchSize, numSteps, featureSize).
///   - project: the output layer, (k, featureSize) -> (k, vocabSize).
///   - labels: the gold tokens, row-major (batchSize, numSteps).
///   - validLen: the number of real tokens of each label sequence.
///   - reduction: how a sentence's token losses become its loss (D2L: `.meanOverSteps`).
///   - labelSmoothing: eps of `crossEntropy(labels:smoothing:)`; 0 (D2L) is the plain loss.
/// - Returns: one loss per sequence, (batchSize,), equal to the composite's.
public func maskedSoftmaxCrossEntropy(
  features: Tensor, project: (Tensor) -> Tensor, labels: [Int], validLen: [Int],
  reduction: LossReduction = .meanOverSteps, labelSmoothing: Float = 0
) -> Tensor {
  require(
    features.rank == 3 && features.shape[0] == validLen.count,
    "maskedSoftmaxCrossEntropy: expected features (batchSize, numSteps, featureSize) with "
      + "batchSize \(validLen.count), got \(Shape.describe(features.shape))")
  let (batchSize, numSteps) = (features.shape[0], features.shape[1])
  var positions: [Int] = []
  var owner: [Float] = []  // (batchSize, k): 1 where position j belongs to sentence i
  for (row, length) in validLen.enumerated() {
    for t in 0..<min(max(length, 0), numSteps) { positions.append(row * numSteps + t) }
  }
  owner = [Float](repeating: 0, count: batchSize * positions.count)
  for (j, position) in positions.enumerated() {
    owner[(position / numSteps) * positions.count + j] = 1
  }
  guard !positions.isEmpty else {  // nothing to predict: the composite's zeros
    return maskedSoftmaxCrossEntropy(
      logits: project(features.reshaped([batchSize * numSteps, features.shape[2]])).reshaped(
        [batchSize, numSteps, -1]), labels: labels, validLen: validLen, reduction: reduction)
  }
  let rows = features.reshaped([batchSize * numSteps, features.shape[2]])
  let valid = rows.gatherRows(positions, shape: [positions.count])
  let losses = project(valid).crossEntropy(
    labels: positions.map { labels[$0] }, smoothing: labelSmoothing)
  let sums = Tensor(shape: [batchSize, positions.count], scalars: owner).matmul(
    losses.reshaped([positions.count, 1])
  ).reshaped([batchSize])
  let counts: [Float]
  switch reduction {
  case .meanOverSteps: counts = Array(repeating: Float(numSteps), count: batchSize)
  case .meanOverValidTokens: counts = validLen.map { Float(max($0, 1)) }
  }
  return sums / Tensor(shape: [batchSize], scalars: counts)
}
