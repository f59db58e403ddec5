import BLEU
import Exercises

enum BLEUChecks {
  static func clippedPrecision() throws {
    let cases: [([String], [String], Int, Double)] = [
      (["A", "B", "B", "C", "D"], ["A", "B", "C", "D", "E", "F"], 1, 0.8),
      (["A", "B", "B", "C", "D"], ["A", "B", "C", "D", "E", "F"], 2, 0.75),
      (["the", "the", "the"], ["the", "cat"], 1, 1.0 / 3),
      (["va"], ["va", "!"], 2, 0),
      ([], ["va"], 1, 0),
    ]
    for (prediction, reference, n, expected) in cases {
      let got = try BLEUExercises.clippedPrecision(
        prediction: prediction, reference: reference, n: n)
      try expectClose(
        "7.1", "p_\(n) of \(prediction) against \(reference)", got: [Float(got)],
        expected: [Float(expected)])
    }
  }

  static func brevityPenalty() throws {
    let cases: [(Int, Int, Double)] = [(5, 6, 0.818_730_8), (4, 4, 1), (7, 3, 1), (0, 3, 0)]
    for (prediction, label, expected) in cases {
      let got = try BLEUExercises.brevityPenalty(predictionLength: prediction, labelLength: label)
      try expectClose(
        "7.2", "penalty for \(prediction) predicted and \(label) reference tokens",
        got: [Float(got)], expected: [Float(expected)])
    }
  }

  static func bleu() throws {
    let cases = [
      ("A B B C D", "A B C D E F"), ("il est riche .", "il est calme ."),
      ("je suis en retard ?", "je suis chez moi ."), ("va", "va !"), ("", "va !"),
    ]
    for (prediction, label) in cases {
      let got = try BLEUExercises.bleu(prediction: prediction, label: label, k: 2)
      try expectClose(
        "7.3", "BLEU of \"\(prediction)\" against \"\(label)\"",
        got: [Float(got)], expected: [Float(d2lBLEU(prediction: prediction, label: label, k: 2))],
        tolerance: 1e-6)
    }
  }
}
