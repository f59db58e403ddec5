import Formatting
import Prediction
import Traces

extension Translator {
  /// Why `sentence` cannot be translated, or `nil`: nothing but spaces, or a control character
  /// (a NUL from binary input, an escape sequence), which no sentence of the corpus holds.
  public static func problem(of sentence: String) -> String? {
    if sentence.allSatisfy(\.isWhitespace) { return "empty sentence" }
    if let control = sentence.unicodeScalars.first(where: {
      $0.properties.generalCategory == .control && $0 != "\t"
    }) {
      let code = String(control.value, radix: 16, uppercase: true)
      return "holds the control character U+\(String(repeating: "0", count: 4 - code.count))\(code)"
    }
    return nil
  }
}

extension Translation {
  /// One line of an n-best list: `  2. il est calme .   (score -0.412, log P -2.060)`.
  public func nBestLine(rank: Int, alpha: Float) -> String {
    "  \(rank). \(text)   (score \(fixed(Double(score(alpha: alpha)), 3)), "
      + "log P \(fixed(Double(logProbability), 3)))"
  }
}

extension AttentionTrace {
  /// `translate --show-attention`'s lines: each output token, padded to the longest, then its
  /// three strongest source tokens with their weights, `  perdu  <- lost 0.81, i 0.09, . 0.05`.
  public var alignment: [String] {
    let width = target.map(\.count).max() ?? 0
    return strongest(3).map { token, sources in
      let weights = sources.map { "\($0.token) \(fixed(Double($0.probability), 2))" }
      return "  \(token.padding(toLength: width, withPad: " ", startingAt: 0))  <- "
        + weights.joined(separator: ", ")
    }
  }
}

extension PredictionTrace {
  /// A greedy translation step by step, as the tour shows it: each step's input and its three
  /// most probable next tokens, then how it ended.
  public func stepLines(indent: String) -> [String] {
    steps.enumerated().map { index, step in
      let top = step.top.map { "\($0.token) \(fixed(Double($0.probability), 3))" }
      return "\(indent)step \(index + 1): reads \(pad(step.input, 7)) top 3: "
        + top.joined(separator: ", ")
    }
      + [
        "\(indent)the most probable token is fed back each step; "
          + (endedWithEOS ? "<eos> ends the sentence" : "it stops after \(steps.count) tokens")
      ]
  }
}
