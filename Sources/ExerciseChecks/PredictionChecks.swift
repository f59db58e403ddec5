import ExerciseSupport
import Exercises
import Prediction

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
    for (scores, expected) in cases {
      try expectEqual(
        .argmax,
        "argmax(\(scores))\(Set(scores).count < scores.count ? " (a tie: the first)" : "")",
        got: try exercise(scores), expected: expected)
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
    for (what, maxSteps, step, expected) in cases {
      try expectEqual(
        .greedyDecode, "greedy on \(what), <bos> = -1, <eos> = 3, maxSteps \(maxSteps)",
        got: try exercise(-1, 3, maxSteps, step), expected: expected)
    }
  }

  /// Exercise 6.3, one beam-search step.
  static func beamStep(
    _ exercise: ([Float], [[Float]], Int) throws -> [(
      beam: Int, token: Int, logProbability: Float
    )] =
      PredictionExercises.beamStep
  ) throws {
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
    try expectEqual(.beamStep, "\(what): beams chosen", got: got.map(\.beam), expected: [0, 0, 1])
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
}
