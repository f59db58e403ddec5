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

  /// The embeddings of a (batchSize, numSteps) batch laid out time first, (numSteps, batchSize,
  /// embedSize), as a recurrent layer reads them: D2L's `embedding(X).permute(1, 0, 2)`, done by
  /// transposing the ids before the lookup (`timeMajorIds`, or a substitute `order`), which gives the same tensor without a copy.
  public func timeMajor(
    _ tokens: [Int], shape: [Int],
    order: ((_ ids: [Int], _ batchSize: Int, _ numSteps: Int) -> [Int]?)? = nil
  ) -> Tensor {
    require(
      shape.count == 2 && shape[0] * shape[1] == tokens.count,
      "Embedding: expected token ids of shape (batchSize, numSteps), got \(tokens.count) ids "
        + "for shape \(Shape.describe(shape))")
    let (batchSize, numSteps) = (shape[0], shape[1])
    let transposed =
      order?(tokens, batchSize, numSteps)
      ?? Embedding.timeMajorIds(tokens, batchSize: batchSize, numSteps: numSteps)
    return self(transposed, shape: [numSteps, batchSize])
  }

  /// Ids (batchSize, numSteps) row-major, time first: (numSteps, batchSize); id (b, t) moves to
  /// position t * batchSize + b.
  public static func timeMajorIds(_ ids: [Int], batchSize: Int, numSteps: Int) -> [Int] {
    (0..<ids.count).map { ids[($0 % batchSize) * numSteps + $0 / batchSize] }
  }
}
