import Layers
import TensorCore
import TestSupport
import Testing

@Suite("multi-layer and bidirectional recurrent layers")
struct RecurrentLayerTests {
  static func layer(
    _ kind: CellKind, inputSize: Int = 8, numHiddens: Int = 16, numLayers: Int = 2,
    dropout: Float = 0, bidirectional: Bool = false
  ) -> RecurrentLayer {
    var generator = SeededGenerator(seed: 0)
    return RecurrentLayer(
      kind, inputSize: inputSize, numHiddens: numHiddens, numLayers: numLayers, dropout: dropout,
      bidirectional: bidirectional, generator: &generator)
  }

  @Test("D2L's shapes: outputs (7, 4, 16), state (2, 4, 16)", arguments: CellKind.allCases)
  func d2lShapes(kind: CellKind) {
    let (outputs, state) = Self.layer(kind)(randomTensor([7, 4, 8], seed: 1))
    expectShape(outputs, [7, 4, 16])
    expectShape(state.hidden, [2, 4, 16])
    if kind == .lstm {
      expectShape(state.cell!, [2, 4, 16])
    } else {
      #expect(state.cell == nil)
    }
  }

  @Test("bidirectional: outputs (7, 4, 32), a state per layer and direction (4, 4, 16)")
  func bidirectionalShapes() {
    let (outputs, state) = Self.layer(.gru, bidirectional: true)(randomTensor([7, 4, 8], seed: 1))
    expectShape(outputs, [7, 4, 32])
    expectShape(state.hidden, [4, 4, 16])
  }

  @Test("the top layer's last output is its final state; the backward direction ends at step 0")
  func outputsAndStatesAgree() {
    let inputs = randomTensor([5, 3, 8], seed: 2)
    let (outputs, state) = Self.layer(.gru, numLayers: 2, bidirectional: true)(inputs)
    let lastForward = outputs.select(axis: 0, 4).slice(axis: 1, 0..<16)
    let firstBackward = outputs.select(axis: 0, 0).slice(axis: 1, 16..<32)
    #expect(lastForward.scalars == state.hidden.select(axis: 0, 2).scalars)
    #expect(firstBackward.scalars == state.hidden.select(axis: 0, 3).scalars)
  }

  @Test("a layer equals its cells stepped by hand")
  func layerEqualsCellsByHand() {
    let layer = Self.layer(.lstm, inputSize: 3, numHiddens: 4, numLayers: 1)
    let inputs = randomTensor([3, 2, 3], seed: 3)
    var state = layer.cells[0].zeroState(batchSize: 2)
    for t in 0..<3 { state = layer.cells[0](inputs.select(axis: 0, t), state: state) }
    let (outputs, final) = layer(inputs)
    expectClose(outputs.select(axis: 0, 2), state.hidden.scalars, absoluteTolerance: 1e-6)
    expectClose(final.cell!, state.cell!.scalars, absoluteTolerance: 1e-6)
  }

  @Test(
    "gradients through a stacked bidirectional layer and its initial state",
    arguments: CellKind.allCases)
  func gradients(kind: CellKind) {
    let layer = Self.layer(kind, inputSize: 2, numHiddens: 3, numLayers: 2, bidirectional: true)
    let inputs = randomTensor([3, 2, 2], seed: 4)
    let hidden = randomTensor([4, 2, 3], in: -1...1, seed: 5)
    let cell = randomTensor([4, 2, 3], in: -1...1, seed: 6)
    func run(_ inputs: Tensor, _ hidden: Tensor, _ cell: Tensor) -> Tensor {
      let state = RecurrentState(hidden: hidden, cell: kind == .lstm ? cell : nil)
      let (outputs, final) = layer(inputs, state: state)
      return Tensor.concatenate([outputs.reshaped([-1]), final.hidden.reshaped([-1])], axis: 0)
    }
    expectGradientsMatch([inputs, hidden, cell]) { run($0[0], $0[1], $0[2]) }
    expectGradientsMatch(parameters: layer.parameters) { run(inputs, hidden, cell) }
  }

  /// Everything a cell's sequence computes, flattened into one vector: every output, the final
  /// hidden state and, for an LSTM, the final memory cell.
  static func everything(_ result: (outputs: Tensor, final: RecurrentState)) -> Tensor {
    Tensor.concatenate(
      [result.outputs.reshaped([-1]), result.final.hidden.reshaped([-1])]
        + (result.final.cell.map { [$0.reshaped([-1])] } ?? []), axis: 0)
  }

  /// The ways a sequence runs: forwards or backwards, over every step or each row only up to
  /// its valid length (row 1 of 2 has 2 of 4 real steps, row 0 all 4).
  static let runs: [(reversed: Bool, validLen: [Int]?)] = [
    (false, nil), (true, nil), (false, [4, 2]), (true, [4, 2]), (true, [1, 0]),
  ]

  @Test(
    "each cell's fused sequence equals its composite, both directions, with and without valid lengths, values and gradients",
    arguments: CellKind.allCases, runs.indices)
  func fusedSequenceEqualsComposite(kind: CellKind, run index: Int) throws {
    let (reversed, validLen) = Self.runs[index]
    let layer = Self.layer(kind, inputSize: 3, numHiddens: 5, numLayers: 1)
    let cell = layer.cells[0]
    let projected = randomTensor([4 * 2, kind.gateCount * 5], seed: 10)
    let initial =
      [randomTensor([2, 5], in: -1...1, seed: 11)]
      + (kind == .lstm ? [randomTensor([2, 5], in: -1...1, seed: 13)] : [])
    func run(_ inputs: [Tensor], fused: Bool) -> Tensor {
      let state = RecurrentState(hidden: inputs[1], cell: inputs.count > 2 ? inputs[2] : nil)
      return Self.everything(
        fused
          ? cell.sequence(
            projected: inputs[0], from: state, reversed: reversed, validLen: validLen)
          : cell.compositeSequence(
            projected: inputs[0], from: state, reversed: reversed, validLen: validLen))
    }
    let copies = (0..<2).map { _ in
      ([projected] + initial).map {
        Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true)
      }
    }
    let (fused, composite) = (run(copies[0], fused: true), run(copies[1], fused: false))
    expectClose(fused, composite.scalars, absoluteTolerance: 1e-6)
    let seed = randomTensor(fused.shape, seed: 12)
    fused.backward(seed: seed)
    let fusedGrads = copies[0].map { $0.grad! } + cell.parameters.compactMap(\.grad)
    for parameter in cell.parameters { parameter.zeroGrad() }
    composite.backward(seed: seed)
    let compositeGrads = copies[1].map { $0.grad! } + cell.parameters.compactMap(\.grad)
    #expect(fusedGrads.count == compositeGrads.count)
    for (a, b) in zip(fusedGrads, compositeGrads) {
      expectClose(a, b.scalars, absoluteTolerance: 1e-5)
    }
    expectGradientsMatch([projected] + initial) { run($0, fused: true) }
    expectGradientsMatch(parameters: [cell.weights.hiddenWeight, cell.weights.hiddenBias]) {
      run([projected] + initial, fused: true)
    }
  }

  @Test(
    "run backwards with valid lengths, a row starts at its last real step: its padding changes nothing",
    arguments: CellKind.allCases)
  func backwardsFromTheLastRealStep(kind: CellKind) {
    let cell = Self.layer(kind, inputSize: 3, numHiddens: 5, numLayers: 1).cells[0]
    let width = kind.gateCount * 5
    let real = randomTensor([2, 1, width], seed: 20)  // 2 real steps of one sentence
    let padding = randomTensor([3, 1, width], seed: 21)  // and 3 of padding after them
    let initial = cell.zeroState(batchSize: 1)
    let alone = cell.sequence(
      projected: real.reshaped([2, width]), from: initial, reversed: true, validLen: nil)
    let padded = cell.sequence(
      projected: Tensor.concatenate([real, padding], axis: 0).reshaped([5, width]),
      from: initial, reversed: true, validLen: [2])
    expectClose(padded.final.hidden, alone.final.hidden.scalars, absoluteTolerance: 1e-6)
    expectClose(
      padded.outputs.slice(axis: 0, 0..<2), alone.outputs.scalars, absoluteTolerance: 1e-6)
    // Over the padding, the state is still the initial one.
    #expect(padded.outputs.slice(axis: 0, 2..<5).scalars.allSatisfy { $0 == 0 })
  }

  @Test("a bidirectional layer's forward direction reads the padding, its backward one does not")
  func bidirectionalValidLengths() {
    let layer = Self.layer(.gru, inputSize: 3, numHiddens: 4, numLayers: 1, bidirectional: true)
    let sentence = randomTensor([2, 1, 3], seed: 30)
    let padded = Tensor.concatenate([sentence, randomTensor([2, 1, 3], seed: 31)], axis: 0)
    let alone = layer(sentence).state.hidden
    let withPadding = layer(padded, validLen: [2]).state.hidden
    expectClose(
      withPadding.select(axis: 0, 1), alone.select(axis: 0, 1).scalars, absoluteTolerance: 1e-6)
    #expect(withPadding.select(axis: 0, 0).scalars != alone.select(axis: 0, 0).scalars)
  }

  @Test("dropout between layers acts while training and not in inference")
  func dropoutOnlyWhileTraining() {
    let layer = Self.layer(.gru, numLayers: 2, dropout: 0.5)
    let inputs = randomTensor([4, 3, 8], seed: 7)
    let first = LearningPhase.inference { layer(inputs).outputs.scalars }
    let second = LearningPhase.inference { layer(inputs).outputs.scalars }
    #expect(first == second)
    let training = layer(inputs).outputs.scalars
    #expect(training != first)
  }

  @Test("a wrong input width stops with both shapes")
  func wrongInputStops() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 0)
      let layer = RecurrentLayer(.gru, inputSize: 8, numHiddens: 4, generator: &generator)
      _ = layer(Tensor.zeros([7, 4, 5]))
    }.map { result in
      let message = String(decoding: result.standardErrorContent, as: UTF8.self)
      #expect(message.contains("expected inputs (numSteps, batchSize, 8), got (7, 4, 5)"))
    }
  }
}
