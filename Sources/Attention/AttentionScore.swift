import Layers
import TensorCore

/// How well a decoder state s (the query) matches each encoder state h_t (the keys): the score
/// a(s, h_t) before the softmax. Additive (Bahdanau) and dot-product (Luong) scoring both fit.
///
/// Whatever depends on the source alone is done once per sentence, in `keys(_:)`, and reused at
/// every decoder step.
public protocol AttentionScore: Layer {
  /// The keys the scores read, from the encoder's states h, (batchSize, numSteps, keySize).
  func keys(_ encoderOutputs: Tensor) -> Tensor
  /// a(s, h_t) for every source step: query s (batchSize, querySize) and `keys(h)` give scores
  /// (batchSize, numSteps).
  func scores(query: Tensor, keys: Tensor) -> Tensor
  /// One step's context c (batchSize, contextSize) and weights alpha (batchSize, numSteps) for
  /// the query s: by default `compositeAttend`; a score with a fused kernel runs that instead.
  func attend(query: Tensor, memory: AttentionMemory) -> (context: Tensor, weights: Tensor)
}

extension AttentionScore {
  /// By default, `compositeAttend`.
  public func attend(query: Tensor, memory: AttentionMemory) -> (context: Tensor, weights: Tensor) {
    compositeAttend(query: query, memory: memory)
  }

  /// The step in primitive ops, the lesson every fused kernel must equal:
  /// alpha = masked softmax of `scores`, c = sum_t alpha_t h_t.
  public func compositeAttend(
    query: Tensor, memory: AttentionMemory
  ) -> (context: Tensor, weights: Tensor) {
    let weights = maskedSoftmax(
      scores(query: query, keys: memory.keys), validLen: memory.validLen)
    return (weightedContext(weights, memory.values), weights)
  }
}

/// The scoring functions the command line offers; the raw values are `--attention`'s names.
public enum AttentionKind: String, CaseIterable, Codable, Sendable {
  /// Bahdanau's additive score, a(s, h) = w_v^T tanh(W_q s + W_k h) (D2L's choice).
  case additive
  /// The scaled dot product, a(s, h) = s^T h / sqrt(d): no parameters, equal widths needed.
  case dot

  /// Checks that this score can compare queries of `querySize` with keys of `keySize`.
  /// - Throws: `AttentionError.widthMismatch` for a dot product of unequal widths.
  public func checkSizes(querySize: Int, keySize: Int) throws {
    guard self == .dot, querySize != keySize else { return }
    throw AttentionError.widthMismatch(query: querySize, key: keySize)
  }

  /// A new scorer for queries of `querySize` and encoder states of `keySize`, with
  /// `numHiddens` hidden units where the score has any (`checkSizes` first).
  public func makeScore(
    querySize: Int, keySize: Int, numHiddens: Int, generator: inout some RandomNumberGenerator
  ) -> any AttentionScore {
    switch self {
    case .additive:
      AdditiveAttention(
        querySize: querySize, keySize: keySize, numHiddens: numHiddens, generator: &generator)
    case .dot:
      DotProductAttention()
    }
  }
}
