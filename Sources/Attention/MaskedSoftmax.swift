import Layers
import TensorCore

/// The attention weights over each sentence's source steps: D2L's `masked_softmax`.
///
/// alpha_t = exp(a_t) / sum_{k < validLen} exp(a_k) for t < validLen, and alpha_t = 0 for the
/// padding after it. The scores of padded steps are replaced by -1e6 before the softmax, so
/// e^(a_t - max) underflows to exactly 0 there and no gradient reaches them.
///
/// - Parameters:
///   - scores: a(s, h_t), (batchSize, numSteps): one row per sentence, one column per source step.
///   - validLen: each sentence's real source tokens (`<eos>` included); `nil` keeps every step.
///     A valid length of 0 is read as 1, so that a row is never all padding.
/// - Returns: the weights, (batchSize, numSteps), each row summing to 1.
public func maskedSoftmax(_ scores: Tensor, validLen: [Int]?) -> Tensor {
  guard let validLen else { return scores.softmax() }
  // D2L's sequence mask (MaskedLoss's), with every sentence keeping at least its first step.
  let mask = validMask(shape: scores.shape, validLen: validLen.keepingFirstStep)
  return scores.masked(by: mask, fill: -1e6).softmax()
}
