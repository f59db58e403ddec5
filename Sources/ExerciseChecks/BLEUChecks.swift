import BLEU
import ExerciseSupport
import Exercises
import TensorCore

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
    try handPicked {
      for (prediction, reference, n, expected) in cases {
        try expectClose(
          .clippedPrecision, "p_\(n) of \(prediction) against \(reference)",
          got: [Float(try exercise(prediction, reference, n))], expected: [Float(expected)])
      }
    }
    let sizes = [
      SizeRange("prediction", 0...7), SizeRange("reference", 1...7), SizeRange("n", 1...3),
    ]
    try randomCases(.clippedPrecision, count: 24, sizes: sizes) { sizes, generator in
      let prediction = generator.prediction(sizes["prediction"])
      let reference = generator.words(sizes["reference"], sharing: prediction)
      let n = sizes["n"]
      try expectClose(
        .clippedPrecision, "p_\(n) of \(prediction) against \(reference)",
        got: [Float(try exercise(prediction, reference, n))],
        expected: [
          Float(d2lBLEUParts(prediction: prediction, label: reference, k: n).precisions[n - 1])
        ])
    }
  }

  /// Exercise 7.2, the brevity penalty.
  static func brevityPenalty(
    _ exercise: (Int, Int) throws -> Double = BLEUExercises.brevityPenalty
  ) throws {
    let cases: [(Int, Int, Double)] = [
      (0, 3, 0), (4, 4, 1), (7, 3, 1), (5, 6, 0.818_730_8), (2, 5, 0.223_130_2),
    ]
    try handPicked {
      for (prediction, label, expected) in cases {
        try expectClose(
          .brevityPenalty, "penalty for \(prediction) predicted and \(label) reference tokens",
          got: [Float(try exercise(prediction, label))], expected: [Float(expected)])
      }
    }
    try randomCases(
      .brevityPenalty, count: 12,
      sizes: [SizeRange("prediction", 0...9), SizeRange("label", 1...9)]
    ) {
      sizes, _ in
      let (prediction, label) = (sizes["prediction"], sizes["label"])
      let parts = d2lBLEUParts(
        prediction: Array(repeating: "a", count: prediction),
        label: Array(repeating: "a", count: label), k: 1)
      try expectClose(
        .brevityPenalty, "penalty for \(prediction) predicted and \(label) reference tokens",
        got: [Float(try exercise(prediction, label))], expected: [Float(parts.brevityPenalty)])
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
    func check(_ prediction: String, _ label: String, _ k: Int) throws {
      try expectClose(
        .bleu, "BLEU (k = \(k)) of \"\(prediction)\" against \"\(label)\"",
        got: [Float(try exercise(prediction, label, k))],
        expected: [Float(d2lBLEU(prediction: prediction, label: label, k: k))], tolerance: 1e-6)
    }
    try handPicked {
      for (prediction, label, k) in cases { try check(prediction, label, k) }
    }
    let sizes = [SizeRange("prediction", 0...6), SizeRange("label", 1...6), SizeRange("k", 1...4)]
    try randomCases(.bleu, count: 12, sizes: sizes) { sizes, generator in
      let prediction = generator.prediction(sizes["prediction"])
      let label = generator.words(sizes["label"], sharing: prediction)
      try check(
        prediction.joined(separator: " "), label.joined(separator: " "), sizes["k"])
    }
  }
}
