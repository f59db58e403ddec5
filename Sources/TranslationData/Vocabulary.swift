/// Tokens numbered for the model, indexed as D2L v0.17's `Vocab`: `<unk>` = 0, then the reserved
/// tokens (`<pad>` = 1, `<bos>` = 2, `<eos>` = 3), then every token seen at least `minFreq` times,
/// most frequent first, ties in order of first appearance.
public struct Vocabulary: Sendable {
  /// The tokens D2L reserves for translation: padding, beginning and end of sequence.
  public static let reservedTokens = ["<pad>", "<bos>", "<eos>"]
  /// The index of `<unk>`, which every unknown token maps to.
  public static let unknownIndex = 0

  /// Token i of the vocabulary (D2L's `idx_to_token`).
  public let idxToToken: [String]
  /// Each token's index (D2L's `token_to_idx`).
  private let tokenToIdx: [String: Int]
  /// Every token of the corpus with its count, most frequent first (D2L's `token_freqs`).
  public let tokenFreqs: [(token: String, count: Int)]

  /// Counts the tokens of `sentences` and numbers those seen at least `minFreq` times; with
  /// `maxTokens`, only the most frequent of them, so that the vocabulary has at most `maxTokens`
  /// tokens in all, `<unk>` and the reserved ones included (a real corpus's long tail of rare
  /// words then reads as `<unk>`, and the output layer shrinks with it).
  public init(
    sentences: [[String]], minFreq: Int = 0, maxTokens: Int? = nil,
    reservedTokens: [String] = Vocabulary.reservedTokens
  ) {
    var counts: [String: Int] = [:]
    var firstSeen: [String] = []
    for token in sentences.joined() {
      if counts[token] == nil { firstSeen.append(token) }
      counts[token, default: 0] += 1
    }
    // Descending count; ties keep first-appearance order, as Python's stable sort does.
    let order = Dictionary(uniqueKeysWithValues: firstSeen.enumerated().map { ($1, $0) })
    tokenFreqs = firstSeen.map { ($0, counts[$0]!) }.sorted {
      $0.count != $1.count ? $0.count > $1.count : order[$0.token]! < order[$1.token]!
    }
    var idxToToken = ["<unk>"] + reservedTokens
    var tokenToIdx = Dictionary(uniqueKeysWithValues: idxToToken.enumerated().map { ($1, $0) })
    for (token, count) in tokenFreqs where count >= minFreq && tokenToIdx[token] == nil {
      if let maxTokens, idxToToken.count >= maxTokens { break }
      tokenToIdx[token] = idxToToken.count
      idxToToken.append(token)
    }
    self.idxToToken = idxToToken
    self.tokenToIdx = tokenToIdx
  }

  /// A vocabulary with exactly these tokens at these indices, e.g. read back from a checkpoint.
  /// Token frequencies are not known then and are left empty.
  public init(idxToToken: [String]) {
    self.idxToToken = idxToToken
    var tokenToIdx: [String: Int] = [:]
    for (index, token) in idxToToken.enumerated() where tokenToIdx[token] == nil {
      tokenToIdx[token] = index
    }
    self.tokenToIdx = tokenToIdx
    tokenFreqs = []
  }

  /// The number of tokens, `len(vocab)`.
  public var count: Int { idxToToken.count }

  /// The index of `token`, or 0 (`<unk>`) if it is not in the vocabulary.
  public subscript(token: String) -> Int {
    tokenToIdx[token] ?? Vocabulary.unknownIndex
  }

  /// The indices of `tokens`, unknown ones as `<unk>`.
  public func indices(of tokens: [String]) -> [Int] {
    tokens.map { self[$0] }
  }

  /// The tokens at `indices` (D2L's `to_tokens`).
  public func tokens(at indices: [Int]) -> [String] {
    indices.map { idxToToken.indices.contains($0) ? idxToToken[$0] : "<unk>" }
  }

  /// Whether `token` has an index of its own.
  public func contains(_ token: String) -> Bool {
    tokenToIdx[token] != nil
  }

  /// The index of `<pad>`.
  public var pad: Int { self["<pad>"] }
  /// The index of `<bos>`, the decoder's first input.
  public var bos: Int { self["<bos>"] }
  /// The index of `<eos>`, which ends every sequence.
  public var eos: Int { self["<eos>"] }
}
