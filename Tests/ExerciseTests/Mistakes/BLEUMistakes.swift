import BLEU
import Foundation

@testable import ExerciseChecks

/// Exercises 7.1-7.3.
let bleuMistakes: [Mistake] = [
  Mistake(.clippedPrecision, "does not clip: every predicted n-gram found in the reference matches")
  {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let (predicted, available) = (ngrams(prediction, n), Set(ngrams(reference, n)))
      return predicted.isEmpty
        ? 0 : Double(predicted.count { available.contains($0) }) / Double(predicted.count)
    }
  },
  Mistake(.clippedPrecision, "clips by distinct n-grams (a set instead of counts)") {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let predicted = ngrams(prediction, n)
      let common = Set(predicted).intersection(ngrams(reference, n))
      return predicted.isEmpty ? 0 : Double(common.count) / Double(predicted.count)
    }
  },
  Mistake(.clippedPrecision, "divides by the reference's n-grams") {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let parts = d2lBLEUParts(prediction: prediction, label: reference, k: n)
      let matches = parts.matches[n - 1].count { $0 }
      return Double(matches) / Double(max(ngrams(reference, n).count, 1))
    }
  },
  Mistake(.clippedPrecision, "divides by 0 for an empty prediction") {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let parts = d2lBLEUParts(prediction: prediction, label: reference, k: n)
      return Double(parts.matches[n - 1].count { $0 }) / Double(ngrams(prediction, n).count)
    }
  },
  Mistake(.clippedPrecision, "misses the last n-gram") {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let predicted = Array(ngrams(prediction, n).dropLast())
      var available: [[String]: Int] = [:]
      for ngram in ngrams(reference, n) { available[ngram, default: 0] += 1 }
      var matches = 0
      for ngram in predicted where (available[ngram] ?? 0) > 0 {
        matches += 1
        available[ngram]! -= 1
      }
      return predicted.isEmpty ? 0 : Double(matches) / Double(predicted.count)
    }
  },
  Mistake(.clippedPrecision, "counts each n-gram by its words joined without a space") {
    try BLEUChecks.clippedPrecision { prediction, reference, n in
      let joined = { (tokens: [String]) in ngrams(tokens, n).map { $0.joined() } }
      var available: [String: Int] = [:]
      for ngram in joined(reference) { available[ngram, default: 0] += 1 }
      var matches = 0
      for ngram in joined(prediction) where (available[ngram] ?? 0) > 0 {
        matches += 1
        available[ngram]! -= 1
      }
      let count = joined(prediction).count
      return count == 0 ? 0 : Double(matches) / Double(count)
    }
  },
  Mistake(.brevityPenalty, "inverted: exp(min(0, 1 - predictionLength / labelLength))") {
    try BLEUChecks.brevityPenalty { prediction, label in
      prediction == 0 ? 0 : exp(min(0, 1 - Double(prediction) / Double(label)))
    }
  },
  Mistake(.brevityPenalty, "integer division") {
    try BLEUChecks.brevityPenalty { prediction, label in
      prediction == 0 ? 0 : exp(min(0, 1 - Double(label / prediction)))
    }
  },
  Mistake(.brevityPenalty, "no min(0, ...): a long prediction gets a bonus") {
    try BLEUChecks.brevityPenalty { prediction, label in
      prediction == 0 ? 0 : exp(1 - Double(label) / Double(prediction))
    }
  },
  Mistake(.brevityPenalty, "an empty prediction gets 1") {
    try BLEUChecks.brevityPenalty { prediction, label in
      prediction == 0 ? 1 : exp(min(0, 1 - Double(label) / Double(prediction)))
    }
  },
  Mistake(.bleu, "weights 1/k instead of 1/2^n") {
    try BLEUChecks.bleu { prediction, label, k in
      let parts = bleuParts(prediction, label, k)
      return parts.precisions.reduce(parts.brevityPenalty) { $0 * pow($1, 1 / Double(k)) }
    }
  },
  Mistake(.bleu, "no brevity penalty") {
    try BLEUChecks.bleu { prediction, label, k in
      bleuParts(prediction, label, k).precisions.enumerated().reduce(1) {
        $0 * pow($1.element, pow(0.5, Double($1.offset + 1)))
      }
    }
  },
  Mistake(.bleu, "the brevity penalty written inline without min(0, ...)") {
    try BLEUChecks.bleu { prediction, label, k in
      let (p, l) = (words(prediction).count, words(label).count)
      let penalty = p == 0 ? 0 : exp(1 - Double(l) / Double(p))
      return bleuParts(prediction, label, k).precisions.enumerated().reduce(penalty) {
        $0 * pow($1.element, pow(0.5, Double($1.offset + 1)))
      }
    }
  },
  Mistake(.bleu, "n from 1 to k - 1") {
    try BLEUChecks.bleu { prediction, label, k in
      let parts = bleuParts(prediction, label, k)
      return parts.precisions.dropLast().enumerated().reduce(parts.brevityPenalty) {
        $0 * pow($1.element, pow(0.5, Double($1.offset + 1)))
      }
    }
  },
  Mistake(.bleu, "the prediction and the label swapped in the brevity penalty") {
    try BLEUChecks.bleu { prediction, label, k in
      let parts = bleuParts(prediction, label, k)
      let (p, l) = (words(prediction).count, words(label).count)
      let penalty = l == 0 ? 0 : exp(min(0, 1 - Double(p) / Double(l)))
      return parts.precisions.enumerated().reduce(penalty) {
        $0 * pow($1.element, pow(0.5, Double($1.offset + 1)))
      }
    }
  },
  Mistake(.bleu, "splits the sentences into characters, not words") {
    try BLEUChecks.bleu { prediction, label, k in
      d2lBLEUParts(prediction: prediction.map(String.init), label: label.map(String.init), k: k)
        .score
    }
  },
]

private func ngrams(_ tokens: [String], _ n: Int) -> [[String]] {
  tokens.count < n ? [] : (0...(tokens.count - n)).map { Array(tokens[$0..<($0 + n)]) }
}

private func words(_ sentence: String) -> [String] {
  sentence.split(separator: " ").map(String.init)
}

private func bleuParts(_ prediction: String, _ label: String, _ k: Int) -> D2LBLEUParts {
  d2lBLEUParts(prediction: words(prediction), label: words(label), k: k)
}
