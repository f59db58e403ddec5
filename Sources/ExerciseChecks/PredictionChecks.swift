import ExerciseSupport
import Exercises
import Formatting
import Prediction
import TensorCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The checks of concept 6, prediction.
enum PredictionChecks {
  /// Exercise 6.1, argmax.
  static func argmax(
    _ exercise: ([Float]) throws -> Int = PredictionExercises.argmax
  ) throws {
    let cases: [([Float], Int)] = [
      ([-2], 0), ([0.1, 0.7, 0.2], 1), ([-3, -1, -2], 1), ([3, 5, 5], 1), ([4, 1, 4], 0),
    ]
    try handPicked {
      for (scores, expected) in cases {
        try expectEqual(
          .argmax,
          "argmax(\(scores))\(Set(scores).count < scores.count ? " (a tie: the first)" : "")",
          got: try exercise(scores), expected: expected)
      }
    }
    try randomCases(.argmax, count: 10, sizes: [SizeRange("scores", 1...8)]) { sizes, generator in
      let ties = Bool.random(using: &generator)
      let scores = generator.scores(sizes["scores"], ties: ties)
      try expectEqual(
        .argmax, "argmax(\(scores.map { fixed($0, 3) }))", got: try exercise(scores),
        expected: TensorCore.argmax(scores))
    }
  }

  /// D2L's example: tokens A, B, C, <eos> = 3, with the book's conditional probabilities.
  static let table: [[Int]: [Float]] = [
    []: [0.5, 0.2, 0.2, 0.1], [0]: [0.1, 0.4, 0.3, 0.2], [0, 1]: [0.2, 0.2, 0.4, 0.2],
    [0, 1, 2]: [0.1, 0.1, 0.2, 0.6], [0, 2]: [0.1, 0.6, 0.2, 0.1],
    [0, 2, 1]: [0.1, 0.2, 0.1, 0.6],
  ]

  /// A decoder step over `table`: the state is the prefix read so far (`<bos>` = -1 adds none).
  static func step(_ token: Int, _ prefix: [Int]) -> (logProbabilities: [Float], state: [Int]) {
    let path = prefix + (token < 0 ? [] : [token])
    return ((table[path] ?? [0.25, 0.25, 0.25, 0.25]).map { logf($0) }, path)
  }

  /// A model that says `tokens` then <eos> (3), whatever it is fed after `<bos>`.
  static func saying(_ tokens: [Int]) -> (Int, [Int]) -> (logProbabilities: [Float], state: [Int]) {
    { token, read in
      let said = token < 0 ? read : read + [token]
      let next = said.count < tokens.count ? tokens[said.count] : 3
      return ((0..<4).map { $0 == next ? logf(0.7) : logf(0.1) }, said)
    }
  }

  /// Exercise 6.2's function for a decoder whose state is a list of tokens: bos, eos, maxSteps,
  /// step -> the tokens predicted.
  typealias Greedy = (
    Int, Int, Int, (Int, [Int]) throws -> (logProbabilities: [Float], state: [Int])
  ) throws -> [Int]

  /// Exercise 6.2, the greedy decoding loop.
  static func greedyDecode(
    _ exercise: Greedy = {
      try PredictionExercises.greedyDecode(bos: $0, eos: $1, maxSteps: $2, initial: [], step: $3)
    }
  ) throws {
    let cases: [(String, Int, (Int, [Int]) -> (logProbabilities: [Float], state: [Int]), [Int])] = [
      ("a model that says <eos> first", 5, saying([]), []),
      ("a model that says 1 then <eos>", 5, saying([1]), [1]),
      (
        "a model that says 2, 2, 0, 1 then <eos>, cut at maxSteps 3", 3, saying([2, 2, 0, 1]),
        [2, 2, 0]
      ),
      ("D2L's example (A, B, C, <eos> = 3)", 10, step, [0, 1, 2]),
      ("D2L's example cut at maxSteps 2", 2, step, [0, 1]),
    ]
    try handPicked {
      for (what, maxSteps, step, expected) in cases {
        try expectEqual(
          .greedyDecode, "greedy on \(what), <bos> = -1, <eos> = 3, maxSteps \(maxSteps)",
          got: try exercise(-1, 3, maxSteps, step), expected: expected)
      }
    }
    try randomCases(
      .greedyDecode, count: 10, sizes: [SizeRange("vocab", 2...6), SizeRange("maxSteps", 1...6)]
    ) {
      sizes, generator in
      let (vocabSize, maxSteps) = (sizes["vocab"], sizes["maxSteps"])
      let eos = Int.random(in: 0..<vocabSize, using: &generator)
      let step = randomModel(vocabSize: vocabSize, eos: eos, seed: generator.next())
      let what =
        "a random model over \(vocabSize) tokens whose scores depend on every token fed so far"
      try expectEqual(
        .greedyDecode,
        "greedy on \(what), <bos> = \(vocabSize), <eos> = \(eos), maxSteps \(maxSteps)",
        got: try exercise(vocabSize, eos, maxSteps, step),
        expected: greedySearch(
          maxSteps: maxSteps, bos: vocabSize, eos: eos, initial: [], step: step
        )
        .tokens)
    }
  }

  /// A decoder step whose state is every token fed so far and whose log-probabilities are drawn
  /// from that history and `seed` (some tied); for one model in two <eos> grows likelier as the
  /// history grows, so that some sentences end before maxSteps and some are cut by it.
  static func randomModel(vocabSize: Int, eos: Int, seed: UInt64) -> (Int, [Int]) -> (
    logProbabilities: [Float], state: [Int]
  ) {
    { token, fed in
      let history = fed + [token]
      var generator = SeededGenerator(
        seed: history.reduce(seed) { ($0 ^ UInt64(bitPattern: Int64($1))) &* 1_099_511_628_211 })
      var scores = generator.scores(vocabSize, ties: history.count % 2 == 0)
      if seed % 2 == 0 { scores[eos] += 0.4 * Float(history.count) }
      let total = scores.map { expf($0) }.reduce(0, +)
      return (scores.map { $0 - logf(total) }, history)
    }
  }

  /// Exercise 6.3, one beam-search step.
  static func beamStep(
    _ exercise: ([Float], [[Float]], Int) throws -> [(
      beam: Int, token: Int, logProbability: Float
    )] =
      PredictionExercises.beamStep
  ) throws {
    try handPicked {
      let one = try exercise([0], [[-2, -0.5, -1]], 1)
      try expectEqual(
        .beamStep, "one beam [0] over next [[-2, -0.5, -1]], beamSize 1 (greedy): tokens",
        got: one.map(\.token), expected: [1])
      let tie = try exercise([0, 0], [[-1, -1], [-1, -1]], 2)
      try expectEqual(
        .beamStep,
        "beams [0, 0] over next [[-1, -1], [-1, -1]], beamSize 2 (all tied: the first "
          + "candidates in beam then token order): (beam, token)",
        got: tie.map { [$0.beam, $0.token] }, expected: [[0, 0], [0, 1]])
      let what = "beams [-1, -2] over next [[-1, -2, -0.5], [-0.1, -3, -4]], beamSize 3"
      let got = try exercise([-1, -2], [[-1, -2, -0.5], [-0.1, -3, -4]], 3)
      try expectEqual(
        .beamStep, "\(what): beams chosen", got: got.map(\.beam), expected: [0, 0, 1])
      try expectEqual(
        .beamStep, "\(what): tokens chosen", got: got.map(\.token), expected: [2, 0, 0])
      try expectClose(
        .beamStep, "\(what): log-probabilities", got: got.map(\.logProbability),
        expected: [-1.5, -2, -2.1])
      let fromSecond = try exercise([-5, 0], [[-0.1, -0.2], [-1, -2]], 2)
      try expectEqual(
        .beamStep, "beams [-5, 0] over next [[-0.1, -0.2], [-1, -2]], beamSize 2: (beam, token)",
        got: fromSecond.map { [$0.beam, $0.token] }, expected: [[1, 0], [1, 1]])
    }
    let sizes = [
      SizeRange("beams", 1...4), SizeRange("vocab", 2...6), SizeRange("beamSize", 1...6),
    ]
    try randomCases(.beamStep, count: 10, sizes: sizes) { sizes, generator in
      let ties = Bool.random(using: &generator)
      let (beams, vocabSize, beamSize) = (sizes["beams"], sizes["vocab"], sizes["beamSize"])
      let beamLogProbabilities = generator.scores(beams, ties: ties)
      let next = (0..<beams).map { _ in generator.scores(vocabSize, ties: ties) }
      let what =
        "beams \(beamLogProbabilities) over next \(next), beamSize \(beamSize)"
        + (ties ? " (ties: earlier beam, then smaller token first)" : "")
      let got = try exercise(beamLogProbabilities, next, beamSize)
      let expected = bestContinuations(beamLogProbabilities, next, beamSize)
      try expectEqual(
        .beamStep, "\(what): (beam, token)", got: got.map { [$0.beam, $0.token] },
        expected: expected.map { [$0.beam, $0.token] })
      try expectClose(
        .beamStep, "\(what): log-probabilities", got: got.map(\.logProbability),
        expected: expected.map(\.logProbability))
    }
  }
}
