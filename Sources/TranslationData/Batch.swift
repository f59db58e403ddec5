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
}
