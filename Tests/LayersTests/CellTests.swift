import Layers
import TensorCore
import TestSupport
import Testing

@Suite("recurrent cells")
struct CellTests {
  typealias R = CellReference

  static func loaded(_ cell: any RecurrentCell, _ weights: [[Float]]) -> any RecurrentCell {
    for (parameter, values) in zip(cell.parameters, weights) { parameter.assign(values) }
    return cell
  }

  var x: Tensor { Tensor(shape: [R.batchSize, R.inputSize], scalars: R.x) }
  var h: Tensor { Tensor(shape: [R.batchSize, R.numHiddens], scalars: R.h) }
  var c: Tensor { Tensor(shape: [R.batchSize, R.numHiddens], scalars: R.c) }

  static func cell(_ kind: CellKind, inputSize: Int = R.inputSize, numHiddens: Int = R.numHiddens)
    -> any RecurrentCell
  {
    var generator = SeededGenerator(seed: 1)
    return kind.makeCell(inputSize: inputSize, numHiddens: numHiddens, generator: &generator)
  }

  @Test("one GRU step matches PyTorch's equations worked out in NumPy")
  func gruMatchesReference() {
    let gru = Self.loaded(
      Self.cell(.gru), [R.gruInputWeight, R.gruHiddenWeight, R.gruInputBias, R.gruHiddenBias])
    let next = gru(x, state: RecurrentState(hidden: h))
    expectShape(next.hidden, [2, 4])
    expectClose(next.hidden, R.gruHidden, absoluteTolerance: 1e-6)
  }

  @Test("one LSTM step matches PyTorch's equations, hidden state and memory cell")
  func lstmMatchesReference() {
    let lstm = Self.loaded(
      Self.cell(.lstm), [R.lstmInputWeight, R.lstmHiddenWeight, R.lstmInputBias, R.lstmHiddenBias])
    let next = lstm(x, state: RecurrentState(hidden: h, cell: c))
    expectClose(next.hidden, R.lstmHidden, absoluteTolerance: 1e-6)
    expectClose(next.cell!, R.lstmCell, absoluteTolerance: 1e-6)
  }

  @Test("the fused GRU kernel over one step equals the composite step, values and gradients")
  func fusedGRUEqualsComposite() throws {
    let gru = try #require(Self.cell(.gru, inputSize: 5, numHiddens: 19) as? GRUCell)
    let x = randomTensor([3, 5], seed: 2)
    let h = randomTensor([3, 19], seed: 3)
    let fused = gru.sequence(
      projected: gru.weights.projectInputs(x), from: RecurrentState(hidden: h), reversed: false,
      validLen: nil
    ).final.hidden
    let composite = gru.step(
      projectedInput: gru.weights.projectInputs(x), state: RecurrentState(hidden: h)
    ).hidden
    expectClose(fused, composite.scalars, absoluteTolerance: 1e-6)

    let seed = randomTensor([3, 19], seed: 4)
    fused.backward(seed: seed)
    let fusedGrads = gru.parameters.map { $0.grad!.scalars }
    for parameter in gru.parameters { parameter.zeroGrad() }
    composite.backward(seed: seed)
    for (parameter, expected) in zip(gru.parameters, fusedGrads) {
      expectClose(parameter.grad!, expected, absoluteTolerance: 1e-6)
    }
  }

  @Test("gradients with respect to input, state and weights", arguments: CellKind.allCases)
  func gradients(kind: CellKind) {
    let cell = Self.cell(kind, inputSize: 3, numHiddens: 4)
    let x = randomTensor([2, 3], seed: 5)
    let h = randomTensor([2, 4], in: -1...1, seed: 6)
    let c = randomTensor([2, 4], in: -1...1, seed: 7)
    let state = { (h: Tensor, c: Tensor) in RecurrentState(hidden: h, cell: kind == .lstm ? c : nil)
    }
    expectGradientsMatch([x, h, c]) { inputs in
      let next = cell(inputs[0], state: state(inputs[1], inputs[2]))
      return next.cell.map { Tensor.concatenate([next.hidden, $0], axis: 1) } ?? next.hidden
    }
    expectGradientsMatch(parameters: cell.parameters) {
      let next = cell(x, state: state(h, c))
      return next.cell.map { next.hidden * $0 } ?? next.hidden
    }
  }

  @Test("the composite GRU step's gradients")
  func compositeGRUGradients() throws {
    let gru = try #require(Self.cell(.gru, inputSize: 3, numHiddens: 4) as? GRUCell)
    expectGradientsMatch([randomTensor([2, 12], seed: 8), randomTensor([2, 4], seed: 9)]) {
      gru.step(projectedInput: $0[0], state: RecurrentState(hidden: $0[1])).hidden
    }
  }
}
