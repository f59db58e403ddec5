import ExerciseSupport
import Exercises
import Foundation
import Layers
import TensorCore
import Transformer

/// The checks of concept 10, the Transformer. The sizes never coincide (batch 3, 2 heads of 3,
/// 4 query steps, 5 key steps), the valid lengths all differ and stay below the steps (one is 0),
/// so a mistake cannot hide behind two equal numbers.
enum TransformerChecks {
  /// Exercise 10.1's function: queries, keys, values, validLen -> the outputs.
  typealias Attend = (Tensor, Tensor, Tensor, [Int]) throws -> Tensor

  /// Exercise 10.1, scaled dot-product attention with a padding mask: values, then the gradient
  /// of the queries (a score rebuilt from `.scalars` has the right values and none).
  static func scaledDotProductAttention(
    _ exercise: Attend = TransformerExercises.scaledDotProductAttention
  ) throws {
    // One query, two keys of width 4: the weights are softmax([q.k1, q.k2] / 2).
    let query = Tensor(shape: [1, 1, 4], scalars: [1, 1, 1, 1])
    let keys = Tensor(shape: [1, 2, 4], scalars: [1, 1, 1, 1, 0, 0, 0, 0])
    let values = Tensor(shape: [1, 2, 1], scalars: [10, 0])
    let weight = 1 / (1 + exp(Float(-2)))  // softmax([4 / 2, 0])[0]
    try handPicked {
      try expectClose(
        .scaledDotProductAttention,
        "query [1, 1, 1, 1] over keys [1, 1, 1, 1] and [0, 0, 0, 0] (d = 4: scores 4 / 2 and 0), values 10 and 0",
        got: try exercise(query, keys, values, [2]),
        expected: Tensor(shape: [1, 1, 1], scalars: [10 * weight]))
      let (queries, keys5, values5) = (
        sample([3, 4, 6], seed: 101), sample([3, 5, 6], seed: 102), sample([3, 5, 2], seed: 103)
      )
      let validLen = [3, 0, 4]
      let what = "queries (3, 4, 6), keys (3, 5, 6), values (3, 5, 2), validLen \(validLen)"
      let library = { (q: Tensor) in
        Transformer.scaledDotProductAttention(
          queries: q, keys: keys5, values: values5, validLen: validLen, causal: false
        ).output
      }
      try expectClose(
        .scaledDotProductAttention, what + " (entry 2 sees nothing: its outputs are 0)",
        got: try exercise(queries, keys5, values5, validLen), expected: library(queries))
      try expectGradient(
        .scaledDotProductAttention, what, of: queries,
        yours: { try exercise($0, keys5, values5, validLen) },
        library: library)
    }
    let sizes = [
      SizeRange("batch", 1...3), SizeRange("queries", 1...4), SizeRange("keys", 1...5),
      SizeRange("d", 1...5), SizeRange("values", 1...4),
    ]
    try randomCases(.scaledDotProductAttention, sizes: sizes) { sizes, generator in
      let (batch, keySteps) = (sizes["batch"], sizes["keys"])
      let queries = generator.tensor([batch, sizes["queries"], sizes["d"]]) * 2
      let keys = generator.tensor([batch, keySteps, sizes["d"]]) * 2
      let values = generator.tensor([batch, keySteps, sizes["values"]])
      let validLen = generator.validLengths(batch, numSteps: keySteps)
      try expectSame(
        .scaledDotProductAttention,
        "queries \(describe(queries)), keys \(describe(keys)), values \(describe(values)), validLen \(validLen)",
        of: [("the queries", queries), ("the keys", keys), ("the values", values)],
        yours: { try exercise($0[0], $0[1], $0[2], validLen) },
        library: {
          Transformer.scaledDotProductAttention(
            queries: $0[0], keys: $0[1], values: $0[2], validLen: validLen, causal: false
          ).output
        })
    }
  }

  /// Exercise 10.2, the causal mask, against the one the library's attention uses.
  static func causalMask(
    _ exercise: (Int, Int) throws -> Tensor = TransformerExercises.causalMask
  ) throws {
    func check(_ querySteps: Int, _ keySteps: Int) throws {
      try expectClose(
        .causalMask,
        "\(querySteps) queries over \(keySteps) keys"
          + (querySteps == keySteps ? "" : " (the first \(keySteps - querySteps) cached)"),
        got: try exercise(querySteps, keySteps),
        expected: attentionMask(
          batch: 1, querySteps: querySteps, keySteps: keySteps, validLen: nil, causal: true
        ).reshaped([querySteps, keySteps]))
    }
    try handPicked {
      for (querySteps, keySteps) in [(3, 3), (1, 4), (2, 5)] { try check(querySteps, keySteps) }
    }
    try randomCases(.causalMask, sizes: [SizeRange("queries", 1...5), SizeRange("cached", 0...3)]) {
      sizes, _ in
      try check(sizes["queries"], sizes["queries"] + sizes["cached"])
    }
  }

  /// Exercise 10.3, splitting into heads: element (b, h, t, k) must be x[b, t, h * headSize + k].
  static func splitHeads(
    _ exercise: (Tensor, Int) throws -> Tensor = TransformerExercises.splitHeads
  ) throws {
    let x = Tensor(shape: [3, 5, 6], scalars: (0..<90).map(Float.init))
    try handPicked {
      try expectClose(
        .splitHeads, "x (3, 5, 6) holding 0 ..< 90 in order, into 2 heads of 3",
        got: try exercise(x, 2), expected: splitCounting)
    }
    try randomCases(.splitHeads, sizes: headSizes) { sizes, generator in
      let numHeads = sizes["heads"]
      let x = generator.tensor([sizes["batch"], sizes["steps"], numHeads * sizes["headSize"]])
      try expectSame(
        .splitHeads, "x \(describe(x)) into \(numHeads) heads of \(sizes["headSize"])",
        of: [("x", x)],
        yours: { try exercise($0[0], numHeads) },
        library: { MultiHeadAttention.split($0[0], numHeads: numHeads) })
    }
  }

  /// The sizes of 10.3's and 10.4's random cases.
  static let headSizes = [
    SizeRange("batch", 1...3), SizeRange("steps", 1...4), SizeRange("heads", 1...4),
    SizeRange("headSize", 1...4),
  ]

  /// Exercise 10.4, merging the heads: the inverse of splitting them.
  static func mergeHeads(
    _ exercise: (Tensor) throws -> Tensor = TransformerExercises.mergeHeads
  ) throws {
    try handPicked {
      try expectClose(
        .mergeHeads, "2 heads of 3 over 5 steps, batch 3, whose merge is 0 ..< 90 in order",
        got: try exercise(splitCounting),
        expected: Tensor(shape: [3, 5, 6], scalars: (0..<90).map(Float.init)))
    }
    try randomCases(.mergeHeads, sizes: headSizes) { sizes, generator in
      let x = generator.tensor([sizes["batch"], sizes["heads"], sizes["steps"], sizes["headSize"]])
      try expectSame(
        .mergeHeads, "the heads \(describe(x))", of: [("the heads", x)],
        yours: { try exercise($0[0]) },
        library: { MultiHeadAttention.merge($0[0]) })
    }
  }

  /// 0 ..< 90 laid out (3, 5, 6) and split into 2 heads of 3, by the definition rather than by
  /// reshapes: element (b, h, t, k) is b * 30 + t * 6 + h * 3 + k.
  static var splitCounting: Tensor {
    var heads = [Float]()
    for b in 0..<3 {
      for h in 0..<2 {
        for t in 0..<5 { heads += (0..<3).map { Float(b * 30 + t * 6 + h * 3 + $0) } }
      }
    }
    return Tensor(shape: [3, 2, 5, 3], scalars: heads)
  }

  /// Exercise 10.5, the positional encoding, against the library's table.
  static func positionalEncoding(
    _ exercise: (Int, Int) throws -> Tensor = TransformerExercises.positionalEncoding
  ) throws {
    try handPicked {
      try expectClose(
        .positionalEncoding, "position 1 of 4 features: sin 1, cos 1, sin 0.01, cos 0.01",
        got: try exercise(4, 2).slice(axis: 0, 1..<2),
        expected: Tensor(shape: [1, 4], scalars: [0.841471, 0.540302, 0.0099998, 0.99995]))
      for (numHiddens, maxLen) in [(6, 7), (10, 13)] {
        try expectClose(
          .positionalEncoding, "\(maxLen) positions of \(numHiddens) features",
          got: try exercise(numHiddens, maxLen),
          expected: PositionalEncoding(numHiddens: numHiddens, maxLen: maxLen).table)
      }
    }
    try randomCases(
      .positionalEncoding, sizes: [SizeRange("pairs", 1...5), SizeRange("maxLen", 1...9)]
    ) {
      sizes, _ in
      let (numHiddens, maxLen) = (2 * sizes["pairs"], sizes["maxLen"])
      try expectClose(
        .positionalEncoding, "\(maxLen) positions of \(numHiddens) features",
        got: try exercise(numHiddens, maxLen),
        expected: PositionalEncoding(numHiddens: numHiddens, maxLen: maxLen).table)
    }
  }

  /// Exercise 10.6's function: x, gamma, beta, epsilon -> the normalised x.
  typealias Normalize = (Tensor, Tensor, Tensor, Float) throws -> Tensor

  /// Exercise 10.6, layer normalisation: values and the gradient of x against the library's
  /// composite, with gamma and beta that are not 1 and 0.
  static func layerNorm(_ exercise: Normalize = TransformerExercises.layerNorm) throws {
    let norm = LayerNorm(width: 4)
    norm.gamma.assign([2, -1, 0.5, 3])
    norm.beta.assign([0.1, 0.2, -0.3, 0.4])
    try handPicked {
      try expectClose(
        .layerNorm, "x [[1, 2, 3, 4]] with gamma 1, beta 0 (mean 2.5, variance 1.25)",
        got: try exercise(
          Tensor(shape: [1, 4], scalars: [1, 2, 3, 4]), Tensor.ones([4]), Tensor.zeros([4]), 1e-5),
        expected: Tensor(shape: [1, 4], scalars: [-1.341635, -0.447212, 0.447212, 1.341635]))
      let x = sample([3, 5, 4], seed: 106)
      let what = "x (3, 5, 4), gamma [2, -1, 0.5, 3], beta [0.1, 0.2, -0.3, 0.4]"
      try expectClose(
        .layerNorm, what, got: try exercise(x, norm.gamma, norm.beta, norm.epsilon),
        expected: norm.composite(x))
      try expectGradient(
        .layerNorm, what, of: x, yours: { try exercise($0, norm.gamma, norm.beta, norm.epsilon) },
        library: norm.composite)
    }
    let sizes = [SizeRange("batch", 1...3), SizeRange("steps", 1...4), SizeRange("width", 2...6)]
    try randomCases(.layerNorm, sizes: sizes) { sizes, generator in
      let width = sizes["width"]
      let epsilon = [1e-5, 0.1, 1].randomElement(using: &generator)!
      let x = generator.tensor([sizes["batch"], sizes["steps"], width]) * 3
      let (gamma, beta) = (generator.tensor([width]) * 2, generator.tensor([width]))
      try expectSame(
        .layerNorm,
        "x \(describe(x)), gamma \(describe(gamma)), beta \(describe(beta)), epsilon \(epsilon)",
        of: [("x", x), ("gamma", gamma), ("beta", beta)],
        yours: { try exercise($0[0], $0[1], $0[2], Float(epsilon)) },
        library: { $0[0].layerNorm(gamma: $0[1], beta: $0[2], epsilon: Float(epsilon)) })
    }
  }

  /// Exercise 10.7's function: x, y, the norm, the dropout -> LayerNorm(x + dropout(y)).
  typealias AddAndNorm = (Tensor, Tensor, LayerNorm, Dropout) throws -> Tensor

  /// Exercise 10.7, add & norm: with dropout off, then on (two dropouts of one seed draw the
  /// same mask, so dropout on x instead of y shows).
  static func addNorm(_ exercise: AddAndNorm = TransformerExercises.addNorm) throws {
    var generator = SeededGenerator(seed: 107)
    let block = AddNorm(numHiddens: 4, dropout: 0.5, generator: &generator)
    block.norm.gamma.assign([1.5, -0.5, 2, 1])
    let (x, y) = (sample([3, 5, 4], seed: 108), sample([3, 5, 4], seed: 109))
    try handPicked {
      try expectClose(
        .addNorm, "x and y (3, 5, 4), dropout off (prediction)",
        got: try LearningPhase.inference { try exercise(x, y, block.norm, block.dropout) },
        expected: LearningPhase.inference { block(x, y) })
      let (yours, library) = (Dropout(p: 0.5, seed: 110), Dropout(p: 0.5, seed: 110))
      try expectClose(
        .addNorm, "x and y (3, 5, 4), dropout 0.5 on while training (the same seed as expected's)",
        got: try exercise(x, y, block.norm, yours), expected: block.norm(library(y) + x))
    }
    let sizes = [SizeRange("batch", 1...3), SizeRange("steps", 1...4), SizeRange("width", 2...6)]
    try randomCases(.addNorm, sizes: sizes) { sizes, generator in
      let (width, p) = (sizes["width"], [0, 0.25, 0.5].randomElement(using: &generator)!)
      let block = AddNorm(numHiddens: width, dropout: Float(p), generator: &generator)
      block.norm.gamma.assign(generator.tensor([width]).scalars)
      let (x, y) = (
        generator.tensor([sizes["batch"], sizes["steps"], width]),
        generator.tensor([sizes["batch"], sizes["steps"], width])
      )
      // Two dropouts of one seed draw the same masks, call after call.
      let seed = generator.next()
      let (yours, library) = (Dropout(p: Float(p), seed: seed), Dropout(p: Float(p), seed: seed))
      try expectSame(
        .addNorm, "x \(describe(x)) and y \(describe(y)), dropout \(p) on while training",
        of: [("x", x), ("y", y)], yours: { try exercise($0[0], $0[1], block.norm, yours) },
        library: { block.norm(library($0[1]) + $0[0]) })
    }
  }
}
