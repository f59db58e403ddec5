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
  let predicted = prediction.split(separator: " ").map(String.init)
  let reference = label.split(separator: " ").map(String.init)
  guard !predicted.isEmpty else { return 0 }
  let (lenPred, lenLabel) = (Double(predicted.count), Double(reference.count))
  var score = exp(min(0, 1 - lenLabel / lenPred))
  for n in 1...max(k, 1) {
    let predictedNGrams = predicted.count - n + 1
    guard predictedNGrams > 0 else { return 0 }
    var available = NGrams.counts(reference, n: n)
    var matches = 0
    for start in 0..<predictedNGrams {
      let ngram = Array(predicted[start..<(start + n)])
      if let count = available[ngram], count > 0 {
        matches += 1
        available[ngram] = count - 1
      }
    }
    score *= pow(Double(matches) / Double(predictedNGrams), pow(0.5, Double(n)))
  }
  return score
}
