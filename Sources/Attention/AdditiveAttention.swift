import Layers
import TensorCore

/// Bahdanau's additive attention score (D2L's `AdditiveAttention`):
///
/// ```
/// a(s, h_t) = w_v^T tanh(W_q s + W_k h_t)
/// ```
///
/// The query s and each key h_t are projected to `numHiddens` units, added, squashed by tanh
/// and reduced to one number by w_v. W_k h_t depends on the source only, so `keys(_:)` computes
/// it once per sentence; each decoder step then costs one small product for W_q s. `scores` is
/// the composite, in primitive ops; `attend` runs the fused kernel `Tensor.additiveAttention`
/// (the tests prove the two agree, values and gradients). No biases, as
/// in D2L (and no dropout on the weights, which D2L adds: one generator fewer to carry).
public final class AdditiveAttention: AttentionScore {
  /// W_q, (querySize, numHiddens).
  public let queryWeight: Tensor
  /// W_k, (keySize, numHiddens).
  public let keyWeight: Tensor
  /// w_v, (numHiddens, 1).
  public let scoreWeight: Tensor

  /// Makes a score for queries of `querySize` and keys of `keySize`, Xavier-uniform weights.
  public init(
    querySize: Int, keySize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator
  ) {
    queryWeight = Tensor.xavierUniform([querySize, numHiddens], using: &generator)
    keyWeight = Tensor.xavierUniform([keySize, numHiddens], using: &generator)
    scoreWeight = Tensor.xavierUniform([numHiddens, 1], using: &generator)
  }

  /// The trainable tensors: W_q, W_k, w_v.
  public var parameters: [Tensor] { [queryWeight, keyWeight, scoreWeight] }

  /// W_k h_t for every step: (batchSize, numSteps, keySize) -> (batchSize, numSteps, numHiddens).
  public func keys(_ encoderOutputs: Tensor) -> Tensor {
    let (batchSize, numSteps) = (encoderOutputs.shape[0], encoderOutputs.shape[1])
    return encoderOutputs.reshaped([batchSize * numSteps, -1]).matmul(keyWeight)
      .reshaped([batchSize, numSteps, -1])
  }

  /// w_v^T tanh(W_q s + W_k h_t): (batchSize, numSteps).
  public func scores(query: Tensor, keys: Tensor) -> Tensor {
    let (batchSize, numSteps, numHiddens) = (keys.shape[0], keys.shape[1], keys.shape[2])
    let projected = query.matmul(queryWeight).reshaped([batchSize, 1, numHiddens])
    let features = (projected + keys).tanh()  // (batchSize, numSteps, numHiddens)
    return features.reshaped([batchSize * numSteps, numHiddens]).matmul(scoreWeight)
      .reshaped([batchSize, numSteps])
  }

  /// The fused kernel: W_q s in one product, then tanh, w_v, the masked softmax and the weighted
  /// sum in one op.
  public func attend(query: Tensor, memory: AttentionMemory) -> (context: Tensor, weights: Tensor) {
    Tensor.additiveAttention(
      query: query.matmul(queryWeight), keys: memory.keys, scoreWeight: scoreWeight,
      values: memory.values, validLen: memory.validLen)
  }
}
