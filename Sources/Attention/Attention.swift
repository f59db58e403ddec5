import Layers
import TensorCore

/// What the decoder attends to for one batch of source sentences: the encoder's states h_t
/// (the values), their keys, and each sentence's valid length.
///
/// Built once per batch by `Attention.memory(encoderOutputs:validLen:)`, then read at every
/// decoder step; rows are sentences, so a batch of one is one sentence (beam search keeps it).
public struct AttentionMemory {
  /// h_1 ... h_T batch-major, (batchSize, numSteps, contextSize).
  public let values: Tensor
  /// What the score compares the query with, (batchSize, numSteps, keySize).
  public let keys: Tensor
  /// Each sentence's real source tokens; steps from there on get weight 0.
  public let validLen: [Int]

  /// Makes a memory from the values, their keys and the valid lengths.
  public init(values: Tensor, keys: Tensor, validLen: [Int]) {
    self.values = values
    self.keys = keys
    self.validLen = validLen
  }

  /// The memory of the batch rows `rows`, in that order (a row may repeat): one copy of a
  /// sentence's encoder states for each of its beams.
  public func rows(_ rows: [Int]) -> AttentionMemory {
    AttentionMemory(
      values: values.gather(axis: 0, rows), keys: keys.gather(axis: 0, rows),
      validLen: rows.map { validLen[$0] })
  }
}

/// Attention over the encoder's states (concept 8, D2L's "Bahdanau Attention"): at every
/// decoder step t' a fresh context
///
/// ```
/// alpha_{t',t} = softmax_t a(s_{t'-1}, h_t)     over the valid source steps t
/// c_t'         = sum_t alpha_{t',t} h_t
/// ```
///
/// instead of the chapter's one c for the whole sentence. The score a is additive or a dot
/// product (`AttentionScore`).
public final class Attention: Layer {
  /// a(s, h): how the weights are scored.
  public let score: any AttentionScore
  /// Substitutes for the library's pieces (8.1-8.3); none by default.
  public var pieces = ModelPieces()

  /// Makes attention for queries of `querySize` and encoder states of `keySize` (a dot product
  /// needs them equal: `AttentionKind.checkSizes`).
  public init(
    _ kind: AttentionKind, querySize: Int, keySize: Int, numHiddens: Int,
    generator: inout some RandomNumberGenerator
  ) {
    score = kind.makeScore(
      querySize: querySize, keySize: keySize, numHiddens: numHiddens, generator: &generator)
  }

  /// The score's trainable tensors.
  public var parameters: [Tensor] { score.parameters }

  /// The memory of one batch, from the encoder's top-layer states (numSteps, batchSize,
  /// contextSize), time-major as the encoder gives them, and the sources' valid lengths.
  public func memory(encoderOutputs: Tensor, validLen: [Int]) -> AttentionMemory {
    let values = encoderOutputs.permuted([1, 0, 2])  // (batchSize, numSteps, contextSize)
    return AttentionMemory(values: values, keys: score.keys(values), validLen: validLen)
  }

  /// One decoder step's context and weights for the query s_{t'-1}, (batchSize, querySize):
  /// c_t' (batchSize, contextSize) and alpha_{t'} (batchSize, numSteps), through the score's
  /// kernel when it has one (the weights are then for reading: no gradient flows through them);
  /// with substitutes for 8.1-8.3, step by step through them.
  public func callAsFunction(
    query: Tensor, memory: AttentionMemory
  ) -> (context: Tensor, weights: Tensor) {
    guard pieces.substitutesAttention else { return score.attend(query: query, memory: memory) }
    let scores =
      pieces.attentionScores?(query, memory.values, score)
      ?? score.scores(query: query, keys: memory.keys)
    let weights =
      pieces.maskedSoftmax?(scores, memory.validLen)
      ?? maskedSoftmax(scores, validLen: memory.validLen)
    return (
      pieces.weightedContext?(weights, memory.values) ?? weightedContext(weights, memory.values),
      weights
    )
  }
}

/// c = sum_t alpha_t h_t for each row: weights (batchSize, numSteps) and values (batchSize,
/// numSteps, contextSize) give (batchSize, contextSize).
public func weightedContext(_ weights: Tensor, _ values: Tensor) -> Tensor {
  let (batchSize, numSteps) = (weights.shape[0], weights.shape[1])
  return (weights.reshaped([batchSize, numSteps, 1]) * values).sum(axis: 1)
}
