import Encoder
import Layers
import TensorCore
import TestSupport
import Testing

@Suite("Seq2SeqEncoder")
struct EncoderTests {
  /// D2L's check: vocab 10, embed 8, 16 hiddens, 2 layers, batch 4, 7 steps.
  static func encoder(_ cell: CellKind = .gru, bidirectional: Bool = false) -> Seq2SeqEncoder {
    var generator = SeededGenerator(seed: 0)
    return Seq2SeqEncoder(
      vocabSize: 10, embedSize: 8, numHiddens: 16, numLayers: 2, cell: cell,
      bidirectional: bidirectional, generator: &generator)
  }

  static let tokens = [Int](repeating: 0, count: 28)

  @Test("D2L's shapes: outputs (7, 4, 16), state (2, 4, 16)", arguments: CellKind.allCases)
  func d2lShapes(cell: CellKind) {
    let (outputs, state) = Self.encoder(cell)(Self.tokens, shape: [4, 7])
    expectShape(outputs, [7, 4, 16])
    expectShape(state.hidden, [2, 4, 16])
    #expect((state.cell != nil) == (cell == .lstm))
  }

  @Test("bidirectional: outputs (7, 4, 32), state (4, 4, 16)")
  func bidirectionalShapes() {
    let (outputs, state) = Self.encoder(bidirectional: true)(Self.tokens, shape: [4, 7])
    expectShape(outputs, [7, 4, 32])
    expectShape(state.hidden, [4, 4, 16])
  }

  @Test(
    "bidirectional with valid lengths: the backward direction starts at the last real token",
    arguments: CellKind.allCases)
  func backwardStartsAtLastRealToken(cell: CellKind) {
    let encoder = Self.encoder(cell, bidirectional: true)
    // One sentence of 3 real tokens, padded to 7 with two different fillers.
    let (a, b) = ([4, 2, 7, 1, 1, 1, 1], [4, 2, 7, 9, 5, 3, 8])
    let stateA = encoder(a, shape: [1, 7], validLen: [3]).state
    let stateB = encoder(b, shape: [1, 7], validLen: [3]).state
    // Entries 1 and 3, layers 1 and 2 backward, never read the padding (layer 2 reads layer
    // 1's outputs at the real steps only); entries 0 and 2, forward, read it, as in D2L.
    for (entry, readsPadding) in [(0, true), (1, false), (2, true), (3, false)] {
      let (first, second) = (
        stateA.hidden.select(axis: 0, entry), stateB.hidden.select(axis: 0, entry)
      )
      #expect((first.scalars != second.scalars) == readsPadding, "entry \(entry)")
    }
  }

  @Test("the time-first lookup equals D2L's embed-then-permute")
  func timeMajorEqualsPermute() {
    let encoder = Self.encoder()
    let tokens = (0..<28).map { ($0 * 7) % 10 }
    let permuted = encoder.embedding(tokens, shape: [4, 7]).permuted([1, 0, 2])
    #expect(encoder.embedding.timeMajor(tokens, shape: [4, 7]).scalars == permuted.scalars)
  }

  @Test("different sentences in a batch are encoded independently")
  func batchIndependence() {
    let encoder = Self.encoder()
    let together = LearningPhase.inference { encoder([1, 2, 3, 4, 5, 6], shape: [2, 3]).outputs }
    let alone = LearningPhase.inference { encoder([4, 5, 6], shape: [1, 3]).outputs }
    expectClose(
      together.select(axis: 1, 1), alone.select(axis: 1, 0).scalars, absoluteTolerance: 1e-6)
  }

  @Test("gradients reach every parameter", arguments: [CellKind.gru, .lstm])
  func gradients(cell: CellKind) {
    var generator = SeededGenerator(seed: 1)
    let encoder = Seq2SeqEncoder(
      vocabSize: 5, embedSize: 3, numHiddens: 2, numLayers: 2, cell: cell, generator: &generator)
    expectGradientsMatch(parameters: encoder.parameters) {
      let (outputs, state) = encoder([1, 4, 0, 2, 2, 3], shape: [2, 3])
      return Tensor.concatenate([outputs.reshaped([-1]), state.hidden.reshaped([-1])], axis: 0)
    }
  }
}
