import ExerciseSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Exercises 7: BLEU.
public enum BLEUExercises {
  // MARK: Worked example
  /// A worked example: the n-grams of a token list, in order: `exampleNGrams(["a", "b", "c"], 2)`
  /// is `[["a", "b"], ["b", "c"]]`; none when there are fewer than n tokens.
  public static func exampleNGrams(_ tokens: [String], _ n: Int) -> [[String]] {
    tokens.count < n ? [] : (0...(tokens.count - n)).map { Array(tokens[$0..<($0 + n)]) }
  }

  /// TODO(Exercise 7.1): the clipped n-gram precision p_n: the number of predicted n-grams that
  /// match a reference n-gram, each reference n-gram usable as often as it occurs, divided by
  /// the number of predicted n-grams. 0 when the prediction has no n-grams.
  public static func clippedPrecision(prediction: [String], reference: [String], n: Int) throws
    -> Double
  {
    // BEGIN Exercise 7.1
    let predicted = exampleNGrams(prediction, n)
    guard !predicted.isEmpty else { return 0 }
    var available: [[String]: Int] = [:]
    for ngram in exampleNGrams(reference, n) { available[ngram, default: 0] += 1 }
    var matches = 0
    for ngram in predicted where (available[ngram] ?? 0) > 0 {
      matches += 1
      available[ngram]! -= 1
    }
    return Double(matches) / Double(predicted.count)
    // END Exercise 7.1
  }

  /// TODO(Exercise 7.2): D2L's brevity penalty exp(min(0, 1 - lenLabel / lenPred)); 0 for an
  /// empty prediction.
  public static func brevityPenalty(predictionLength: Int, labelLength: Int) throws -> Double {
    // BEGIN Exercise 7.2
    guard predictionLength > 0 else { return 0 }
    return exp(min(0, 1 - Double(labelLength) / Double(predictionLength)))
    // END Exercise 7.2
  }

  /// TODO(Exercise 7.3): D2L's BLEU of two space-separated sentences with n-grams up to k:
  /// brevity penalty times the product of p_n^(1/2^n).
  public static func bleu(prediction: String, label: String, k: Int) throws -> Double {
    // BEGIN Exercise 7.3
    let predicted = prediction.split(separator: " ").map(String.init)
    let reference = label.split(separator: " ").map(String.init)
    var score = try brevityPenalty(predictionLength: predicted.count, labelLength: reference.count)
    for n in 1...k {
      let precision = try clippedPrecision(prediction: predicted, reference: reference, n: n)
      score *= pow(precision, pow(0.5, Double(n)))
    }
    return score
    // END Exercise 7.3
  }
}
