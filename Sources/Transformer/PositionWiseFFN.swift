import Layers
import TensorCore

/// The position-wise feed-forward network (D2L's `PositionWiseFFN`): the same two-layer MLP at
/// every position, FFN(x) = max(0, x W_1 + b_1) W_2 + b_2, from numHiddens to ffnNumHiddens and
/// back.
public final class PositionWiseFFN: Layer {
  /// x W_1 + b_1: numHiddens -> ffnNumHiddens.
  public let dense1: Dense
  /// h W_2 + b_2: ffnNumHiddens -> numHiddens.
  public let dense2: Dense

  /// Makes the network for `numHiddens` features with `ffnNumHiddens` hidden units.
  public init(numHiddens: Int, ffnNumHiddens: Int, generator: inout SeededGenerator) {
    dense1 = Dense(inputSize: numHiddens, outputSize: ffnNumHiddens, generator: &generator)
    dense2 = Dense(inputSize: ffnNumHiddens, outputSize: numHiddens, generator: &generator)
  }

  /// The trainable tensors: the first layer's, then the second's.
  public var parameters: [Tensor] { dense1.parameters + dense2.parameters }

  /// (batchSize, numSteps, numHiddens) -> the same shape, each position on its own.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    dense2(dense1(x).relu())
  }
}
