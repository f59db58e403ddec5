#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The standard corpus BLEU (Papineni et al.), computed as sacrebleu does by default: 13a
/// tokenisation, n-grams up to 4, exponential smoothing of zero precisions, brevity penalty
/// against the closest reference length, any number of references.
///
/// ```
/// BLEU = BP * exp((1/4) sum_{n=1..4} log p_n)        p_n = matched n-grams / hypothesis n-grams
/// BP   = min(1, exp(1 - refLen / sysLen))
/// ```
/// Counts are summed over the whole corpus before the precisions are taken, so BLEU is not the
/// mean of sentence scores.
public struct CorpusBLEU: Sendable {
  /// The longest n-grams counted, at most 4.
  public var maxOrder = 4 {
    didSet { precondition((1...4).contains(maxOrder), "CorpusBLEU: maxOrder must be 1...4") }
  }
  /// sacrebleu's `exp` smoothing: the k-th zero precision becomes 100 / (2^k * total).
  public var smoothing = true
  /// Stop at the last order with any hypothesis n-gram (sacrebleu's `effective_order`; on for
  /// sentence-level scores, so short sentences are not scored 0).
  public var effectiveOrder = false
  /// Lowercase before tokenising (`-lc`).
  public var lowercase = false
  /// Tokenise with 13a (else split at whitespace only, sacrebleu's `-tok none`).
  public var tokenize = true

  /// sacrebleu's defaults.
  public init() {}

  /// The BLEU of `hypotheses` against `references`, where `references[j][i]` is the j-th
  /// reference of sentence i (one array per reference stream, each as long as `hypotheses`).
  public func score(hypotheses: [String], references: [[String]]) -> BLEUScore {
    precondition(
      references.allSatisfy { $0.count == hypotheses.count },
      "CorpusBLEU: every reference stream needs one line per hypothesis")
    var vocabulary: [String: Int32] = [:]
    var correct = [Int](repeating: 0, count: maxOrder)
    var total = [Int](repeating: 0, count: maxOrder)
    var (sysLen, refLen) = (0, 0)
    for (index, hypothesis) in hypotheses.enumerated() {
      let hypothesisIDs = ids(hypothesis, &vocabulary)
      var referenceCounts: [NGram: Int] = [:]
      var referenceLengths: [Int] = []
      for stream in references {
        let referenceIDs = ids(stream[index], &vocabulary)
        referenceLengths.append(referenceIDs.count)
        for (ngram, count) in ngramCounts(referenceIDs) {
          referenceCounts[ngram] = max(referenceCounts[ngram] ?? 0, count)
        }
      }
      sysLen += hypothesisIDs.count
      refLen += closest(referenceLengths, to: hypothesisIDs.count)
      for (ngram, count) in ngramCounts(hypothesisIDs) {
        total[ngram.order - 1] += count
        correct[ngram.order - 1] += min(count, referenceCounts[ngram] ?? 0)
      }
    }
    return combine(correct: correct, total: total, sysLen: sysLen, refLen: refLen)
  }

  /// The BLEU of one sentence against its references, with effective order as sacrebleu's
  /// `--sentence-level`.
  public func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
    var sentence = self
    sentence.effectiveOrder = true
    return sentence.score(hypotheses: [hypothesis], references: references.map { [$0] })
  }

  /// sacrebleu's `compute_bleu`: precisions (smoothed), brevity penalty, geometric mean.
  func combine(correct: [Int], total: [Int], sysLen: Int, refLen: Int) -> BLEUScore {
    let brevityPenalty =
      sysLen < refLen ? (sysLen > 0 ? exp(1 - Double(refLen) / Double(sysLen)) : 0) : 1
    var precisions = [Double](repeating: 0, count: maxOrder)
    guard correct.contains(where: { $0 > 0 }) else {
      return BLEUScore(
        score: 0, correct: correct, total: total, precisions: precisions,
        brevityPenalty: brevityPenalty, sysLen: sysLen, refLen: refLen)
    }
    var smoothingFactor = 1.0
    var order = maxOrder
    for n in 1...maxOrder {
      if total[n - 1] == 0 { break }
      if effectiveOrder { order = n }
      if correct[n - 1] == 0 {
        if smoothing {
          smoothingFactor *= 2
          precisions[n - 1] = 100 / (smoothingFactor * Double(total[n - 1]))
        }
      } else {
        precisions[n - 1] = 100 * Double(correct[n - 1]) / Double(total[n - 1])
      }
    }
    // sacrebleu's my_log: log 0 is floored to -9999999999.
    let logs = precisions.prefix(order).map { $0 == 0 ? -9_999_999_999 : log($0) }
    let score = brevityPenalty * exp(logs.reduce(0, +) / Double(order))
    return BLEUScore(
      score: score, correct: correct, total: total, precisions: precisions,
      brevityPenalty: brevityPenalty, sysLen: sysLen, refLen: refLen)
  }

  /// The sentence's tokens as ids, `rstrip`ped, lowercased and tokenised as configured.
  private func ids(_ sentence: String, _ vocabulary: inout [String: Int32]) -> [Int32] {
    var text = String(pythonRStrip(Substring(sentence)))
    if lowercase { text = text.lowercased() }
    let tokens = tokenize ? tokenize13a(text) : splitAtWhitespace(text.unicodeScalars)
    return tokens.map { token in
      if let id = vocabulary[token] { return id }
      let id = Int32(vocabulary.count)
      vocabulary[token] = id
      return id
    }
  }

  /// How often each n-gram of order 1...maxOrder occurs.
  private func ngramCounts(_ ids: [Int32]) -> [NGram: Int] {
    var counts: [NGram: Int] = [:]
    counts.reserveCapacity(ids.count * maxOrder)
    for order in 1...maxOrder where ids.count >= order {
      for start in 0...(ids.count - order) {
        counts[NGram(ids[start..<(start + order)]), default: 0] += 1
      }
    }
    return counts
  }

  /// The reference length closest to `length`, the shorter on a tie (sacrebleu's rule).
  private func closest(_ lengths: [Int], to length: Int) -> Int {
    lengths.min { (abs($0 - length), $0) < (abs($1 - length), $1) } ?? 0
  }
}

/// Up to four token ids, a hashable n-gram key.
struct NGram: Hashable {
  let ids: SIMD4<Int32>
  let order: Int

  init(_ slice: ArraySlice<Int32>) {
    var ids = SIMD4<Int32>(repeating: -1)
    for (lane, id) in slice.enumerated() where lane < 4 { ids[lane] = id }
    self.ids = ids
    order = slice.count
  }
}
