import EncoderDecoder
import Layers
import TensorCore
import TestSupport
import Testing
import Transformer

@Suite("Transformer blocks: multi-head attention, the encoder and the decoder")
struct BlocksTests {
  @Test(
    "multi-head attention keeps D2L's shapes: (2, 4, 100) queries over (2, 6, 100) keys, 5 heads")
  func multiHeadShapes() {
    var generator = SeededGenerator(seed: 1)
    let attention = MultiHeadAttention(
      numHiddens: 100, numHeads: 5, dropout: 0.5, generator: &generator)
    let x = randomTensor([2, 4, 100], seed: 2)
    let y = randomTensor([2, 6, 100], seed: 3)
    let (output, weights) = LearningPhase.inference {
      attention(queries: x, keys: y, values: y, validLen: [3, 2])
    }
    expectShape(output, [2, 4, 100])
    expectShape(weights, [2, 5, 4, 6])
  }

  @Test("multi-head attention is each head's attention joined and mixed by W_o, by hand")
  func multiHeadByHeads() {
    var generator = SeededGenerator(seed: 4)
    let attention = MultiHeadAttention(
      numHiddens: 6, numHeads: 3, dropout: 0, generator: &generator)
    let (queries, keys) = (randomTensor([2, 3, 6], seed: 5), randomTensor([2, 4, 6], seed: 6))
    let validLen = [2, 4]
    let output = attention(queries: queries, keys: keys, values: keys, validLen: validLen).output
    // Head h uses columns 2h, 2h + 1 of each projection: one sentence at a time, one head at a time.
    var joined: [Tensor] = []
    for b in 0..<2 {
      let (q, k) = (queries.select(axis: 0, b), keys.select(axis: 0, b))
      var heads: [Tensor] = []
      for h in 0..<3 {
        let columns = (2 * h)..<(2 * h + 2)
        let (wq, wk, wv) = (
          attention.queryWeight.slice(axis: 1, columns),
          attention.keyWeight.slice(axis: 1, columns),
          attention.valueWeight.slice(axis: 1, columns)
        )
        heads.append(
          scaledDotProductAttention(
            queries: q.matmul(wq).reshaped([1, 3, 2]), keys: k.matmul(wk).reshaped([1, 4, 2]),
            values: k.matmul(wv).reshaped([1, 4, 2]), validLen: [validLen[b]], causal: false
          ).output.reshaped([3, 2]))
      }
      joined.append(Tensor.concatenate(heads, axis: 1).matmul(attention.outputWeight))
    }
    expectClose(output, Tensor.stack(joined).scalars)
  }

  @Test("multi-head attention and an encoder block are gradient-checked in their parameters")
  func blockGradients() {
    var generator = SeededGenerator(seed: 7)
    let attention = MultiHeadAttention(
      numHiddens: 4, numHeads: 2, dropout: 0, generator: &generator)
    let x = randomTensor([2, 3, 4], seed: 8)
    expectGradientsMatch(parameters: attention.parameters) {
      attention(queries: x, keys: x, values: x, validLen: [2, 3], causal: true).output
    }
    let block = TransformerEncoderBlock(
      numHiddens: 4, ffnNumHiddens: 6, numHeads: 2, dropout: 0, generator: &generator)
    Self.expectGradientsMatchAcrossReLU(parameters: block.parameters) {
      block(x, validLen: [2, 3]).output
    }
    let leaf = leaves([x])
    Self.expectGradientsMatchAcrossReLU(parameters: leaf) {
      block(leaf[0], validLen: [3, 1]).output
    }
  }

  /// Records an issue unless the gradients of `function` pass a `GradientCheck` at a step of
  /// 3e-3 or of 1e-3. One fixed step is not enough across the FFN's ReLU: a perturbation can move
  /// one of its inputs across 0, where the derivative jumps (seen: one W_v element of a block,
  /// -0.073 analytic against -0.124 numerical at the default 1e-2; a LayerNorm gamma of the whole
  /// model 3% off at 3e-3 and within 1e-3 at 1e-3). A wrong derivative is wrong at every step.
  static func expectGradientsMatchAcrossReLU(
    parameters: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
    _ function: () -> Tensor
  ) {
    var results: [GradientCheck.Result] = []
    for step: Float in [3e-3, 1e-3] {
      var checker = GradientCheck()
      checker.step = step
      let result = checker.check(parameters: parameters, function)
      if result.passed { return }
      results.append(result)
    }
    Issue.record("gradient check failed at both steps: \(results)", sourceLocation: sourceLocation)
  }

  @Test("an encoder block keeps its input's shape: D2L's (2, 100, 24)")
  func encoderBlockShape() {
    var generator = SeededGenerator(seed: 9)
    let block = TransformerEncoderBlock(
      numHiddens: 24, ffnNumHiddens: 48, numHeads: 8, dropout: 0.5, generator: &generator)
    let x = Tensor.ones([2, 100, 24])
    expectShape(LearningPhase.inference { block(x, validLen: [3, 2]).output }, [2, 100, 24])
  }

  /// A small Transformer configuration: 2 blocks, 4 heads, vocabularies of 11 and 13 words.
  static func model(seed: UInt64 = 3) throws -> EncoderDecoder {
    try EncoderDecoder(
      Seq2SeqConfiguration(
        sourceVocabSize: 11, targetVocabSize: 13, numSteps: 6, numHiddens: 8, numLayers: 2,
        dropout: 0.1, transformer: TransformerSizes(numHeads: 4, ffnNumHiddens: 12)),
      seed: seed)
  }

  @Test("prediction step by step from the cache equals the teacher-forced pass at every position")
  func cachedStepsEqualTeacherForcing() throws {
    let model = try Self.model()
    let source = [4, 5, 6, 3, 1, 1, 7, 8, 3, 1, 1, 1]
    let target = [2, 5, 9, 10, 6, 4, 2, 7, 7, 12, 3, 1]
    let (shape, validLen) = ([2, 6], [4, 3])
    try LearningPhase.inference {
      let whole = model.decode(
        target, shape: shape, state: try model.encode(source, shape: shape, validLen: validLen)
      ).logits.scalars  // (2, 6, 13)
      var state = try model.encode(source, shape: shape, validLen: validLen)
      for t in 0..<6 {
        let (logits, next) = model.decode([target[t], target[6 + t]], shape: [2, 1], state: state)
        state = next
        for row in 0..<2 {
          let expected = Array(whole[((row * 6 + t) * 13)..<((row * 6 + t + 1) * 13)])
          expectClose(
            Array(logits.scalars[(row * 13)..<((row + 1) * 13)]), expected, absoluteTolerance: 1e-4,
            "step \(t), sentence \(row)")
        }
      }
      guard case .transformer(let final) = state else {
        Issue.record("not a Transformer state")
        return
      }
      #expect(final.steps == 6)
      #expect(final.cache.map(\.keys.shape) == [[2, 4, 6, 2], [2, 4, 6, 2]])
    }
  }

  @Test("a step cannot see later steps: changing a later input leaves earlier logits alone")
  func causalInTraining() throws {
    let model = try Self.model()
    let source = [4, 5, 6, 3, 1, 1]
    try LearningPhase.inference {
      let state = try model.encode(source, shape: [1, 6], validLen: [4])
      let a = model.decode([2, 5, 9, 10, 6, 4], shape: [1, 6], state: state).logits.scalars
      let b = model.decode([2, 5, 9, 11, 12, 4], shape: [1, 6], state: state).logits.scalars
      #expect(a[..<(3 * 13)] == b[..<(3 * 13)])
      #expect(a[(3 * 13)...] != b[(3 * 13)...])
    }
  }

  @Test("the source's padding is never attended to: changing it leaves the logits alone")
  func paddingHidden() throws {
    let model = try Self.model()
    let logits = { (source: [Int]) throws -> [Float] in
      try LearningPhase.inference {
        model.decode(
          [2, 5, 9], shape: [1, 3],
          state: try model.encode(source, shape: [1, 6], validLen: [3])
        ).logits.scalars
      }
    }
    let (padded, other) = (try logits([4, 5, 3, 1, 1, 1]), try logits([4, 5, 3, 7, 8, 9]))
    #expect(padded == other)
  }

  @Test("the whole model is gradient-checked in its parameters (dropout off)")
  func modelGradients() throws {
    let model = try EncoderDecoder(
      Seq2SeqConfiguration(
        sourceVocabSize: 6, targetVocabSize: 7, numSteps: 3, numHiddens: 4, numLayers: 1,
        dropout: 0, transformer: TransformerSizes(numHeads: 2, ffnNumHiddens: 5)),
      seed: 5)
    Self.expectGradientsMatchAcrossReLU(parameters: model.parameters) {
      try! model(
        source: [4, 5, 3, 5, 3, 1], sourceValidLen: [3, 2], decoderInput: [2, 4, 6, 2, 5, 1],
        shape: [2, 3])
    }
  }

  @Test("beam rows: a state's rows gathered equal the same sentences encoded in that order")
  func stateRows() throws {
    let model = try Self.model()
    let source = [4, 5, 6, 3, 1, 1, 7, 8, 3, 1, 1, 1]
    try LearningPhase.inference {
      let state = try model.encode(source, shape: [2, 6], validLen: [4, 3])
      let (_, after) = model.decode([2, 2], shape: [2, 1], state: state)
      let swapped = after.rows([1, 0, 1])
      let logits = model.decode([5, 6, 7], shape: [3, 1], state: swapped).logits.scalars
      let alone = try model.encode(Array(source[6...]), shape: [1, 6], validLen: [3])
      let (_, aloneAfter) = model.decode([2], shape: [1, 1], state: alone)
      let expected = model.decode([5], shape: [1, 1], state: aloneAfter).logits.scalars
      expectClose(Array(logits[0..<13]), expected, absoluteTolerance: 1e-5)
    }
  }

  @Test("a Transformer whose heads do not divide numHiddens is refused with the reason, not a trap")
  func sizesRefused() {
    let sizes = Seq2SeqConfiguration(
      sourceVocabSize: 6, targetVocabSize: 7, numHiddens: 10,
      transformer: TransformerSizes(numHeads: 4, ffnNumHiddens: 8))
    #expect(
      throws: TransformerSizeError(description: "numHiddens 10 is not a multiple of numHeads 4")
    ) {
      try EncoderDecoder(sizes, seed: 0)
    }
    #expect(sizes.problem == "numHiddens 10 is not a multiple of numHeads 4")
  }
}
