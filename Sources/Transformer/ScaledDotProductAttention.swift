import Layers
import TensorCore

/// Scaled dot-product attention as the equation writes it, from primitive ops: the lesson's
/// form, which the fused `Tensor.scaledDotProductAttention` equals in values and gradients.
///
/// ```
/// softmax(Q K^T / sqrt(d)) V
/// ```
///
/// Dividing by sqrt(d) keeps the scores' variance near 1 whatever the width d (a dot product of
/// d unit-variance terms has variance d), so the softmax does not saturate. Query i of entry b
/// sees key j when j < validLen[b] and, with `causal`, j <= i + (keySteps - querySteps); the
/// scores it cannot see become -1e6 before the softmax, and a query that sees nothing gets zero
/// weights (not uniform ones, d2l-en PR #2423).
///
/// - Parameters:
///   - queries: (batch, querySteps, d).
///   - keys: (batch, keySteps, d).
///   - values: (batch, keySteps, valueSize).
///   - validLen: each entry's valid keys; `nil`: all of them.
///   - causal: whether a query sees no later key.
/// - Returns: the outputs, (batch, querySteps, valueSize), and the weights, (batch, querySteps,
///   keySteps).
public func scaledDotProductAttention(
  queries: Tensor, keys: Tensor, values: Tensor, validLen: [Int]?, causal: Bool
) -> (output: Tensor, weights: Tensor) {
  let (batch, querySteps, d) = (queries.shape[0], queries.shape[1], queries.shape[2])
  let keySteps = keys.shape[1]
  let scores = queries.batchedMatmul(keys, transposeOther: true) / Float(d).squareRoot()
  let mask = attentionMask(
    batch: batch, querySteps: querySteps, keySteps: keySteps, validLen: validLen, causal: causal)
  var weights = scores.masked(by: mask, fill: -1e6).softmax()  // (batch, querySteps, keySteps)
  // A query that sees no key: zero weights instead of a uniform row.
  let seesSomething = mask.max(axis: 2).reshaped([batch, querySteps, 1])
  weights = weights * seesSomething
  return (weights.batchedMatmul(values), weights)
}

/// 1 where query i of entry b may see key j, else 0: (batch, querySteps, keySteps), the mask of
/// `scaledDotProductAttention`. Padding (j >= validLen[b]) and, with `causal`, the future
/// (j > i + keySteps - querySteps) are hidden.
public func attentionMask(
  batch: Int, querySteps: Int, keySteps: Int, validLen: [Int]?, causal: Bool
) -> Tensor {
  var mask = [Float](repeating: 0, count: batch * querySteps * keySteps)
  for b in 0..<batch {
    for i in 0..<querySteps {
      var visible = min(validLen?[b] ?? keySteps, keySteps)
      if causal { visible = min(visible, i + keySteps - querySteps + 1) }
      for j in 0..<max(visible, 0) { mask[(b * querySteps + i) * keySteps + j] = 1 }
    }
  }
  return Tensor(shape: [batch, querySteps, keySteps], scalars: mask)
}
