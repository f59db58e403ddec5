#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// D2L's sentence BLEU between a predicted and a reference sentence, tokens split at spaces:
///
/// ```
/// BLEU = exp(min(0, 1 - lenLabel / lenPred)) * prod_{n=1..k} p_n^(1 / 2^n)
/// ```
///
/// p_n is the n-gram precision with clipped counts: each predicted n-gram counts as a match at
/// most as often as it occurs in the reference. The exponent 1/2^n gives longer n-grams, which
/// are harder to match, more weight when they do match.
///
/// D2L's code divides by `lenPred - n + 1`, which is zero or negative when the prediction has
/// fewer than k tokens, and crashes. Here an n with no predicted n-grams has p_n = 0, so such a
/// prediction (and an empty one) scores 0, which is what the formula gives in the limit.
///
/// ```
/// d2lBLEU(prediction: "A B B C D", label: "A B C D E F", k: 2)  // 0.681477
/// ```
public func d2lBLEU(prediction: String, label: String, k: Int) -> Double {
  d2lBLEUParts(
    prediction: prediction.split(separator: " ").map(String.init),
    label: label.split(separator: " ").map(String.init), k: k
  ).score
}

/// D2L's BLEU with its parts, for lessons and figures: which predicted n-grams matched (clipped),
/// each p_n, the brevity penalty and the score.
public struct D2LBLEUParts: Sendable, Equatable {
  /// For n = 1...k, whether each predicted n-gram found an unused match in the reference.
  public let matches: [[Bool]]
  /// p_1 ... p_k; 0 where the prediction has no n-grams.
  public let precisions: [Double]
  /// exp(min(0, 1 - lenLabel / lenPred)); 0 for an empty prediction.
  public let brevityPenalty: Double
  /// The brevity penalty times the product of p_n^(1/2^n).
  public let score: Double
}

/// The parts of D2L's BLEU of tokenised sentences (see `d2lBLEU`).
public func d2lBLEUParts(prediction: [String], label: [String], k: Int) -> D2LBLEUParts {
  let brevityPenalty =
    prediction.isEmpty
    ? 0 : exp(min(0, 1 - Double(label.count) / Double(prediction.count)))
  var matches: [[Bool]] = []
  var precisions: [Double] = []
  var score = brevityPenalty
  for n in 1...max(k, 1) {
    var available = NGrams.counts(label, n: n)
    var matched: [Bool] = []
    for start in stride(from: 0, to: prediction.count - n + 1, by: 1) {
      let ngram = Array(prediction[start..<(start + n)])
      let hit = (available[ngram] ?? 0) > 0
      if hit { available[ngram]! -= 1 }
      matched.append(hit)
    }
    let precision = matched.isEmpty ? 0 : Double(matched.count { $0 }) / Double(matched.count)
    matches.append(matched)
    precisions.append(precision)
    score *= pow(precision, pow(0.5, Double(n)))
  }
  return D2LBLEUParts(
    matches: matches, precisions: precisions, brevityPenalty: brevityPenalty, score: score)
}
