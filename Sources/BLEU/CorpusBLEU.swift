import Dispatch
import Synchronization

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
  /// reference of sentence i (one array per reference stream, each as long as `hypotheses`,
  /// sacrebleu's `corpus_score(hypotheses, references)`).
  public func score(hypotheses: [String], references: [[String]]) -> BLEUScore {
    precondition(
      references.allSatisfy { $0.count == hypotheses.count },
      "CorpusBLEU: every reference stream needs one line per hypothesis")
    return score(
      hypotheses: hypotheses,
      referenceSets: hypotheses.indices.map { line in references.map { $0[line] } })
  }

  /// The BLEU of `hypotheses` against `referenceSets`, where `referenceSets[i]` holds every
  /// reference of sentence i, as many as it has: a sentence with several
  /// translations, such as Tatoeba's, scored once against all of them. sacrebleu does the same
  /// with reference streams padded with `None` where a sentence has fewer references.
  ///
  /// Large corpora are scored in two halves on two threads; the counts are integers, so the sum
  /// is the same as one pass.
  public func score(hypotheses: [String], referenceSets: [[String]]) -> BLEUScore {
    precondition(
      referenceSets.count == hypotheses.count, "CorpusBLEU: one reference set per hypothesis")
    let count = hypotheses.count
    var total = Statistics(maxOrder: maxOrder)
    if count < 10_000 {
      total = statistics(hypotheses, referenceSets, lines: 0..<count)
    } else {
      let halves = [0..<(count / 2), (count / 2)..<count]
      let parts = Mutex([Statistics](repeating: total, count: 2))
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        let statistics = statistics(hypotheses, referenceSets, lines: halves[half])
        parts.withLock { $0[half] = statistics }
      }
      total = parts.withLock { $0[0].adding($0[1]) }
    }
    return combine(
      correct: total.correct, total: total.total, sysLen: total.sysLen, refLen: total.refLen)
  }

  /// The n-gram counts and lengths of some lines of a corpus.
  struct Statistics: Sendable {
    /// Matched (clipped) and hypothesis n-grams, by order.
    var correct: [Int]
    var total: [Int]
    /// Hypothesis tokens and closest-reference tokens.
    var sysLen = 0
    var refLen = 0

    init(maxOrder: Int) {
      correct = Array(repeating: 0, count: maxOrder)
      total = correct
    }

    /// Both counts summed.
    func adding(_ other: Statistics) -> Statistics {
      var sum = self
      for n in correct.indices {
        sum.correct[n] += other.correct[n]
        sum.total[n] += other.total[n]
      }
      sum.sysLen += other.sysLen
      sum.refLen += other.refLen
      return sum
    }
  }

  /// Counts the lines `lines`: each hypothesis n-gram matches up to the most times it occurs in
  /// any one reference.
  func statistics(_ hypotheses: [String], _ referenceSets: [[String]], lines: Range<Int>)
    -> Statistics
  {
    var statistics = Statistics(maxOrder: maxOrder)
    // Token ids need only agree within one line's hypothesis and references.
    var vocabulary: [ArraySlice<UInt8>: Int32] = [:]
    for index in lines {
      let hypothesisIDs = ids(hypotheses[index], &vocabulary)
      let referenceIDs = referenceSets[index].map { ids($0, &vocabulary) }
      statistics.sysLen += hypothesisIDs.count
      statistics.refLen += closest(referenceIDs.map(\.count), to: hypothesisIDs.count)
      for order in 1...maxOrder {
        let ngrams = sortedNGrams(hypothesisIDs, order: order)
        statistics.total[order - 1] += ngrams.count
        statistics.correct[order - 1] += clippedMatches(
          ngrams, references: referenceIDs.map { sortedNGrams($0, order: order) })
      }
      // One vocabulary per line keeps it small; clearing keeps its storage.
      vocabulary.removeAll(keepingCapacity: true)
    }
    return statistics
  }

  /// How many of the sorted hypothesis n-grams match, each n-gram counted at most as often as it
  /// occurs in one reference (the most generous): equal n-grams sit together in sorted lists, so
  /// one merge compares the hypothesis with every reference.
  private func clippedMatches(_ ngrams: [NGram], references: [[NGram]]) -> Int {
    var matched = 0
    var positions = [Int](repeating: 0, count: references.count)
    var start = 0
    while start < ngrams.count {
      let ngram = ngrams[start]
      var end = start + 1
      while end < ngrams.count && ngrams[end] == ngram { end += 1 }
      var referenceCount = 0
      for (j, reference) in references.enumerated() {
        var position = positions[j]
        while position < reference.count && reference[position] < ngram { position += 1 }
        let first = position
        while position < reference.count && reference[position] == ngram { position += 1 }
        positions[j] = position
        referenceCount = max(referenceCount, position - first)
      }
      matched += min(end - start, referenceCount)
      start = end
    }
    return matched
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

  /// The sentence's tokens as ids, `rstrip`ped, lowercased and tokenised as configured. Tokens
  /// are told apart by their UTF-8 bytes, that is code point by code point, as Python's strings.
  private func ids(_ sentence: String, _ vocabulary: inout [ArraySlice<UInt8>: Int32]) -> [Int32] {
    var text = String(pythonRStrip(Substring(sentence)))
    if lowercase { text = text.lowercased() }
    let bytes: [UInt8]
    let tokens: [Range<Int>]
    if tokenize {
      (bytes, tokens) = tokenize13aRuns(text)
    } else {
      bytes = Array(text.utf8)
      tokens = whitespaceRuns(bytes)
    }
    return tokens.map { range in
      let token = bytes[range]
      if let id = vocabulary[token] { return id }
      let id = Int32(vocabulary.count)
      vocabulary[token] = id
      return id
    }
  }

  /// The n-grams of one order, sorted.
  private func sortedNGrams(_ ids: [Int32], order: Int) -> [NGram] {
    guard ids.count >= order else { return [] }
    return (0...(ids.count - order)).map { NGram(ids[$0..<($0 + order)]) }.sorted()
  }

  /// The reference length closest to `length`, the shorter on a tie (sacrebleu's rule).
  private func closest(_ lengths: [Int], to length: Int) -> Int {
    lengths.min { (abs($0 - length), $0) < (abs($1 - length), $1) } ?? 0
  }
}

/// Up to four token ids, an n-gram key that sorts: the ids packed two to a 64-bit word (n-grams
/// are only compared with others of their order).
struct NGram: Comparable {
  let high: UInt64
  let low: UInt64

  init(_ slice: ArraySlice<Int32>) {
    var words = SIMD4<UInt64>()
    for (lane, id) in slice.prefix(4).enumerated() { words[lane] = UInt64(UInt32(bitPattern: id)) }
    high = words[0] << 32 | words[1]
    low = words[2] << 32 | words[3]
  }

  static func < (a: NGram, b: NGram) -> Bool { (a.high, a.low) < (b.high, b.low) }
}
