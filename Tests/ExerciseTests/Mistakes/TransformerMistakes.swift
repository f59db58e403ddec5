import Foundation
import Layers
import TensorCore
import Transformer

@testable import ExerciseChecks

/// Exercises 10.1-10.7: mistakes readers of D2L's Transformer make.
let transformerMistakes: [Mistake] = [
  Mistake(.scaledDotProductAttention, "forgets to divide by sqrt(d)") {
    try TransformerChecks.scaledDotProductAttention { q, k, v, validLen in
      attend(q.batchedMatmul(k, transposeOther: true), v, validLen)
    }
  },
  Mistake(.scaledDotProductAttention, "gives an entry with no valid key uniform weights") {
    try TransformerChecks.scaledDotProductAttention { q, k, v, validLen in
      let scores = q.batchedMatmul(k, transposeOther: true) / Float(q.shape[2]).squareRoot()
      return scores.masked(by: paddingMask(validLen, q.shape[1], k.shape[1]), fill: -1e6)
        .softmax().batchedMatmul(v)
    }
  },
  Mistake(.scaledDotProductAttention, "rebuilds the weights from their scalars") {
    try TransformerChecks.scaledDotProductAttention { q, k, v, validLen in
      let scores = q.batchedMatmul(k, transposeOther: true) / Float(q.shape[2]).squareRoot()
      let weights = attendWeights(scores, validLen, k.shape[1])
      return Tensor(shape: weights.shape, scalars: weights.scalars).batchedMatmul(v)
    }
  },
  Mistake(.causalMask, "hides the diagonal too (a query cannot see itself)") {
    try TransformerChecks.causalMask { querySteps, keySteps in
      causal(querySteps, keySteps, offset: keySteps - querySteps - 1)
    }
  },
  Mistake(.causalMask, "forgets the cached keys (query i sees keys 0...i)") {
    try TransformerChecks.causalMask { querySteps, keySteps in
      causal(querySteps, keySteps, offset: 0)
    }
  },
  Mistake(.splitHeads, "reshapes to the heads' shape without permuting") {
    try TransformerChecks.splitHeads { x, numHeads in
      x.reshaped([x.shape[0], numHeads, x.shape[1], x.shape[2] / numHeads])
    }
  },
  Mistake(.splitHeads, "takes the heads as the features' inner axis (feature k * numHeads + h)") {
    try TransformerChecks.splitHeads { x, numHeads in
      x.reshaped([x.shape[0], x.shape[1], x.shape[2] / numHeads, numHeads])
        .permuted([0, 3, 1, 2])
    }
  },
  Mistake(.mergeHeads, "reshapes without permuting back") {
    try TransformerChecks.mergeHeads { x in
      x.reshaped([x.shape[0], x.shape[2], x.shape[1] * x.shape[3]])
    }
  },
  Mistake(.mergeHeads, "puts the heads' features innermost") {
    try TransformerChecks.mergeHeads { x in
      x.permuted([0, 2, 3, 1]).reshaped([x.shape[0], x.shape[2], x.shape[1] * x.shape[3]])
    }
  },
  Mistake(.positionalEncoding, "swaps sin and cos") {
    try TransformerChecks.positionalEncoding { numHiddens, maxLen in
      encoding(numHiddens, maxLen, exponent: { $0 }, swap: true)
    }
  },
  Mistake(.positionalEncoding, "uses the column itself, not its pair's 2j, in the exponent") {
    try TransformerChecks.positionalEncoding { numHiddens, maxLen in
      encoding(numHiddens, maxLen, exponent: { $0 + 1 }, swap: false)
    }
  },
  Mistake(.layerNorm, "normalises over the batch axis") {
    try TransformerChecks.layerNorm { x, gamma, beta, epsilon in
      let centred = x - x.mean(axis: 0).reshaped([1] + Array(x.shape.dropFirst()))
      let variance = (centred * centred).mean(axis: 0).reshaped([1] + Array(x.shape.dropFirst()))
      return centred / (variance + epsilon).squareRoot() * gamma + beta
    }
  },
  Mistake(.layerNorm, "swaps gamma and beta") {
    try TransformerChecks.layerNorm { x, gamma, beta, epsilon in
      LayerNormReference.composite(x, gamma: beta, beta: gamma, epsilon: epsilon)
    }
  },
  Mistake(.layerNorm, "writes epsilon as 1e-5 instead of using the argument") {
    try TransformerChecks.layerNorm { x, gamma, beta, _ in
      let keep = Array(x.shape.dropLast()) + [1]
      let centred = x - x.mean(axis: -1).reshaped(keep)
      let variance = (centred * centred).mean(axis: -1).reshaped(keep)
      return centred / (variance + 1e-5).squareRoot() * gamma + beta
    }
  },
  Mistake(.layerNorm, "uses n - 1 in the variance") {
    try TransformerChecks.layerNorm { x, gamma, beta, epsilon in
      let keep = Array(x.shape.dropLast()) + [1]
      let n = Float(x.shape[x.rank - 1])
      let centred = x - x.mean(axis: -1).reshaped(keep)
      let variance = (centred * centred).sum(axis: -1).reshaped(keep) / (n - 1)
      return centred / (variance + epsilon).squareRoot() * gamma + beta
    }
  },
  Mistake(.addNorm, "drops out the residual x instead of the sublayer's y") {
    try TransformerChecks.addNorm { x, y, norm, dropout in norm(dropout(x) + y) }
  },
  Mistake(.addNorm, "normalises before the sum: norm(x) + dropout(y)") {
    try TransformerChecks.addNorm { x, y, norm, dropout in norm(x) + dropout(y) }
  },
]

/// 1 where j < validLen[b], (batch, querySteps, keySteps).
private func paddingMask(_ validLen: [Int], _ querySteps: Int, _ keySteps: Int) -> Tensor {
  Tensor(
    shape: [validLen.count, querySteps, keySteps],
    scalars: validLen.flatMap { length in
      (0..<querySteps).flatMap { _ in (0..<keySteps).map { Float($0 < length ? 1 : 0) } }
    })
}

/// The masked weights, zero for an entry that sees nothing.
private func attendWeights(_ scores: Tensor, _ validLen: [Int], _ keySteps: Int) -> Tensor {
  let sees = Tensor(shape: [validLen.count, 1, 1], scalars: validLen.map { Float($0 > 0 ? 1 : 0) })
  return scores.masked(by: paddingMask(validLen, scores.shape[1], keySteps), fill: -1e6)
    .softmax() * sees
}

/// Attention of `scores` over `values`, masked and zeroed as it should be.
private func attend(_ scores: Tensor, _ values: Tensor, _ validLen: [Int]) -> Tensor {
  attendWeights(scores, validLen, values.shape[1]).batchedMatmul(values)
}

/// 1 where key j <= i + offset.
private func causal(_ querySteps: Int, _ keySteps: Int, offset: Int) -> Tensor {
  Tensor(
    shape: [querySteps, keySteps],
    scalars: (0..<querySteps).flatMap { i in (0..<keySteps).map { Float($0 <= i + offset ? 1 : 0) }
    })
}

/// A positional encoding whose exponent for column c is `exponent(c)` (right: the pair's even
/// column), sin and cos swapped when `swap`.
private func encoding(
  _ numHiddens: Int, _ maxLen: Int, exponent: (Int) -> Int, swap: Bool
) -> Tensor {
  var table = [Float](repeating: 0, count: maxLen * numHiddens)
  for i in 0..<maxLen {
    for column in stride(from: 0, to: numHiddens, by: 2) {
      let angle = { (c: Int) in Double(i) / pow(10_000, Double(c) / Double(numHiddens)) }
      let (even, odd) = (angle(column), angle(min(exponent(column), numHiddens)))
      table[i * numHiddens + column] = Float(swap ? cos(even) : sin(even))
      if column + 1 < numHiddens {
        table[i * numHiddens + column + 1] = Float(swap ? sin(odd) : cos(odd))
      }
    }
  }
  return Tensor(shape: [maxLen, numHiddens], scalars: table)
}

/// Layer normalisation from its equation, for mistakes built on it.
private enum LayerNormReference {
  static func composite(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> Tensor {
    let keep = Array(x.shape.dropLast()) + [1]
    let centred = x - x.mean(axis: -1).reshaped(keep)
    let variance = (centred * centred).mean(axis: -1).reshaped(keep)
    return centred / (variance + epsilon).squareRoot() * gamma + beta
  }
}
