import TensorCore

/// The four parameters of a recurrent cell with `gateCount` gates, in PyTorch's layout but
/// transposed so that rows multiply from the left (x W instead of W x):
///
/// ```
/// inputWeight  W_ih: (inputSize,  gateCount * numHiddens)
/// hiddenWeight W_hh: (numHiddens, gateCount * numHiddens)
/// inputBias    b_ih, hiddenBias b_hh: (gateCount * numHiddens,)
/// ```
///
/// Gate k occupies columns k * numHiddens ..< (k + 1) * numHiddens. Weights are Xavier-uniform
/// (D2L's `xavier_init_weights`), biases uniform in +-1/sqrt(numHiddens) (PyTorch's default).
public struct GateWeights {
  /// W_ih, (inputSize, gateCount * numHiddens).
  public let inputWeight: Tensor
  /// W_hh, (numHiddens, gateCount * numHiddens).
  public let hiddenWeight: Tensor
  /// b_ih, (gateCount * numHiddens,).
  public let inputBias: Tensor
  /// b_hh, (gateCount * numHiddens,).
  public let hiddenBias: Tensor
  /// The width of one gate.
  public let numHiddens: Int

  /// Draws the initial weights and biases.
  public init(
    inputSize: Int, numHiddens: Int, gateCount: Int, generator: inout some RandomNumberGenerator
  ) {
    let width = gateCount * numHiddens
    let bound = 1 / Float(numHiddens).squareRoot()
    self.numHiddens = numHiddens
    inputWeight = Tensor.xavierUniform([inputSize, width], using: &generator)
    hiddenWeight = Tensor.xavierUniform([numHiddens, width], using: &generator)
    inputBias = Tensor.uniform([width], in: -bound...bound, using: &generator)
    hiddenBias = Tensor.uniform([width], in: -bound...bound, using: &generator)
  }

  /// The trainable tensors: W_ih, W_hh, b_ih, b_hh.
  public var parameters: [Tensor] { [inputWeight, hiddenWeight, inputBias, hiddenBias] }

  /// x W_ih + b_ih for any number of rows: (rows, inputSize) -> (rows, gateCount * numHiddens).
  public func projectInputs(_ x: Tensor) -> Tensor {
    x.affine(weight: inputWeight, bias: inputBias)  // x.matmul(inputWeight) + inputBias
  }

  /// h W_hh + b_hh: (batchSize, numHiddens) -> (batchSize, gateCount * numHiddens).
  public func projectHidden(_ h: Tensor) -> Tensor {
    h.affine(weight: hiddenWeight, bias: hiddenBias)  // h.matmul(hiddenWeight) + hiddenBias
  }

  /// Gate `index` of a projection: columns index * numHiddens ..< (index + 1) * numHiddens.
  public func gate(_ projection: Tensor, _ index: Int) -> Tensor {
    projection.slice(axis: 1, (index * numHiddens)..<((index + 1) * numHiddens))
  }
}
