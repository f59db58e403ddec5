import Layers
import TensorCore

/// One forward+backward pass of a two-layer classifier of about the size of D2L's decoder.
struct CompositeStep {
  let inputs: Tensor
  let hiddenWeight: Tensor
  let hiddenBias: Tensor
  let outputWeight: Tensor
  let outputBias: Tensor
  let labels: [Int]
  let nodeCount = 8

  init() {
    var generator = SeededGenerator(seed: 0)
    inputs = Tensor.normal([64, 32], using: &generator, requiresGrad: false)
    hiddenWeight = Tensor.xavierUniform([32, 96], using: &generator)
    hiddenBias = Tensor.zeros([96], requiresGrad: true)
    outputWeight = Tensor.xavierUniform([96, 201], using: &generator)
    outputBias = Tensor.zeros([201], requiresGrad: true)
    labels = (0..<64).map { _ in Int(generator.next() % 201) }
  }

  /// logits = tanh(X W1 + b1) W2 + b2; loss = mean(CE(logits, labels)); backward.
  func run() {
    let hidden = (inputs.matmul(hiddenWeight) + hiddenBias).tanh()
    let logits = hidden.matmul(outputWeight) + outputBias
    let loss = logits.crossEntropy(labels: labels).mean()
    loss.backward()
    for parameter in [hiddenWeight, hiddenBias, outputWeight, outputBias] { parameter.zeroGrad() }
  }
}

/// Forward and backward through a recurrent layer over a (numSteps, batchSize, embedSize)
/// sequence.
struct RecurrentStep {
  let layer: RecurrentLayer
  let inputs: Tensor

  init(
    _ kind: CellKind, numLayers: Int, bidirectional: Bool = false, numSteps: Int = 10,
    batchSize: Int = 64, size: Int = 32
  ) {
    var generator = SeededGenerator(seed: 0)
    layer = RecurrentLayer(
      kind, inputSize: size, numHiddens: size, numLayers: numLayers, dropout: 0.1,
      bidirectional: bidirectional, generator: &generator)
    inputs = Tensor.normal([numSteps, batchSize, size], using: &generator, requiresGrad: true)
  }

  /// outputs, state = RNN(inputs); backward from the sum of the outputs.
  func run() {
    let (outputs, _) = layer(inputs)
    outputs.sum().backward()
    for parameter in layer.parameters + [inputs] { parameter.zeroGrad() }
  }
}
