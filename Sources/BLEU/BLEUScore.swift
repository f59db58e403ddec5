import Formatting

/// A BLEU score with the statistics it came from, as sacrebleu reports it.
public struct BLEUScore: Equatable, Sendable {
  /// BLEU on sacrebleu's scale, 0 to 100.
  public let score: Double
  /// Matched n-grams for n = 1...maxOrder (clipped by the references).
  public let correct: [Int]
  /// Hypothesis n-grams for n = 1...maxOrder.
  public let total: [Int]
  /// The n-gram precisions in percent, smoothed as asked.
  public let precisions: [Double]
  /// The brevity penalty, exp(1 - refLen / sysLen) when the hypotheses are shorter.
  public let brevityPenalty: Double
  /// The number of hypothesis tokens.
  public let sysLen: Int
  /// The number of reference tokens (for each sentence the reference closest in length).
  public let refLen: Int

  /// sysLen / refLen.
  public var ratio: Double { refLen > 0 ? Double(sysLen) / Double(refLen) : 0 }

  /// sacrebleu's text layout:
  /// `BLEU = 36.26 68.2/43.1/29.5/20.1 (BP = 1.000 ratio = 1.000 hyp_len = 123 ref_len = 123)`,
  /// the score with `width` decimals.
  public func formatted(width: Int = 2) -> String {
    let precisionText = precisions.map { fixed($0, 1) }.joined(separator: "/")
    return "BLEU = \(fixed(score, width)) \(precisionText) (BP = \(fixed(brevityPenalty, 3)) "
      + "ratio = \(fixed(ratio, 3)) hyp_len = \(sysLen) ref_len = \(refLen))"
  }
}

extension BLEUScore {
  /// The score as sacrebleu's JSON (`sacrebleu` prints it by default): name, score with `width`
  /// decimals, the signature of how it was computed, the verbose score and the signature's parts.
  public func json(
    width: Int, references: Int, lowercase: Bool, effectiveOrder: Bool, tokenizer: String
  ) -> String {
    let (letterCase, effective) = (lowercase ? "lc" : "mixed", effectiveOrder ? "yes" : "no")
    let signature =
      "nrefs:\(references)|case:\(letterCase)|eff:\(effective)|tok:\(tokenizer)|smooth:exp"
      + "|version:seq2seq-swift"
    let verbose = formatted(width: width).dropFirst("BLEU = ".count)
      .split(separator: " ", maxSplits: 1)[1]
    let fields: [(String, String)] = [
      ("name", "\"BLEU\""), ("score", String(Double(fixed(score, width))!)),
      ("signature", "\"\(signature)\""), ("verbose_score", "\"\(verbose)\""),
      ("nrefs", "\"\(references)\""), ("case", "\"\(letterCase)\""), ("eff", "\"\(effective)\""),
      ("tok", "\"\(tokenizer)\""), ("smooth", "\"exp\""), ("version", "\"seq2seq-swift\""),
    ]
    return "{\n" + fields.map { " \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}"
  }
}
