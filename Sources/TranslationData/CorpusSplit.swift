/// How a corpus is shared out between training, validation and test, in percent: `90/5/5`.
public struct SplitShares: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Percent of the English source sentences for training.
  public let train: Int
  /// Percent for validation (loss and BLEU every epoch, the best checkpoint).
  public let validation: Int
  /// Percent for the final test.
  public let test: Int

  /// Shares that add up to 100, each at least 0, training above 0.
  public init?(train: Int, validation: Int, test: Int) {
    guard train > 0, validation >= 0, test >= 0, train + validation + test == 100 else {
      return nil
    }
    (self.train, self.validation, self.test) = (train, validation, test)
  }

  /// Parses `TRAIN/VALIDATION/TEST`, e.g. `90/5/5`.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 3, let train = parts[0], let validation = parts[1], let test = parts[2]
    else { return nil }
    self.init(train: train, validation: validation, test: test)
  }

  /// `90/5/5`.
  public var description: String { "\(train)/\(validation)/\(test)" }
}

/// A seeded train/validation/test split of a corpus **by English source sentence**: every pair
/// whose source is the same sentence lands in the same split, so that no test source was seen in
/// training (Tatoeba often gives one English sentence several French translations).
///
/// The distinct sources, in order of first appearance, are shuffled by `generator`;
/// the first `test` percent of them (rounded down) are the test sources, the next `validation`
/// percent the validation sources, the rest the training ones. Each split lists its pairs in
/// corpus order.
public struct CorpusSplit: Sendable, Equatable {
  /// The pairs (corpus rows) to train on.
  public let train: [Int]
  /// The pairs scored every epoch.
  public let validation: [Int]
  /// The pairs held back for the final score.
  public let test: [Int]

  /// Splits `corpus` as `shares` say, the sources shuffled by `generator` (a seeded one gives
  /// the same split on every machine).
  public init(
    corpus: Corpus, shares: SplitShares, using generator: inout some RandomNumberGenerator
  ) {
    var firstRow: [[String]: Int] = [:]
    var sourceOfRow: [Int] = []
    var sources: [Int] = []  // each distinct source, as the row it first appears in
    for (row, sentence) in corpus.source.enumerated() {
      if let first = firstRow[sentence] {
        sourceOfRow.append(first)
      } else {
        firstRow[sentence] = row
        sourceOfRow.append(row)
        sources.append(row)
      }
    }
    sources.seededShuffle(using: &generator)
    let testCount = sources.count * shares.test / 100
    let validationCount = sources.count * shares.validation / 100
    var part: [Int: Int] = [:]  // source row -> 0 train, 1 validation, 2 test
    for (rank, source) in sources.enumerated() {
      part[source] = rank < testCount ? 2 : rank < testCount + validationCount ? 1 : 0
    }
    var rows: [[Int]] = [[], [], []]
    for row in corpus.source.indices { rows[part[sourceOfRow[row]]!].append(row) }
    (train, validation, test) = (rows[0], rows[1], rows[2])
  }

  /// A fingerprint of the three parts (FNV-1a over their rows), to tell later that a split
  /// made again is the one recorded.
  public var fingerprint: UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in [train, validation, test] {
      for row in part + [-1] {
        for byte in withUnsafeBytes(of: Int64(row).littleEndian, Array.init) {
          hash ^= UInt64(byte)
          hash &*= 0x100_0000_01b3
        }
      }
    }
    return hash
  }

  /// The rows of `split` ("train", "validation" or "test").
  public func rows(_ name: SplitName) -> [Int] {
    switch name {
    case .train: train
    case .validation: validation
    case .test: test
    }
  }
}

/// The three parts of a split.
public enum SplitName: String, CaseIterable, Sendable, Codable {
  /// The pairs trained on.
  case train
  /// The pairs scored every epoch.
  case validation
  /// The pairs held back for the final score.
  case test
}

extension Corpus {
  /// The pairs `rows`, in the order given, as a corpus of their own.
  public func subset(_ rows: [Int], origin: String? = nil) -> Corpus {
    Corpus(
      source: rows.map { source[$0] }, target: rows.map { target[$0] },
      origin: origin ?? self.origin)
  }

  /// A fingerprint of the pairs (FNV-1a over their tokens), to tell later that a file holds the
  /// same corpus a model was trained on.
  public var fingerprint: UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for sentence in source + target {
      for byte in sentence.joined(separator: " ").utf8 + [0] {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
      }
    }
    return hash
  }
}
