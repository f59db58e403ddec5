import Layers
import TensorCore

/// The pieces of the Transformer that someone else's code may stand in for (a learner's
/// exercises 10.1-10.7, in `exercises translator --transformer`), as `ModelPieces` does for the
/// recurrent model: each is `nil` by default, and then the library's own code runs, fused where
/// it is fused; a substitute that returns `nil` declines, and the library's runs in its place.
/// `EncoderDecoder.transformerPieces` hands one value to every layer that runs a piece.
public struct TransformerPieces {
  /// 10.1: attention of queries over keys and values, (entries, steps, d) each, with a padding
  /// mask (each entry's valid keys): the outputs (entries, querySteps, valueSize).
  public var attend:
    ((_ queries: Tensor, _ keys: Tensor, _ values: Tensor, _ validLen: [Int]) -> Tensor?)?
  /// 10.2: the causal mask, (querySteps, keySteps), 1 where a query sees a key.
  public var causalMask: ((_ querySteps: Int, _ keySteps: Int) -> Tensor?)?
  /// 10.3: (batch, steps, numHiddens) split into heads, (batch, numHeads, steps, headSize).
  public var splitHeads: ((_ x: Tensor, _ numHeads: Int) -> Tensor?)?
  /// 10.4: the heads merged back, (batch, numHeads, steps, headSize) to (batch, steps,
  /// numHiddens).
  public var mergeHeads: ((_ x: Tensor) -> Tensor?)?
  /// 10.5: the positional encoding's table, (maxLen, numHiddens).
  public var positionalEncoding: ((_ numHiddens: Int, _ maxLen: Int) -> Tensor?)?
  /// 10.6: layer normalisation over the last axis.
  public var layerNorm:
    ((_ x: Tensor, _ gamma: Tensor, _ beta: Tensor, _ epsilon: Float) -> Tensor?)?
  /// 10.7: add & norm, LayerNorm(x + dropout(y)).
  public var addNorm:
    ((_ x: Tensor, _ y: Tensor, _ norm: LayerNorm, _ dropout: Dropout) -> Tensor?)?

  /// The library's own pieces throughout.
  public init() {}

  /// Whether a piece of the attention itself is substituted (then it runs its composite).
  var substitutesAttention: Bool { attend != nil || causalMask != nil }
}
