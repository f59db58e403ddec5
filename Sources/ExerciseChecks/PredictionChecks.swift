import Exercises
import Prediction

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum PredictionChecks {
  static func argmax() throws {
    try expectEqual(
      "6.1", "argmax([0.1, 0.7, 0.2])", got: try PredictionExercises.argmax([0.1, 0.7, 0.2]),
      expected: 1)
    try expectEqual(
      "6.1", "argmax with a tie [3, 5, 5]", got: try PredictionExercises.argmax([3, 5, 5]),
      expected: 1)
    try expectEqual(
      "6.1", "argmax of one score", got: try PredictionExercises.argmax([-2]), expected: 0)
    try expectEqual(
      "6.1", "argmax of negatives", got: try PredictionExercises.argmax([-3, -1, -2]), expected: 1)
  }

  /// D2L's example: tokens A, B, C, <eos> = 3, with the book's conditional probabilities.
  static let table: [[Int]: [Float]] = [
    []: [0.5, 0.2, 0.2, 0.1], [0]: [0.1, 0.4, 0.3, 0.2], [0, 1]: [0.2, 0.2, 0.4, 0.2],
    [0, 1, 2]: [0.1, 0.1, 0.2, 0.6], [0, 2]: [0.1, 0.6, 0.2, 0.1],
    [0, 2, 1]: [0.1, 0.2, 0.1, 0.6],
  ]

  static func step(_ token: Int, _ prefix: [Int]) -> (logProbabilities: [Float], state: [Int]) {
    let path = prefix + (token < 0 ? [] : [token])
    return ((table[path] ?? [0.25, 0.25, 0.25, 0.25]).map { logf($0) }, path)
  }

  static func greedyDecode() throws {
    try expectEqual(
      "6.2", "greedy on D2L's example",
      got: try PredictionExercises.greedyDecode(
        bos: -1, eos: 3, maxSteps: 10, initial: [Int](), step: step),
      expected: [0, 1, 2])
    try expectEqual(
      "6.2", "greedy cut at maxSteps 2",
      got: try PredictionExercises.greedyDecode(
        bos: -1, eos: 3, maxSteps: 2, initial: [Int](), step: step),
      expected: [0, 1])
    let stopAtOnce: (Int, Int) -> (logProbabilities: [Float], state: Int) = { _, state in
      ([-5, -0.1], state)
    }
    try expectEqual(
      "6.2", "a model that says <eos> first",
      got: try PredictionExercises.greedyDecode(
        bos: 0, eos: 1, maxSteps: 5, initial: 0, step: stopAtOnce),
      expected: [])
  }

  static func beamStep() throws {
    let next: [[Float]] = [[-1, -2, -0.5], [-0.1, -3, -4]]
    let got = try PredictionExercises.beamStep(
      beamLogProbabilities: [-1, -2], next: next, beamSize: 3)
    try expectEqual("6.3", "beams chosen", got: got.map(\.beam), expected: [0, 0, 1])
    try expectEqual("6.3", "tokens chosen", got: got.map(\.token), expected: [2, 0, 0])
    try expectClose(
      "6.3", "log-probabilities", got: got.map(\.logProbability), expected: [-1.5, -2, -2.1])
    let tie = try PredictionExercises.beamStep(
      beamLogProbabilities: [0, 0], next: [[-1, -1], [-1, -1]], beamSize: 2)
    try expectEqual(
      "6.3", "order on a tie", got: tie.map { [$0.beam, $0.token] }, expected: [[0, 0], [0, 1]])
    let one = try PredictionExercises.beamStep(
      beamLogProbabilities: [0], next: [[-2, -0.5, -1]], beamSize: 1)
    try expectEqual("6.3", "a beam of size 1 is greedy", got: one.map(\.token), expected: [1])
  }
}
