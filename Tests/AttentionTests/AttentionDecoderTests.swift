import Attention
import ContextVariable
import Decoder
import Encoder
import EncoderDecoder
import Layers
import TensorCore
import TestSupport
import Testing

@Suite("Seq2SeqDecoder with attention")
struct AttentionDecoderTests {
  static func model(
    _ kind: AttentionKind = .additive, cell: CellKind = .gru, outputContext: Bool = false
  ) -> (Seq2SeqEncoder, Seq2SeqDecoder) {
    var generator = SeededGenerator(seed: 0)
    let encoder = Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: cell, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: cell, contextSize: 16,
      outputContext: outputContext, attention: kind, generator: &generator)
    return (encoder, decoder)
  }

  static let tokens = (0..<28).map { $0 % 10 }

  @Test(
    "D2L's check: output (4, 7, 10), encoder outputs (4, 7, 16), state (2, 4, 16)",
    arguments: [CellKind.gru, .lstm])
  func d2lShapes(cell: CellKind) throws {
    let (encoder, decoder) = Self.model(cell: cell)
    #expect(decoder.rnn.inputSize == 8 + 16)
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    let state = try decoder.initState(
      encoderOutputs: outputs, encoderState: encoderState, validLen: [7, 3, 5, 1])
    expectShape(state.memory!.values, [4, 7, 16])
    let (logits, next) = decoder(Self.tokens, shape: [4, 7], state: state)
    expectShape(logits, [4, 7, 10])
    expectShape(next.recurrent.hidden, [2, 4, 16])
    expectShape(next.attentionWeights!, [4, 7, 7])
  }

  @Test(
    "the weights are recomputed at every step, and padding never gets any",
    arguments: [AttentionKind.additive, .dot])
  func weightsMove(kind: AttentionKind) throws {
    let (encoder, decoder) = Self.model(kind)
    let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
    let validLen = [7, 3, 5, 1]
    let state = try decoder.initState(
      encoderOutputs: outputs, encoderState: encoderState, validLen: validLen)
    let weights = decoder(Self.tokens, shape: [4, 7], state: state).state.attentionWeights!
    for (row, valid) in validLen.enumerated() {
      for step in 0..<7 {
        let alpha = weights.select(axis: 0, row).select(axis: 0, step).scalars
        #expect(abs(alpha.reduce(0, +) - 1) < 1e-5)
        #expect(alpha[valid...].allSatisfy { $0 == 0 })
      }
    }
    let first = weights.select(axis: 0, 0)
    #expect(first.select(axis: 0, 0).scalars != first.select(axis: 0, 1).scalars)
  }

  @Test("step by step (prediction) equals all at once (teacher forcing)", arguments: [false, true])
  func stepByStep(outputContext: Bool) throws {
    let (encoder, decoder) = Self.model(outputContext: outputContext)
    try LearningPhase.inference {
      let (outputs, encoderState) = encoder(Self.tokens, shape: [4, 7])
      let start = try decoder.initState(
        encoderOutputs: outputs, encoderState: encoderState, validLen: [7, 3, 5, 1])
      let (allAtOnce, end) = decoder(Self.tokens, shape: [4, 7], state: start)
      var state = start
      for t in 0..<7 {
        let column = (0..<4).map { Self.tokens[$0 * 7 + t] }
        let (logits, next) = decoder(column, shape: [4, 1], state: state)
        state = next
        expectClose(
          logits.select(axis: 1, 0), allAtOnce.select(axis: 1, t).scalars, absoluteTolerance: 1e-5)
        expectClose(
          next.attentionWeights!.select(axis: 1, 0),
          end.attentionWeights!.select(axis: 1, t).scalars, absoluteTolerance: 1e-6)
      }
    }
  }

  @Test(
    "gradients reach every parameter: encoder, decoder and attention",
    arguments: [AttentionKind.additive, .dot])
  func gradients(kind: AttentionKind) throws {
    var generator = SeededGenerator(seed: 2)
    let encoder = Seq2SeqEncoder(
      vocabSize: 5, embedSize: 3, numHiddens: 2, numLayers: 1, generator: &generator)
    let decoder = Seq2SeqDecoder(
      vocabSize: 4, embedSize: 2, numHiddens: 2, numLayers: 1, contextSize: 2, attention: kind,
      generator: &generator)
    expectGradientsMatch(parameters: encoder.parameters + decoder.parameters) {
      let (outputs, encoderState) = encoder([1, 4, 0, 2, 3, 0], shape: [2, 3])
      let state = try! decoder.initState(
        encoderOutputs: outputs, encoderState: encoderState, validLen: [3, 2])
      return decoder([2, 3, 2, 1, 0, 3], shape: [2, 3], state: state).logits
    }
  }

  @Test("a model that cannot attend as asked says why")
  func refused() {
    var configuration = Seq2SeqConfiguration(sourceVocabSize: 10, targetVocabSize: 10)
    configuration.attention = .additive
    configuration.contextMode = .initialState
    #expect(throws: AttentionError.needsEveryInput) {
      try EncoderDecoder(configuration, seed: 0)
    }
    configuration.contextMode = .both
    configuration.attention = .dot
    configuration.bidirectional = true
    configuration.contextMode = .everyInput
    #expect(throws: AttentionError.widthMismatch(query: 32, key: 64)) {
      try EncoderDecoder(configuration, seed: 0)
    }
  }

  @Test("attention's weights are drawn last: without it, a model's weights are unchanged")
  func sameWeightsWithout() throws {
    let plain = Seq2SeqConfiguration(sourceVocabSize: 10, targetVocabSize: 12)
    var attending = plain
    attending.attention = .additive
    let (a, b) = (try EncoderDecoder(plain, seed: 5), try EncoderDecoder(attending, seed: 5))
    #expect(b.parameters.count == a.parameters.count + 3)
    #expect(a.encoder.parameters.map(\.scalars) == b.encoder.parameters.map(\.scalars))
    #expect(
      a.decoder.embedding.parameters.map(\.scalars) == b.decoder.embedding.parameters.map(\.scalars)
    )
  }
}
