/// D2L's `truncate_pad`: cut `line` to `numSteps` tokens, or fill it up with `paddingToken`.
///
/// ```
/// truncatePad([47, 4], numSteps: 5, paddingToken: 1)  // [47, 4, 1, 1, 1]
/// ```
public func truncatePad(_ line: [Int], numSteps: Int, paddingToken: Int) -> [Int] {
  line.count > numSteps
    ? Array(line.prefix(numSteps))
    : line + Array(repeating: paddingToken, count: numSteps - line.count)
}

/// Sentences as rows of `numSteps` token indices, each ended by `<eos>` and padded or cut to
/// length, with the number of real (non-padding) tokens of each row: D2L's `build_array_nmt`.
public struct TokenArray: Sendable, Equatable {
  /// The indices, row-major: (rowCount, numSteps).
  public let ids: [Int]
  /// The number of tokens in each row that are not `<pad>`, (rowCount,).
  public let validLen: [Int]
  /// The length of every row.
  public let numSteps: Int

  /// The number of rows (sentences).
  public var rowCount: Int { validLen.count }

  /// Maps each sentence through `vocab`, appends `<eos>`, and truncates or pads to `numSteps`.
  public init(sentences: [[String]], vocab: Vocabulary, numSteps: Int) {
    var ids: [Int] = []
    var validLen: [Int] = []
    ids.reserveCapacity(sentences.count * numSteps)
    for sentence in sentences {
      let row = truncatePad(
        vocab.indices(of: sentence) + [vocab.eos], numSteps: numSteps, paddingToken: vocab.pad)
      ids += row
      validLen.append(row.count { $0 != vocab.pad })
    }
    self.ids = ids
    self.validLen = validLen
    self.numSteps = numSteps
  }

  /// Row `index`, `numSteps` indices.
  public func row(_ index: Int) -> ArraySlice<Int> {
    ids[(index * numSteps)..<((index + 1) * numSteps)]
  }
}
