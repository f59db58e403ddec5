import BLEU
import ExerciseSupport
import Exercises

/// The checks of concept 7, BLEU.
enum BLEUChecks {
  /// Exercise 7.1, clipped n-gram precision.
  static func clippedPrecision(
    _ exercise: ([String], [String], Int) throws -> Double = BLEUExercises.clippedPrecision
  ) throws {
    let cases: [([String], [String], Int, Double)] = [
      ([], ["va"], 1, 0),
      (["va"], ["va", "!"], 2, 0),
      (["va", "!"], ["va", "!"], 2, 1),
      (["the", "the", "the"], ["the", "cat"], 1, 1.0 / 3),
      (["the", "the", "the"], ["the", "the", "cat"], 1, 2.0 / 3),
      (["A", "B", "B", "C", "D"], ["A", "B", "C", "D", "E", "F"], 1, 0.8),
      (["A", "B", "B", "C", "D"], ["A", "B", "C", "D", "E", "F"], 2, 0.75),
      (["A", "B", "A", "B", "A", "B"], ["A", "B", "C", "A", "B"], 2, 0.4),
    ]
    for (prediction, reference, n, expected) in cases {
      try expectClose(
        .clippedPrecision, "p_\(n) of \(prediction) against \(reference)",
        got: [Float(try exercise(prediction, reference, n))], expected: [Float(expected)])
    }
  }

  /// Exercise 7.2, the brevity penalty.
  static func brevityPenalty(
    _ exercise: (Int, Int) throws -> Double = BLEUExercises.brevityPenalty
  ) throws {
    let cases: [(Int, Int, Double)] = [
      (0, 3, 0), (4, 4, 1), (7, 3, 1), (5, 6, 0.818_730_8), (2, 5, 0.223_130_2),
    ]
    for (prediction, label, expected) in cases {
      try expectClose(
        .brevityPenalty, "penalty for \(prediction) predicted and \(label) reference tokens",
        got: [Float(try exercise(prediction, label))], expected: [Float(expected)])
    }
  }

  /// Exercise 7.3, D2L's BLEU.
  static func bleu(
    _ exercise: (String, String, Int) throws -> Double = BLEUExercises.bleu
  ) throws {
    let cases = [
      ("", "va !", 2), ("va", "va !", 2), ("va !", "va !", 2),
      ("il est riche .", "il est calme .", 2),
      ("je suis en retard ?", "je suis chez moi .", 2), ("A B B C D", "A B C D E F", 2),
      ("A B B C D", "A B C D E F", 3),
      // A prediction longer than its label: no bonus, the penalty stays 1.
      ("A B C D E F", "A B C", 2),
    ]
    for (prediction, label, k) in cases {
      try expectClose(
        .bleu, "BLEU (k = \(k)) of \"\(prediction)\" against \"\(label)\"",
        got: [Float(try exercise(prediction, label, k))],
        expected: [Float(d2lBLEU(prediction: prediction, label: label, k: k))], tolerance: 1e-6)
    }
  }
}
