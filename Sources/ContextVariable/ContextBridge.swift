import Layers
import TensorCore

/// A learned map from the context to the decoder's initial state, for encoders and decoders of
/// different sizes (D2L's exercise 3): s_0^l = tanh(c W_l + b_l) for each decoder layer l.
public final class ContextBridge: Layer {
  /// c -> all layers' initial states at once: (contextSize) -> (numLayers * numHiddens).
  public let dense: Dense
  /// The decoder's layer count.
  public let numLayers: Int
  /// The decoder's hidden size.
  public let numHiddens: Int

  /// Makes a bridge from a context of `contextSize` to `numLayers` states of `numHiddens`.
  public init(
    contextSize: Int, numLayers: Int, numHiddens: Int, generator: inout some RandomNumberGenerator
  ) {
    dense = Dense(inputSize: contextSize, outputSize: numLayers * numHiddens, generator: &generator)
    self.numLayers = numLayers
    self.numHiddens = numHiddens
  }

  /// The trainable tensors.
  public var parameters: [Tensor] { dense.parameters }

  /// The initial hidden states (numLayers, batchSize, numHiddens) from c (batchSize, contextSize).
  public func callAsFunction(_ context: Tensor) -> Tensor {
    let batchSize = context.shape[0]
    return dense(context).tanh().reshaped([batchSize, numLayers, numHiddens]).permuted([1, 0, 2])
  }
}
