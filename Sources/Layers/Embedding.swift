import TensorCore

/// Maps token ids to learned vectors: row i of `weight` is the embedding of token i.
public final class Embedding: Layer {
  /// The table of embeddings, (vocabSize, embedSize), drawn from N(0, 1) as PyTorch does.
  public let weight: Tensor

  /// Makes a table for `vocabSize` tokens of `embedSize` numbers each.
  public init(vocabSize: Int, embedSize: Int, generator: inout some RandomNumberGenerator) {
    weight = Tensor.normal([vocabSize, embedSize], using: &generator)
  }

  /// The trainable tensors: the table.
  public var parameters: [Tensor] { [weight] }

  /// The embeddings of `tokens` laid out in `shape`: (batchSize, numSteps) ids give
  /// (batchSize, numSteps, embedSize).
  public func callAsFunction(_ tokens: [Int], shape: [Int]) -> Tensor {
    weight.gatherRows(tokens, shape: shape)
  }
}
