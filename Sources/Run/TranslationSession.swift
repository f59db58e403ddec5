import Prediction

/// What `seq2seq translate` does with sentences, whichever way they come (arguments, a file, a
/// pipe, a prompt): the unreadable ones skipped with a note, the rest translated in batches
/// (greedily or by beam search), or one by one for an n-best list or the attention, and each
/// printed with its notes (a sentence cut at numSteps, unknown words).
public struct TranslationSession {
  /// The model and its vocabularies.
  public let translator: Translator
  /// Beams searched; 1 is greedy.
  public let beamSize: Int
  /// Beam search's length penalty.
  public let alpha: Float
  /// The hypotheses listed per sentence, when an n-best list is asked for.
  public let nBest: Int?
  /// Whether each output token is followed by the source tokens it weighted most.
  public let showAttention: Bool

  /// A session with `translator` and these search settings.
  public init(
    translator: Translator, beamSize: Int, alpha: Float, nBest: Int?, showAttention: Bool
  ) {
    (self.translator, self.beamSize, self.alpha) = (translator, beamSize, alpha)
    (self.nBest, self.showAttention) = (nBest, showAttention)
  }

  /// Translates `sentences` (each with its name for the notes, `line 3`), those that can be read
  /// in batches of 256 / beams, hands `say` each translation and `note` each note, in order, and
  /// returns how many were skipped (empty, or holding control characters).
  public func translate(
    _ sentences: [(name: String, text: String)], say: (String) -> Void, note: (String) -> Void
  ) throws -> Int {
    var readable: [(name: String, text: String)] = []
    for (name, text) in sentences {
      if let problem = Translator.problem(of: text) {
        note("\(name): \(problem), skipped")
      } else {
        readable.append((name, text))
      }
    }
    let translations: [Translation?] =
      nBest == nil && !showAttention
      ? try translateAll(readable.map(\.text), with: translator, beam: beamSize, alpha: alpha)
      : Array(repeating: nil, count: readable.count)
    for ((name, text), translation) in zip(readable, translations) {
      let length = translator.sourceTokens(text).count
      if length >= translator.numSteps {
        note(
          "note: \(name) has \(length) tokens; the model reads the first \(translator.numSteps) "
            + "(numSteps) and drops the rest")
      }
      try show(text, translation, say: say, note: note)
    }
    return sentences.count - readable.count
  }

  /// Hands `say` the translation of `sentence`, `translation` when it was made in a batch (else
  /// its n-best list or its attention, searched now), and `note` its unknown words.
  func show(
    _ sentence: String, _ translation: Translation?, say: (String) -> Void,
    note: (String) -> Void
  ) throws {
    let source = translator.sourceTokens(sentence).joined(separator: " ")
    let unknown: [String]
    if let translation {
      say("\(source) => \(translation.text)")
      unknown = translation.unknownWords
    } else if let nBest {
      let hypotheses = try translator.nBest(sentence, beamSize: beamSize, alpha: alpha)
      say("\(source) =>")
      for (rank, hypothesis) in hypotheses.prefix(nBest).enumerated() {
        say(hypothesis.nBestLine(rank: rank + 1, alpha: alpha))
      }
      unknown = hypotheses.first?.unknownWords ?? []
    } else {
      let traced = try translator.attentionTrace(sentence)!
      say("\(source) => \(traced.translation.text)")
      for line in traced.attention.alignment { say(line) }
      unknown = traced.translation.unknownWords
    }
    var named = Set<String>()
    let distinct = unknown.filter { named.insert($0).inserted }
    if !distinct.isEmpty {
      note("note: unknown words read as <unk>: \(distinct.joined(separator: ", "))")
    }
  }
}
