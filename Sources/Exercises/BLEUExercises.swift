// Your exercises. Replace each `throw ExerciseError.notImplemented(...)` between BEGIN and END
// with your code; check with `swift run exercises`. Hints: `swift run exercises hint X.Y`.
// (Generated from Sources/ExerciseSolutions by .ci/make-exercise-stubs.)

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
    throw ExerciseError.notImplemented("7.1")
    // END Exercise 7.1
  }

  /// TODO(Exercise 7.2): D2L's brevity penalty exp(min(0, 1 - lenLabel / lenPred)); 0 for an
  /// empty prediction.
  public static func brevityPenalty(predictionLength: Int, labelLength: Int) throws -> Double {
    // BEGIN Exercise 7.2
    throw ExerciseError.notImplemented("7.2")
    // END Exercise 7.2
  }

  /// TODO(Exercise 7.3): D2L's BLEU of two space-separated sentences with n-grams up to k:
  /// brevity penalty times the product of p_n^(1/2^n).
  public static func bleu(prediction: String, label: String, k: Int) throws -> Double {
    // BEGIN Exercise 7.3
    throw ExerciseError.notImplemented("7.3")
    // END Exercise 7.3
  }
}
