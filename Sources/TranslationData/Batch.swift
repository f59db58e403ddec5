/// One minibatch of sentence pairs, D2L's `(X, X_valid_len, Y, Y_valid_len)`.
public struct Batch: Sendable, Equatable {
  /// Source token indices X, row-major (batchSize, numSteps).
  public let source: [Int]
  /// The number of real tokens of each source row, (batchSize,).
  public let sourceValidLen: [Int]
  /// Target token indices Y, row-major (batchSize, numSteps).
  public let target: [Int]
  /// The number of real tokens of each target row, (batchSize,).
  public let targetValidLen: [Int]
  /// The length of every row.
  public let numSteps: Int

  /// Makes a batch from its four arrays; every row is `numSteps` long.
  public init(
    source: [Int], sourceValidLen: [Int], target: [Int], targetValidLen: [Int], numSteps: Int
  ) {
    self.source = source
    self.sourceValidLen = sourceValidLen
    self.target = target
    self.targetValidLen = targetValidLen
    self.numSteps = numSteps
  }

  /// The number of pairs; the last batch of an epoch may be smaller than the others.
  public var batchSize: Int { sourceValidLen.count }
  /// The shape of `source` and `target`: (batchSize, numSteps).
  public var shape: [Int] { [batchSize, numSteps] }

  /// The pairs `rows` of this batch, in order.
  public func rows(_ rows: Range<Int>) -> Batch {
    let tokens = (rows.lowerBound * numSteps)..<(rows.upperBound * numSteps)
    return Batch(
      source: Array(source[tokens]), sourceValidLen: Array(sourceValidLen[rows]),
      target: Array(target[tokens]), targetValidLen: Array(targetValidLen[rows]),
      numSteps: numSteps)
  }

  /// The batch cut into `count` consecutive parts whose sizes differ by at most one, the larger
  /// first: 64 pairs in 2 give 32 and 32, 25 give 13 and 12. Parts may be empty.
  public func split(into count: Int) -> [Batch] {
    precondition(count > 0, "split: count must be positive")
    var start = 0
    return (0..<count).map { part in
      let size = batchSize / count + (part < batchSize % count ? 1 : 0)
      defer { start += size }
      return rows(start..<(start + size))
    }
  }
}
