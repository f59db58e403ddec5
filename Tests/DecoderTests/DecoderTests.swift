import ContextVariable
import Decoder
import Encoder
import Layers
import TensorCore
import TestSupport
import Testing

@Suite("Seq2SeqDecoder")
struct DecoderTests {
  static func model(
    mode: ContextMode = .both, decoderLayers: Int = 2, decoderHiddens: Int = 16,
    cell: CellKind = .gru
  ) -> (Seq2SeqEncoder, Seq2SeqDecoder) {
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: cell, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 10, embedSize: 8, numHiddens: decoderHiddens, numLayers: decoderLayers,
      cell: cell, contextSize: 16, contextMode: mode, generator: &generator)
    return (encoder, decoder)
  }

  static let tokens = (0..<28).map { $0 % 10 }

  @Test("D2L's check: output (4, 7, 10), state (2, 4, 16)", arguments: [CellKind.gru, .lstm])
  func d2lShapes(cell: CellKind) throws {
    let (encoder, decoder) = Self.model(cell: cell)
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    let state = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
    let (logits, next) = decoder(Self.tokens, shape: [4, 7], state: state)
    expectShape(logits, [4, 7, 10])
    expectShape(next.recurrent.hidden, [2, 4, 16])
  }

  @Test(
    "each context mode: the decoder's input width and initial state",
    arguments: [
      (ContextMode.both, 24, true), (.initialState, 8, true), (.everyInput, 24, false),
      (.bridge, 24, false),
    ])
  func modes(mode: ContextMode, inputSize: Int, copiesState: Bool) throws {
    let (encoder, decoder) = Self.model(mode: mode)
    #expect(decoder.rnn.inputSize == inputSize)
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    let state = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
    #expect((state.recurrent.hidden.scalars == encoderState.hidden.scalars) == copiesState)
    expectShape(decoder(Self.tokens, shape: [4, 7], state: state).logits, [4, 7, 10])
  }

  @Test("copying the state needs equal sizes: a clear error otherwise, and a bridge that works")
  func stateMismatch() throws {
    let (encoder, decoder) = Self.model(mode: .both, decoderLayers: 3, decoderHiddens: 12)
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    #expect(throws: ContextError.stateMismatch(encoder: [2, 4, 16], decoder: [3, 4, 12])) {
      try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
    }
    let (_, bridged) = Self.model(mode: .bridge, decoderLayers: 3, decoderHiddens: 12)
    let state = try bridged.initState(encoderOutputs: outputs, encoderState: encoderState)
    expectShape(state.recurrent.hidden, [3, 4, 12])
  }

  @Test("the context stays the encoder's: step by step equals all at once")
  func contextIsFixed() throws {
    let (encoder, decoder) = Self.model()
    try LearningPhase.inference {
      let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
      let start = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      let allAtOnce = decoder(Self.tokens, shape: [4, 7], state: start).logits
      var state = start
      for t in 0..<7 {
        let column = (0..<4).map { Self.tokens[$0 * 7 + t] }
        let (logits, next) = decoder(column, shape: [4, 1], state: state)
        state = next
        expectClose(
          logits.select(axis: 1, 0), allAtOnce.select(axis: 1, t).scalars, absoluteTolerance: 1e-5)
      }
      #expect(state.context.scalars == start.context.scalars)
    }
  }

  @Test("the output layer can read [s_t'; c] (D2L's exercise 6)")
  func outputContext() throws {
    var generator = SeededGenerator(seed: 3)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, contextSize: 16,
      outputContext: true, generator: &generator)
    #expect(decoder.dense.weight.shape == [32, 10])
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    let state = try decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
    expectShape(decoder(Self.tokens, shape: [4, 7], state: state).logits, [4, 7, 10])
  }

  @Test("gradients reach the decoder's and the encoder's parameters")
  func gradients() throws {
    var generator = SeededGenerator(seed: 2)
    let encoder = Seq2SeqEncoder(
      vocabSize: 5, embedSize: 3, numHiddens: 2, numLayers: 1, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 4, embedSize: 2, numHiddens: 2, numLayers: 1, contextSize: 2,
      generator: &generator)
    expectGradientsMatch(parameters: encoder.parameters + decoder.parameters) {
      let (outputs, encoderState) = encoder([1, 4, 0, 2], shape: [2, 2])
      let state = try! decoder.initState(encoderOutputs: outputs, encoderState: encoderState)
      return decoder([2, 3, 2, 1, 0, 3], shape: [2, 3], state: state).logits
    }
  }
}
