import Attention
import Foundation
import TensorCore
import TestSupport
import Testing

@Suite("Attention: masked softmax, scores, context")
struct AttentionTests {
  /// softmax of `row`'s first `valid` entries, zeros after: written out with Foundation's exp.
  static func reference(_ row: [Float], valid: Int) -> [Float] {
    let exps = row.prefix(valid).map { Foundation.exp(Double($0)) }
    let total = exps.reduce(0, +)
    return exps.map { Float($0 / total) } + Array(repeating: 0, count: row.count - valid)
  }

  @Test("masked softmax: the valid steps share weight 1, the padding gets exactly 0")
  func maskedWeights() {
    let rows: [[Float]] = [[0.3, 1.2, -0.5, 2.0], [1.0, -1.0, 0.5, 0.2], [0.1, 0.2, 0.3, 0.4]]
    let weights = maskedSoftmax(
      Tensor(shape: [3, 4], scalars: rows.flatMap { $0 }), validLen: [2, 3, 4])
    expectClose(
      weights, zip(rows, [2, 3, 4]).flatMap { Self.reference($0, valid: $1) },
      absoluteTolerance: 1e-6)
    #expect(weights.scalars[2] == 0 && weights.scalars[3] == 0 && weights.scalars[7] == 0)
  }

  @Test("masked softmax: valid length 0 attends to the first step, numSteps to all, nil to all")
  func edgeLengths() {
    let scores = Tensor(shape: [2, 3], scalars: [5, 1, 2, -1, 0, 1])
    expectClose(maskedSoftmax(scores, validLen: [0, 3]).select(axis: 0, 0), [1, 0, 0])
    expectClose(
      maskedSoftmax(scores, validLen: [3, 3]), maskedSoftmax(scores, validLen: nil).scalars)
    expectClose(
      maskedSoftmax(scores, validLen: nil).select(axis: 0, 1), Self.reference([-1, 0, 1], valid: 3))
  }

  @Test("the additive score is w_v^T tanh(W_q s + W_k h_t), element by element")
  func additiveScore() {
    var generator = SeededGenerator(seed: 4)
    let score = AdditiveAttention(querySize: 3, keySize: 2, numHiddens: 4, generator: &generator)
    let query = randomTensor([2, 3], seed: 1)
    let values = randomTensor([2, 5, 2], seed: 2)
    let scores = score.scores(query: query, keys: score.keys(values))
    expectShape(scores, [2, 5])
    let (q, h, wq, wk, wv) = (
      query.scalars, values.scalars, score.queryWeight.scalars, score.keyWeight.scalars,
      score.scoreWeight.scalars
    )
    var expected: [Float] = []
    for b in 0..<2 {
      for t in 0..<5 {
        var total: Float = 0
        for j in 0..<4 {
          let fromQuery = (0..<3).reduce(Float(0)) { $0 + q[b * 3 + $1] * wq[$1 * 4 + j] }
          let fromKey = (0..<2).reduce(Float(0)) { $0 + h[(b * 5 + t) * 2 + $1] * wk[$1 * 4 + j] }
          total += wv[j] * Foundation.tanh(fromQuery + fromKey)
        }
        expected.append(total)
      }
    }
    expectClose(scores, expected)
  }

  @Test("the dot score is s^T h_t / sqrt(d)")
  func dotScore() {
    let query = Tensor(shape: [1, 4], scalars: [1, 2, 0, -1])
    let values = Tensor(shape: [1, 2, 4], scalars: [1, 1, 1, 1, 0, 2, 5, 2])
    let score = DotProductAttention()
    expectClose(score.scores(query: query, keys: score.keys(values)), [2.0 / 2, 2.0 / 2])
  }

  @Test("the context is the weighted sum of the encoder's states")
  func context() {
    let values = Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    let weights = Tensor(shape: [2, 3], scalars: [0, 1, 0, 0.5, 0.25, 0.25])
    expectClose(weightedContext(weights, values), [3, 4, 8.5, 9.5])
  }

  @Test("one step: weights (batch, steps) over the valid steps, context (batch, contextSize)")
  func oneStep() {
    var generator = SeededGenerator(seed: 1)
    let attention = Attention(
      .additive, querySize: 6, keySize: 4, numHiddens: 5, generator: &generator)
    let encoderOutputs = randomTensor([7, 3, 4], seed: 3)  // (numSteps, batchSize, contextSize)
    let memory = attention.memory(encoderOutputs: encoderOutputs, validLen: [7, 2, 4])
    let (context, weights) = attention(query: randomTensor([3, 6], seed: 5), memory: memory)
    expectShape(context, [3, 4])
    expectShape(weights, [3, 7])
    for (row, valid) in [7, 2, 4].enumerated() {
      let alpha = weights.select(axis: 0, row).scalars
      #expect(abs(alpha.reduce(0, +) - 1) < 1e-5)
      #expect(alpha[valid...].allSatisfy { $0 == 0 })
    }
  }

  @Test("gradients: masked softmax, both scores, the context, attention's weights")
  func gradients() {
    expectGradientsMatch([randomTensor([3, 4], seed: 1)]) {
      maskedSoftmax($0[0], validLen: [1, 3, 4])
    }
    expectGradientsMatch([randomTensor([2, 3], seed: 2), randomTensor([2, 3, 2], seed: 3)]) {
      weightedContext($0[0], $0[1])
    }
    expectGradientsMatch([randomTensor([2, 3], seed: 4), randomTensor([2, 4, 3], seed: 5)]) {
      DotProductAttention().scores(query: $0[0], keys: $0[1])
    }
    var generator = SeededGenerator(seed: 6)
    let attention = Attention(
      .additive, querySize: 3, keySize: 2, numHiddens: 4, generator: &generator)
    let (query, outputs) = (randomTensor([2, 3], seed: 7), randomTensor([4, 2, 2], seed: 8))
    expectGradientsMatch([query, outputs]) {
      let memory = attention.memory(encoderOutputs: $0[1], validLen: [4, 2])
      return attention(query: $0[0], memory: memory).context
    }
    expectGradientsMatch(parameters: attention.parameters) {
      let memory = attention.memory(encoderOutputs: outputs, validLen: [3, 2])
      return attention(query: query, memory: memory).context
    }
  }
}

@Suite("Tensor.additiveAttention: the fused kernel equals its composite")
struct AdditiveKernelTests {
  static let validLen = [5, 1, 3, 0]

  static func setUp() -> (AdditiveAttention, Tensor, AttentionMemory) {
    var generator = SeededGenerator(seed: 9)
    let score = AdditiveAttention(querySize: 3, keySize: 4, numHiddens: 6, generator: &generator)
    let values = Tensor(
      shape: [4, 5, 4], scalars: randomTensor([4, 5, 4], seed: 10).scalars, requiresGrad: true)
    let memory = AttentionMemory(values: values, keys: score.keys(values), validLen: validLen)
    return (score, randomTensor([4, 3], seed: 11), memory)
  }

  @Test("values: the same context and weights as maskedSoftmax + weightedContext")
  func values() {
    let (score, query, memory) = Self.setUp()
    let fused = score.attend(query: query, memory: memory)
    let composite = score.compositeAttend(query: query, memory: memory)
    expectClose(fused.context, composite.context.scalars, absoluteTolerance: 1e-6)
    expectClose(fused.weights, composite.weights.scalars, absoluteTolerance: 1e-6)
  }

  @Test("gradients: equal to the composite's, and to central differences")
  func gradients() {
    let (score, query, memory) = Self.setUp()
    expectGradientsMatch([query, memory.values]) { inputs in
      let values = inputs[1]
      let memory = AttentionMemory(
        values: values, keys: score.keys(values), validLen: Self.validLen)
      return score.attend(query: inputs[0], memory: memory).context
    }
    expectGradientsMatch(parameters: score.parameters) {
      let memory = AttentionMemory(
        values: memory.values, keys: score.keys(memory.values), validLen: Self.validLen)
      return score.attend(query: query, memory: memory).context
    }
    var grads: [[[Float]]] = []
    for fused in [true, false] {
      let query = Tensor(shape: query.shape, scalars: query.scalars, requiresGrad: true)
      let values = Tensor(shape: [4, 5, 4], scalars: memory.values.scalars, requiresGrad: true)
      let memory = AttentionMemory(
        values: values, keys: score.keys(values), validLen: Self.validLen)
      for parameter in score.parameters { parameter.zeroGrad() }
      let step =
        fused
        ? score.attend(query: query, memory: memory)
        : score.compositeAttend(query: query, memory: memory)
      step.context.backward(seed: randomTensor([4, 4], seed: 12))
      grads.append(([query, values] + score.parameters).map { $0.grad!.scalars })
    }
    for (fused, composite) in zip(grads[0], grads[1]) {
      expectClose(fused, composite, absoluteTolerance: 1e-5)
    }
  }
}
