import BLEU
import Checkpoint
import Formatting
import Prediction
import TensorCore
import TranslationData

/// The pairs of a training run: every pair read from the corpus file and, with `--split`, its
/// train, validation and test parts (split by English sentence, seeded).
public struct RunData {
  /// Every pair read.
  public let corpus: Corpus
  /// The split, when the run makes one.
  public let split: CorpusSplit?
  /// Its shares.
  public let shares: SplitShares?
  /// The seed the split was drawn with.
  public let seed: UInt64

  /// The pairs to train on: all of them without a split.
  public let training: Corpus
  /// The validation pairs, if there are any.
  public var validation: Corpus? { part(.validation) }

  /// The pairs of `name`, `nil` without a split or when it is empty.
  public func part(_ name: SplitName) -> Corpus? {
    guard let rows = split?.rows(name), !rows.isEmpty else { return nil }
    return corpus.subset(rows, origin: "the \(name.rawValue) split of \(corpus.origin)")
  }

  /// Reads the corpus and splits it when `shares` are given.
  /// - Throws: `CorpusError`, or `InputError` when a split asked for comes out empty.
  public static func load(
    path: String?, numExamples: Int?, split shares: SplitShares?, seed: UInt64
  )
    throws -> RunData
  {
    let corpus = try Corpus.load(path: path, numExamples: numExamples)
    return try RunData(corpus: corpus, shares: shares, seed: seed)
  }

  /// Splits `corpus` as `shares` say with `seed`.
  /// - Throws: `InputError` when a part with a share above 0 comes out empty.
  public init(corpus: Corpus, shares: SplitShares?, seed: UInt64) throws {
    self.corpus = corpus
    self.shares = shares
    self.seed = seed
    guard let shares else {
      (split, training) = (nil, corpus)
      return
    }
    var generator = SeededGenerator(seed: seed)
    let split = CorpusSplit(corpus: corpus, shares: shares, using: &generator)
    for (name, share) in [
      (SplitName.train, shares.train), (.validation, shares.validation),
      (.test, shares.test),
    ] where share > 0 && split.rows(name).isEmpty {
      throw InputError(
        description:
          "\(corpus.origin): the \(name.rawValue) split of \(shares) is empty: \(corpus.count) pairs "
          + "are too few; "
          + "read more pairs or give it a larger share")
    }
    self.split = split
    training = corpus.subset(split.train)
  }

  /// What a checkpoint records of the split.
  public func record() -> SplitRecord? {
    guard let split, let shares else { return nil }
    return SplitRecord(
      shares: shares, seed: seed, pairsRead: corpus.count, fingerprint: corpus.fingerprint,
      sizes: [split.train.count, split.validation.count, split.test.count],
      rows: split.fingerprint)
  }

  /// What the run trains on, in lines to print: the pairs, the split, the vocabularies and numSteps.
  public func describe(dataset: TranslationDataset, validation: TranslationDataset?) -> [String] {
    var lines: [String] = []
    let vocabularies =
      "vocabularies \(dataset.sourceVocab.count) -> \(dataset.targetVocab.count) tokens"
    if let split, let shares {
      lines.append(
        "Corpus: \(corpus.origin), \(corpus.count) pairs; split \(shares) by English sentence "
          + "(seed \(seed)): train \(split.train.count), validation \(split.validation.count), "
          + "test \(split.test.count) pairs")
      lines.append(
        "Training on \(split.train.count) pairs: \(vocabularies) (from the training pairs)")
    } else {
      lines.append("Training on \(corpus.count) pairs of \(corpus.origin): \(vocabularies)")
    }
    lines.append(
      "numSteps \(dataset.numSteps): \(fixed(100 * dataset.cutShare, 1))% of the training pairs "
        + "are cut to it")
    if let validation {
      let unknown = validation.source.ids.count { $0 == Vocabulary.unknownIndex }
      let tokens = validation.source.validLen.reduce(0, +)
      lines.append(
        "Validation: \(validation.corpus.count) pairs, \(fixed(100 * Double(unknown) / Double(max(tokens, 1)), 1))% "
          + "of their English tokens unknown (<unk>)")
    }
    return lines
  }

  /// The pairs of `name` in the split `checkpoint` (read from `path`) was trained with, taken
  /// again from the corpus at `data`, with the split's record and each pair's line in the file
  /// (from 0).
  /// - Throws: `InputError` when the model has no split or `data` is another corpus.
  public static func pairs(
    _ name: SplitName, of checkpoint: Checkpoint, at path: String, data: String?
  ) throws -> (pairs: Corpus, record: SplitRecord, lines: [Int]) {
    guard let record = checkpoint.header.run?.split else {
      throw InputError(
        description: "\(path) was trained without --split: it has no \(name.rawValue) pairs")
    }
    let corpus = try Corpus.load(path: data, pairs: record.pairsRead)
    guard corpus.count == record.pairsRead, corpus.fingerprint == record.fingerprint else {
      throw InputError(
        description:
          "\(corpus.origin) is not the corpus \(path) was trained on (its first "
          + "\(record.pairsRead) pairs differ): give the same --data")
    }
    let run = try RunData(corpus: corpus, shares: record.shares, seed: record.seed)
    if let made = run.record(), made.sizes != record.sizes || made.rows != record.rows ?? made.rows
    {
      throw InputError(
        description:
          "\(path): its split \(record.shares) with seed \(record.seed) does not give the pairs it "
          + "records (the file was edited?): its \(name.rawValue) pairs cannot be told apart")
    }
    guard let pairs = run.part(name), let lines = run.split?.rows(name) else {
      throw InputError(description: "the \(name.rawValue) split of \(record.shares) is empty")
    }
    return (pairs, record, lines)
  }

  /// Refuses to resume from `checkpoint` unless it was saved by this very run: the same
  /// settings and the same pairs.
  /// - Throws: `InputError` naming the first difference.
  public static func check(
    _ checkpoint: Checkpoint, from path: String, against settings: [String: String],
    _ data: RunData
  ) throws {
    guard let run = checkpoint.header.run, run.trainer != nil else {
      throw InputError(
        description: "cannot resume from \(path): it holds no training state (a best-model file?)")
    }
    // Settings added after a checkpoint was written read as their value then.
    let added = [
      "--attention": "none", "--architecture": "rnn", "--label-smoothing": "0.0", "--warmup": "0",
    ]
    let recorded = run.settings.merging(added) { saved, _ in saved }
    // A run records the settings added with the Transformer only when it uses them.
    let current = settings.merging(added) { given, _ in given }
    for key in current.keys.sorted() where recorded[key] != current[key] {
      throw InputError(
        description:
          "cannot resume from \(path): it was trained with \(key) \(recorded[key] ?? "-"), "
          + "this run has \(current[key]!)")
    }
    // A file written before the split's rows were recorded is compared on the rest.
    if let split = run.split {
      var made = data.record()
      if split.rows == nil { made?.rows = nil }
      guard split == made else {
        throw InputError(
          description: "cannot resume from \(path): it was trained on other pairs than this --data")
      }
    }
  }
}

/// The files of a training run: `out`, and the file to resume from.
public struct RunFiles {
  /// The model to use: the best one when there are validation pairs, else the last.
  public let out: String
  /// The latest weights with the optimizer's state, `model.last.ckpt` beside `model.ckpt`:
  /// written after every epoch when there are validation pairs, else when Ctrl-C stops the run
  /// (a run that ends keeps its state in `out` itself).
  public let last: String

  /// The files of a run that writes its model to `out`.
  public init(out: String) {
    self.out = out
    let suffix = ".ckpt"
    last =
      out.hasSuffix(suffix) ? String(out.dropLast(suffix.count)) + ".last" + suffix : out + ".last"
  }
}
