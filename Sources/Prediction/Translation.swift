/// A translated sentence, with what a learner needs to judge it.
public struct Translation: Sendable, Equatable {
  /// The English tokens the model read (after D2L's preprocessing), without `<eos>`.
  public let source: [String]
  /// Source words not in the English vocabulary: the model read them as `<unk>`.
  public let unknownWords: [String]
  /// The French tokens, without `<eos>`.
  public let tokens: [String]
  /// log P(translation | source), `<eos>` included when the model produced it.
  public let logProbability: Float
  /// Whether the model ended the sentence itself (else it was cut at numSteps tokens).
  public let endedWithEOS: Bool

  /// Beam search's length-normalised score (1 / L^alpha) log P, L counting `<eos>` when the
  /// model produced it: `SearchResult.score(alpha:)`.
  public func score(alpha: Float) -> Float {
    lengthNormalised(
      logProbability, tokens: tokens.count, endedWithEOS: endedWithEOS, alpha: alpha)
  }

  /// The translation as text, tokens joined by spaces: `va !`.
  public var text: String { tokens.joined(separator: " ") }
}
