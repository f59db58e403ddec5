import Foundation
import Layers
import TensorCore
import TestSupport
import Testing
import Transformer

/// Copies of `tensors` that require gradients, so that two computations can be compared.
func leaves(_ tensors: [Tensor]) -> [Tensor] {
  tensors.map { Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true) }
}

@Suite("Transformer pieces: layer norm, scaled dot-product attention, positional encoding")
struct PiecesTests {
  @Test("layer norm: every row has mean beta and deviation gamma, by hand")
  func layerNormByHand() {
    let norm = LayerNorm(width: 4)
    let x = Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -2, 0, 0, 2])
    // Row 1: mean 2.5, variance 1.25; row 2: mean 0, variance 2.
    let expected: [Float] =
      [-1.5, -0.5, 0.5, 1.5].map { $0 / (1.25 + 1e-5).squareRoot() }
      + [-2, 0, 0, 2].map { $0 / Float(2 + 1e-5).squareRoot() }
    expectClose(norm(x), expected)
  }

  @Test(
    "layer norm: the fused op equals the composite, values and gradients", arguments: [6, 16, 37])
  func layerNormFusedEqualsComposite(width: Int) {
    let norm = LayerNorm(width: width)
    norm.gamma.assign(randomTensor([width], seed: 3).scalars)
    norm.beta.assign(randomTensor([width], seed: 4).scalars)
    let x = randomTensor([3, 2, width], seed: 5)
    let (a, b) = (leaves([x])[0], leaves([x])[0])
    let fused = norm(a)
    let composite = norm.composite(b)
    expectClose(fused, composite.scalars, absoluteTolerance: 1e-5)
    let seed = randomTensor(fused.shape, seed: 6)
    fused.backward(seed: seed)
    let fusedGrads = [a.grad!.scalars, norm.gamma.grad!.scalars, norm.beta.grad!.scalars]
    norm.gamma.zeroGrad()
    norm.beta.zeroGrad()
    composite.backward(seed: seed)
    let compositeGrads = [b.grad!.scalars, norm.gamma.grad!.scalars, norm.beta.grad!.scalars]
    for (f, c) in zip(fusedGrads, compositeGrads) { expectClose(f, c, absoluteTolerance: 1e-4) }
    expectGradientsMatch([x, norm.gamma, norm.beta]) { $0[0].layerNorm(gamma: $0[1], beta: $0[2]) }
  }

  /// Query, key and value tensors of `entries` entries.
  static func qkv(_ entries: Int, _ querySteps: Int, _ keySteps: Int, _ d: Int, _ v: Int)
    -> [Tensor]
  {
    [
      randomTensor([entries, querySteps, d], seed: 10),
      randomTensor([entries, keySteps, d], seed: 11),
      randomTensor([entries, keySteps, v], seed: 12),
    ]
  }

  /// The masks of the kernel: padding, causal, causal over cached keys (one query after four),
  /// and an entry with no valid key.
  static let masks: [(querySteps: Int, keySteps: Int, validLen: [Int]?, causal: Bool)] = [
    (4, 5, [2, 5, 3], false), (5, 5, nil, true), (1, 5, nil, true), (3, 3, [1, 2, 3], true),
    (2, 4, [0, 3, 4], false),
  ]

  @Test("attention: the fused kernel equals the composite, values and gradients, under every mask")
  func attentionFusedEqualsComposite() {
    for mask in Self.masks {
      let inputs = Self.qkv(3, mask.querySteps, mask.keySteps, 4, 3)
      let (fusedInputs, compositeInputs) = (leaves(inputs), leaves(inputs))
      let fused = Tensor.scaledDotProductAttention(
        queries: fusedInputs[0], keys: fusedInputs[1], values: fusedInputs[2],
        validLen: mask.validLen, causal: mask.causal)
      let composite = scaledDotProductAttention(
        queries: compositeInputs[0], keys: compositeInputs[1], values: compositeInputs[2],
        validLen: mask.validLen, causal: mask.causal)
      expectClose(fused.output, composite.output.scalars, "\(mask)")
      expectClose(fused.weights, composite.weights.scalars, "\(mask)")
      let seed = randomTensor(fused.output.shape, seed: 13)
      fused.output.backward(seed: seed)
      composite.output.backward(seed: seed)
      for (f, c) in zip(fusedInputs, compositeInputs) {
        expectClose(
          f.grad?.scalars ?? [], c.grad?.scalars ?? [], absoluteTolerance: 1e-5, "\(mask)")
      }
      expectGradientsMatch(inputs) {
        Tensor.scaledDotProductAttention(
          queries: $0[0], keys: $0[1], values: $0[2], validLen: mask.validLen, causal: mask.causal
        ).output
      }
    }
  }

  @Test("attention: the weights are 0 past each valid length and after each query's own step")
  func masksHide() {
    let inputs = Self.qkv(2, 3, 3, 4, 2)
    let weights = Tensor.scaledDotProductAttention(
      queries: inputs[0], keys: inputs[1], values: inputs[2], validLen: [2, 3], causal: true
    ).weights.scalars
    // Entry 0 sees keys 0 ..< min(2, i + 1); entry 1 keys 0 ... i.
    for entry in 0..<2 {
      for i in 0..<3 {
        let row = Array(weights[((entry * 3 + i) * 3)..<((entry * 3 + i) * 3 + 3)])
        let visible = min(entry == 0 ? 2 : 3, i + 1)
        #expect(row[visible...].allSatisfy { $0 == 0 }, "entry \(entry), query \(i): \(row)")
        #expect(abs(row.reduce(0, +) - 1) < 1e-6)
      }
    }
  }

  @Test("attention: a query with no valid key gets zero weights and a zero output (d2l-en #2423)")
  func emptyRowIsZero() {
    let inputs = Self.qkv(2, 2, 3, 4, 2)
    let (output, weights) = Tensor.scaledDotProductAttention(
      queries: inputs[0], keys: inputs[1], values: inputs[2], validLen: [0, 3], causal: false)
    #expect(weights.select(axis: 0, 0).scalars.allSatisfy { $0 == 0 })
    #expect(output.select(axis: 0, 0).scalars.allSatisfy { $0 == 0 })
    #expect(output.select(axis: 0, 1).scalars.contains { $0 != 0 })
  }

  @Test("attention with dropout on the weights: gradient-checked with a fixed mask")
  func attentionDropoutGradients() {
    var generator = SeededGenerator(seed: 14)
    let mask = Tensor.dropoutMask([2, 3, 4], probability: 0.3, using: &generator)
    let inputs = Self.qkv(2, 3, 4, 4, 3)
    expectGradientsMatch(inputs) {
      Tensor.scaledDotProductAttention(
        queries: $0[0], keys: $0[1], values: $0[2], validLen: [3, 4], causal: false,
        dropoutMask: mask
      ).output
    }
    // With the mask, the output is (A * M) V.
    let (output, weights) = Tensor.scaledDotProductAttention(
      queries: inputs[0], keys: inputs[1], values: inputs[2], validLen: [3, 4], causal: false,
      dropoutMask: mask)
    expectClose(output, (weights * mask).batchedMatmul(inputs[2]).scalars)
  }

  @Test(
    "positional encoding: P[i, 2j] = sin(i / 10000^(2j/d)), P[i, 2j+1] = cos(...), D2L's values")
  func positionalEncoding() {
    let encoding = PositionalEncoding(numHiddens: 32, maxLen: 60)
    let p = encoding.table.scalars
    for (i, j) in [(0, 0), (1, 0), (7, 3), (59, 15)] {
      let angle = Double(i) / pow(10_000, Double(2 * j) / 32)
      #expect(abs(p[i * 32 + 2 * j] - Float(sin(angle))) < 1e-6)
      #expect(abs(p[i * 32 + 2 * j + 1] - Float(cos(angle))) < 1e-6)
    }
    // Position 1, column 0 is sin(1); the row of position 0 alternates 0 and 1.
    #expect(abs(p[32] - 0.84147) < 1e-5)
    #expect(Array(p[0..<4]) == [0, 1, 0, 1])
    // x + P from `offset` on: step t of a prediction gets position t's code.
    let x = Tensor.zeros([1, 2, 32])
    expectClose(encoding(x, offset: 7), Array(p[(7 * 32)..<(9 * 32)]))
  }
}
