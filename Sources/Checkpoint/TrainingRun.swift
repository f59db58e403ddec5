import TeacherForcing
import TranslationData

/// A training run as a checkpoint records it: what it was asked to do, which pairs it trained
/// on, what every epoch measured, and, in a file to resume from, where the trainer stood.
public struct TrainingRun: Codable, Equatable, Sendable {
  /// The run's settings by flag name (`"--num-hiddens": "128"`): those that decide its numbers,
  /// compared when a run is resumed.
  public var settings: [String: String]
  /// The split it trained on, if it made one.
  public var split: SplitRecord?
  /// Every epoch's numbers, in order.
  public var history: [EpochReport]
  /// The epoch whose weights this file holds.
  public var epoch: Int
  /// The trainer's state after `epoch`, in a file to resume from; absent in a best-model file.
  public var trainer: TrainerState?

  /// Makes a record from its parts.
  public init(
    settings: [String: String], split: SplitRecord?, history: [EpochReport], epoch: Int,
    trainer: TrainerState? = nil
  ) {
    self.settings = settings
    self.split = split
    self.history = history
    self.epoch = epoch
    self.trainer = trainer
  }
}

/// How a corpus was split, so that `evaluate` can take the same test pairs from the same file and
/// tell when it is given another one.
public struct SplitRecord: Codable, Equatable, Sendable {
  /// The shares, e.g. 90/5/5.
  public var shares: SplitShares
  /// The seed the sources were shuffled with.
  public var seed: UInt64
  /// How many pairs were read from the corpus file before splitting.
  public var pairsRead: Int
  /// `Corpus.fingerprint` of those pairs.
  public var fingerprint: UInt64
  /// The number of pairs in train, validation and test.
  public var sizes: [Int]
  /// `CorpusSplit.fingerprint` of the split made: the rows of each part, so that `evaluate`
  /// can tell when the shares or the seed recorded do not give the split trained on. Absent in
  /// files written before it was recorded.
  public var rows: UInt64?

  /// Makes a record from its parts.
  public init(
    shares: SplitShares, seed: UInt64, pairsRead: Int, fingerprint: UInt64, sizes: [Int],
    rows: UInt64? = nil
  ) {
    self.shares = shares
    self.seed = seed
    self.pairsRead = pairsRead
    self.fingerprint = fingerprint
    self.sizes = sizes
    self.rows = rows
  }
}
