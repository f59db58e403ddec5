import ContextVariable
import Layers
import TensorCore
import TestSupport
import Testing

@Suite("context variable")
struct ContextVariableTests {
  static func encode(bidirectional: Bool = false) -> (outputs: Tensor, state: RecurrentState) {
    var generator = SeededGenerator(seed: 0)
    let rnn = RecurrentLayer(
      .gru, inputSize: 3, numHiddens: 4, numLayers: 2, bidirectional: bidirectional,
      generator: &generator)
    return rnn(randomTensor([5, 2, 3], seed: 1))
  }

  @Test("c = h_T is the top layer's output at the last step")
  func lastState() {
    let (outputs, state) = Self.encode()
    let context = ContextVariable.lastState(outputs: outputs, state: state)
    expectShape(context, [2, 4])
    #expect(context.scalars == outputs.select(axis: 0, 4).scalars)
  }

  @Test("bidirectional: c = [forward after the last token; backward after the first]")
  func bidirectionalLastState() {
    let (outputs, state) = Self.encode(bidirectional: true)
    let context = ContextVariable.lastState(outputs: outputs, state: state)
    expectShape(context, [2, 8])
    #expect(
      context.slice(axis: 1, 0..<4).scalars
        == outputs.select(axis: 0, 4).slice(axis: 1, 0..<4).scalars)
    #expect(
      context.slice(axis: 1, 4..<8).scalars
        == outputs.select(axis: 0, 0).slice(axis: 1, 4..<8).scalars)
  }

  @Test("mean and max pooling use only each sentence's valid steps")
  func pooling() {
    let outputs = Tensor(shape: [3, 2, 1], scalars: [1, 10, 2, 20, 9, 30])  // steps x batch
    let state = RecurrentState(hidden: Tensor.zeros([1, 2, 1]))
    expectClose(
      ContextVariable.meanPooling(outputs: outputs, state: state, validLen: [2, 3]), [1.5, 20])
    expectClose(
      ContextVariable.maxPooling(outputs: outputs, state: state, validLen: [2, 3]), [2, 30])
    expectClose(ContextVariable.meanPooling(outputs: outputs, state: state), [4, 20])
    expectClose(ContextVariable.maxPooling(outputs: outputs, state: state), [9, 30])
  }

  @Test("gradients of every context", arguments: ContextVariable.allCases)
  func gradients(context: ContextVariable) {
    let state = RecurrentState(hidden: randomTensor([1, 3, 2], seed: 2))
    expectGradientsMatch([randomTensor([4, 3, 2], seed: 3)]) {
      context(outputs: $0[0], state: state, validLen: [4, 2, 1])
    }
  }

  @Test("a bridge maps c to every decoder layer's initial state")
  func bridge() {
    var generator = SeededGenerator(seed: 4)
    let bridge = ContextBridge(contextSize: 8, numLayers: 3, numHiddens: 5, generator: &generator)
    let states = bridge(randomTensor([2, 8], seed: 5))
    expectShape(states, [3, 2, 5])
    #expect(states.scalars.allSatisfy { abs($0) < 1 })
    expectGradientsMatch(parameters: bridge.parameters) { bridge(randomTensor([2, 8], seed: 5)) }
  }

  @Test("errors are one line and say what to do")
  func messages() {
    let message = ContextError.stateMismatch(encoder: [4, 2, 16], decoder: [2, 2, 16]).description
    #expect(message.contains("2 layers of 16") && message.contains("4 final states of 16"))
    #expect(message.contains("--context-mode bridge") && message.contains("--context-mode concat"))
    #expect(!message.contains("\n"))
  }
}
