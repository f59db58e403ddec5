import Layers
import TensorCore

/// Multi-head attention (D2L's `MultiHeadAttention`): h heads attend at once, each in its own
/// learned subspace of numHiddens / h features, and their outputs are joined and mixed:
///
/// ```
/// head_i = attention(Q W_q^(i), K W_k^(i), V W_v^(i)),   output = [head_1; ...; head_h] W_o
/// ```
///
/// The h projections of a head are one (numHiddens, numHiddens) matrix whose column blocks are
/// the heads; splitting and joining the heads are reshapes and one permute, and every head of
/// every sentence runs in one batched attention op (no loop over heads or sentences).
public final class MultiHeadAttention: Layer {
  /// h, the number of heads.
  public let numHeads: Int
  /// W_q, W_k, W_v, W_o: (numHiddens, numHiddens), without biases as D2L's.
  public let queryWeight: Tensor
  /// W_k.
  public let keyWeight: Tensor
  /// W_v.
  public let valueWeight: Tensor
  /// W_o, which mixes the joined heads.
  public let outputWeight: Tensor
  /// Dropout on the attention weights while training, as D2L's `DotProductAttention`.
  public let dropout: Dropout
  /// Substitutes for the library's pieces (10.1-10.4); none by default.
  public var pieces = TransformerPieces()

  /// Makes attention with `numHeads` heads over `numHiddens` features (a multiple of it).
  public init(
    numHiddens: Int, numHeads: Int, dropout: Float, generator: inout SeededGenerator
  ) {
    precondition(
      numHiddens % numHeads == 0,
      "MultiHeadAttention: numHiddens \(numHiddens) is not a multiple of numHeads \(numHeads)")
    self.numHeads = numHeads
    let shape = [numHiddens, numHiddens]
    queryWeight = Tensor.xavierUniform(shape, using: &generator)
    keyWeight = Tensor.xavierUniform(shape, using: &generator)
    valueWeight = Tensor.xavierUniform(shape, using: &generator)
    outputWeight = Tensor.xavierUniform(shape, using: &generator)
    self.dropout = Dropout(p: dropout, seed: generator.next())
  }

  /// The trainable tensors: W_q, W_k, W_v, W_o.
  public var parameters: [Tensor] { [queryWeight, keyWeight, valueWeight, outputWeight] }

  /// numHiddens, the width of inputs and outputs.
  public var numHiddens: Int { queryWeight.shape[0] }

  /// Attention of `queries` over `keys` and `values`.
  ///
  /// - Parameters:
  ///   - queries: (batchSize, querySteps, numHiddens).
  ///   - keys: (batchSize, keySteps, numHiddens).
  ///   - values: (batchSize, keySteps, numHiddens), one per key.
  ///   - validLen: each sentence's valid keys (the source's length for cross-attention); `nil`
  ///     keeps every key.
  ///   - causal: whether a query sees no later key (the decoder's self-attention).
  /// - Returns: (batchSize, querySteps, numHiddens), and the weights of every head,
  ///   (batchSize, numHeads, querySteps, keySteps), outside the graph.
  public func callAsFunction(
    queries: Tensor, keys: Tensor, values: Tensor, validLen: [Int]?, causal: Bool = false
  ) -> (output: Tensor, weights: Tensor) {
    attend(
      heads(queries, queryWeight), keys: heads(keys, keyWeight), values: heads(values, valueWeight),
      validLen: validLen, causal: causal)
  }

  /// x W split into heads: (batchSize, numSteps, numHiddens) -> (batchSize, numHeads, numSteps,
  /// numHiddens / numHeads), D2L's `transpose_qkv`. Prediction keeps the keys and values of the
  /// steps so far in this form.
  public func heads(_ x: Tensor, _ weight: Tensor) -> Tensor {
    let (batchSize, numSteps) = (x.shape[0], x.shape[1])
    // (batchSize * numSteps, numHiddens)
    let projected = x.reshaped([-1, numHiddens]).matmul(weight)
      .reshaped([batchSize, numSteps, numHiddens])
    return pieces.splitHeads?(projected, numHeads) ?? Self.split(projected, numHeads: numHeads)
  }

  /// The features of each step in `numHeads` groups, the heads before the steps: (batchSize,
  /// numSteps, numHiddens) -> (batchSize, numHeads, numSteps, numHiddens / numHeads).
  public static func split(_ x: Tensor, numHeads: Int) -> Tensor {
    let (batchSize, numSteps, numHiddens) = (x.shape[0], x.shape[1], x.shape[2])
    return x.reshaped([batchSize, numSteps, numHeads, numHiddens / numHeads])
      .permuted([0, 2, 1, 3])
  }

  /// The heads side by side again, the inverse of `split` (D2L's `transpose_output`):
  /// (batchSize, numHeads, numSteps, headSize) -> (batchSize, numSteps, numHeads * headSize).
  public static func merge(_ x: Tensor) -> Tensor {
    let (batchSize, numHeads, numSteps, headSize) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    return x.permuted([0, 2, 1, 3]).reshaped([batchSize, numSteps, numHeads * headSize])
  }

  /// Attention of queries over keys and values already split into heads (`heads`), then the
  /// heads joined and mixed by W_o: (batchSize, querySteps, numHiddens), and the weights.
  public func attend(
    _ queries: Tensor, keys: Tensor, values: Tensor, validLen: [Int]?, causal: Bool
  ) -> (output: Tensor, weights: Tensor) {
    let (batchSize, querySteps, keySteps) = (queries.shape[0], queries.shape[2], keys.shape[2])
    let headSize = numHiddens / numHeads
    let entries = batchSize * numHeads
    // Every head of every sentence is one entry of the batched op; a sentence's valid length
    // holds for each of its heads (D2L's `repeat_interleave`).
    let mask = dropout.mask([entries, querySteps, keySteps])
    let (q, k, v) = (
      queries.reshaped([entries, querySteps, headSize]),
      keys.reshaped([entries, keySteps, headSize]),
      values.reshaped([entries, keySteps, headSize])
    )
    let validLen = validLen?.flatMap { Array(repeating: $0, count: numHeads) }
    let (output, weights) =
      pieces.substitutesAttention
      ? substituteAttend(q, k, v, validLen: validLen, causal: causal, dropoutMask: mask)
      : Tensor.scaledDotProductAttention(
        queries: q, keys: k, values: v, validLen: validLen, causal: causal, dropoutMask: mask)
    // The heads side by side, (batchSize, querySteps, numHiddens), then W_o.
    let split = output.reshaped([batchSize, numHeads, querySteps, headSize])
    let joined = (pieces.mergeHeads?(split) ?? Self.merge(split))
      .reshaped([batchSize * querySteps, numHiddens])
    return (
      joined.matmul(outputWeight).reshaped([batchSize, querySteps, numHiddens]),
      weights.reshaped([batchSize, numHeads, querySteps, keySteps])
    )
  }

  /// The attention of entries (batch x heads) with substitutes for 10.1 or 10.2: the decoder's
  /// self-attention masks with the substitute's causal mask, every other attention is the
  /// substitute's 10.1; the weights, for reading, are the library's composite's.
  private func substituteAttend(
    _ q: Tensor, _ k: Tensor, _ v: Tensor, validLen: [Int]?, causal: Bool, dropoutMask: Tensor?
  ) -> (output: Tensor, weights: Tensor) {
    let (entries, querySteps, keySteps) = (q.shape[0], q.shape[1], k.shape[1])
    if causal, let mask = pieces.causalMask?(querySteps, keySteps) {
      let scores = q.batchedMatmul(k, transposeOther: true) / Float(q.shape[2]).squareRoot()
      let masked = scores.masked(
        by: mask.reshaped([1, querySteps, keySteps]).expanded(to: scores.shape), fill: -1e6)
      var weights = masked.softmax()
      if let dropoutMask { weights = weights * dropoutMask }
      return (weights.batchedMatmul(v), weights)
    }
    guard !causal, dropoutMask == nil,
      let output = pieces.attend?(
        q, k, v, validLen ?? Array(repeating: keySteps, count: entries))
    else {
      return Tensor.scaledDotProductAttention(
        queries: q, keys: k, values: v, validLen: validLen, causal: causal,
        dropoutMask: dropoutMask)
    }
    let library = GradientMode.withoutGradients {
      scaledDotProductAttention(queries: q, keys: k, values: v, validLen: validLen, causal: false)
    }
    return (output, library.weights)
  }
}
