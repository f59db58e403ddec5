import Layers
import TensorCore

/// One block of the Transformer's decoder (D2L's `TransformerDecoderBlock`): masked
/// self-attention over the translation so far, attention to the encoder's outputs, then the
/// position-wise FFN, each inside an add & norm:
///
/// ```
/// Y = AddNorm(X, MaskedSelfAttention(X)),   Z = AddNorm(Y, Attention(Y, enc, enc)),
/// output = AddNorm(Z, FFN(Z))
/// ```
public final class TransformerDecoderBlock: Layer {
  /// Self-attention under the causal mask: step t' sees steps 1 ... t' only.
  public let selfAttention: MultiHeadAttention
  /// Around the self-attention.
  public let addNorm1: AddNorm
  /// Cross-attention (encoder-decoder attention): the decoder's queries over the encoder's
  /// outputs, the source's padding hidden.
  public let crossAttention: MultiHeadAttention
  /// Around the cross-attention.
  public let addNorm2: AddNorm
  /// The feed-forward network.
  public let ffn: PositionWiseFFN
  /// Around the FFN.
  public let addNorm3: AddNorm
  /// Substitutes for the library's pieces, handed to both attentions and the three add & norms.
  public var pieces = TransformerPieces() {
    didSet {
      (selfAttention.pieces, crossAttention.pieces) = (pieces, pieces)
      (addNorm1.pieces, addNorm2.pieces, addNorm3.pieces) = (pieces, pieces, pieces)
    }
  }

  /// The keys and values of one attention, split into heads: (batchSize, numHeads, steps,
  /// headSize) each.
  public typealias KeysAndValues = (keys: Tensor, values: Tensor)

  /// Makes a block of `numHiddens` features, `numHeads` heads and an FFN of `ffnNumHiddens`.
  public init(
    numHiddens: Int, ffnNumHiddens: Int, numHeads: Int, dropout: Float,
    generator: inout SeededGenerator
  ) {
    selfAttention = MultiHeadAttention(
      numHiddens: numHiddens, numHeads: numHeads, dropout: dropout, generator: &generator)
    addNorm1 = AddNorm(numHiddens: numHiddens, dropout: dropout, generator: &generator)
    crossAttention = MultiHeadAttention(
      numHiddens: numHiddens, numHeads: numHeads, dropout: dropout, generator: &generator)
    addNorm2 = AddNorm(numHiddens: numHiddens, dropout: dropout, generator: &generator)
    ffn = PositionWiseFFN(
      numHiddens: numHiddens, ffnNumHiddens: ffnNumHiddens, generator: &generator)
    addNorm3 = AddNorm(numHiddens: numHiddens, dropout: dropout, generator: &generator)
  }

  /// The trainable tensors, in the order of the pieces.
  public var parameters: [Tensor] {
    selfAttention.parameters + addNorm1.parameters + crossAttention.parameters
      + addNorm2.parameters + ffn.parameters + addNorm3.parameters
  }

  /// The encoder's outputs as this block's cross-attention reads them: keys and values,
  /// projected once per source sentence (not once per decoder step).
  public func memory(_ encoderOutputs: Tensor) -> KeysAndValues {
    (
      crossAttention.heads(encoderOutputs, crossAttention.keyWeight),
      crossAttention.heads(encoderOutputs, crossAttention.valueWeight)
    )
  }

  /// The block over `x`, the steps after those in `cache`.
  ///
  /// - Parameters:
  ///   - x: (batchSize, numSteps, numHiddens): all steps at once in training, one in prediction.
  ///   - cache: the self-attention's keys and values of the steps before (D2L's `state[2][i]`),
  ///     `nil` before the first.
  ///   - memory: `memory(encoderOutputs)`.
  ///   - memoryValidLen: the source sentences' valid lengths.
  /// - Returns: the output, (batchSize, numSteps, numHiddens); the cache with these steps
  ///   added; the self-attention's and the cross-attention's weights, (batchSize, numHeads,
  ///   numSteps, keys).
  public func callAsFunction(
    _ x: Tensor, cache: KeysAndValues?, memory: KeysAndValues, memoryValidLen: [Int]
  ) -> (output: Tensor, cache: KeysAndValues, selfWeights: Tensor, crossWeights: Tensor) {
    // (batchSize, numHeads, numSteps, headSize) each, then the cached steps before them:
    // (batchSize, numHeads, cached + numSteps, headSize).
    var keys = selfAttention.heads(x, selfAttention.keyWeight)
    var values = selfAttention.heads(x, selfAttention.valueWeight)
    if let cache {
      keys = Tensor.concatenate([cache.keys, keys], axis: 2)
      values = Tensor.concatenate([cache.values, values], axis: 2)
    }
    // Step t' sees the steps before it and itself, cached or not: the same in training (all
    // steps at once, a triangle of weights) and in prediction (one step, every key).
    let (attended, selfWeights) = selfAttention.attend(
      selfAttention.heads(x, selfAttention.queryWeight), keys: keys, values: values,
      validLen: nil, causal: true)
    let y = addNorm1(x, attended)  // (batchSize, numSteps, numHiddens)
    // The queries of y over the encoder's outputs, whose padding is hidden.
    let (crossAttended, crossWeights) = crossAttention.attend(
      crossAttention.heads(y, crossAttention.queryWeight), keys: memory.keys,
      values: memory.values, validLen: memoryValidLen, causal: false)
    let z = addNorm2(y, crossAttended)  // (batchSize, numSteps, numHiddens)
    return (addNorm3(z, ffn(z)), (keys, values), selfWeights, crossWeights)
  }
}
