import EncoderDecoder
import Files
import Formatting
import Foundation
import TensorCore
import TranslationData

/// A trained model on disk: its configuration, both vocabularies and every weight.
///
/// Layout (all integers little-endian):
/// ```
/// "SEQ2SEQ\n"        8 bytes, the magic
/// version            UInt32, `Checkpoint.formatVersion`
/// header length      UInt64
/// header             JSON: configuration, vocabularies, parameter shapes, training summary
/// weights            Float32 each, parameters in `EncoderDecoder.parameters` order
/// moments            (only with `header.run?.trainer`) Adam's m then v, in the same order
/// checksum           UInt64, FNV-1a of every byte before it
/// ```
/// Reading checks everything (magic, version, lengths, checksum, shapes) before building a model,
/// so a damaged file is refused whole, never half-loaded. Writing goes to a temporary file that
/// is renamed over the target, so an interrupted write leaves the old checkpoint intact.
public struct Checkpoint: Sendable {
  /// The format this program writes; it reads this one and version 1 (before training runs were
  /// recorded).
  public static let formatVersion: UInt32 = 2
  static let magic = Array("SEQ2SEQ\n".utf8)

  /// What the JSON header holds.
  public struct Header: Codable, Equatable, Sendable {
    /// The model's sizes and choices.
    public var configuration: Seq2SeqConfiguration
    /// The English tokens, by index.
    public var sourceTokens: [String]
    /// The French tokens, by index.
    public var targetTokens: [String]
    /// The shape of each parameter, in order.
    public var shapes: [[Int]]
    /// How many pairs it was trained on, the corpus's first ones; held-out pairs follow. (Kept
    /// under the JSON key `numExamples`, as format version 1 wrote it.)
    public var trainingPairs: Int
    /// How the model was trained, in words (epochs, final loss); informational.
    public var note: String
    /// D2L's loss after each epoch, for the loss-curve figure.
    public var lossHistory: [Float]
    /// The training run that made it: settings, split, every epoch's numbers and, in a file to
    /// resume from, the trainer's state. Absent in version 1 files.
    public var run: TrainingRun?

    enum CodingKeys: String, CodingKey {
      case configuration, sourceTokens, targetTokens, shapes, note, lossHistory, run
      case trainingPairs = "numExamples"
    }
  }

  /// The header.
  public let header: Header
  /// Every parameter's scalars, in order.
  public let weights: [[Float]]
  /// Adam's moments m then v of every parameter, when `header.run?.trainer` is there; else empty.
  public let moments: [[Float]]
  /// The path it was read from, `nil` for one made in memory.
  public private(set) var path: String?

  /// Captures `model` and its vocabularies; with `run`, the training run too, and with
  /// `moments` (given exactly when `run?.trainer` is) the optimizer's state to resume from.
  public init(
    model: EncoderDecoder, sourceVocab: Vocabulary, targetVocab: Vocabulary, trainingPairs: Int,
    note: String = "", lossHistory: [Float] = [], run: TrainingRun? = nil, moments: [[Float]] = []
  ) {
    precondition(
      (run?.trainer == nil) == moments.isEmpty, "Checkpoint: moments go with a trainer state")
    header = Header(
      configuration: model.configuration, sourceTokens: sourceVocab.idxToToken,
      targetTokens: targetVocab.idxToToken, shapes: model.parameters.map(\.shape),
      trainingPairs: trainingPairs, note: note, lossHistory: lossHistory, run: run)
    weights = model.weights
    self.moments = moments
  }

  /// A checkpoint of `model` trained on `dataset` (its vocabularies and its number of pairs):
  /// what a training run saves, and the tour.
  public init(
    model: EncoderDecoder, dataset: TranslationDataset, note: String, lossHistory: [Float],
    run: TrainingRun? = nil, moments: [[Float]] = []
  ) {
    self.init(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab,
      trainingPairs: dataset.corpus.count, note: note, lossHistory: lossHistory, run: run,
      moments: moments)
  }

  /// The English vocabulary.
  public var sourceVocab: Vocabulary { Vocabulary(idxToToken: header.sourceTokens) }
  /// The French vocabulary.
  public var targetVocab: Vocabulary { Vocabulary(idxToToken: header.targetTokens) }

  /// A model with the stored configuration and weights.
  public func makeModel() throws -> EncoderDecoder {
    let model = try EncoderDecoder(header.configuration, seed: 0)
    model.load(weights: weights)
    return model
  }

  /// The file's bytes.
  public func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]  // the same model, the same bytes
    let json = Array(try encoder.encode(header))
    var bytes = Checkpoint.magic
    // Reserved once: a full-corpus run's 18 million floats would otherwise grow the array by
    // doubling, to twice the file's size in memory.
    let floats = (weights + moments).reduce(0) { $0 + $1.count }
    bytes.reserveCapacity(bytes.count + 12 + json.count + 4 * floats + 8)
    append(Checkpoint.formatVersion, to: &bytes)
    append(UInt64(json.count), to: &bytes)
    bytes += json
    for values in weights + moments {
      for value in values { append(value.bitPattern, to: &bytes) }
    }
    append(fnv1a(bytes), to: &bytes)
    return bytes
  }

  /// Writes the checkpoint to `path` atomically: a temporary file beside it, then a rename.
  /// A path that is a folder or a device (`/dev/null`) is refused: the rename would replace it.
  public func write(to path: String) throws {
    do {
      try AtomicFile.write(try encoded(), to: path)
    } catch let failure as FileError {
      throw CheckpointError.unwritable(path: path, reason: failure.reason)
    }
  }

  /// Reads and checks the checkpoint at `path`.
  public static func read(from path: String) throws -> Checkpoint {
    // Nothing at all there (lstat: a link to nothing or a loop of links is named by the read).
    var status = stat()
    guard lstat(path, &status) == 0 || errno != ENOENT else {
      throw CheckpointError.missing(path: path)
    }
    do {
      return try Checkpoint(bytes: FileProblem.contents(of: path), path: path)
    } catch let error as FileError {
      throw CheckpointError.unreadable(path: path, reason: error.reason)
    }
  }

  /// Parses and checks checkpoint bytes; `path` names them in errors.
  public init(bytes: [UInt8], path: String) throws {
    var reader = ByteReader(bytes: bytes, path: path)
    guard try reader.take(Checkpoint.magic.count) == Checkpoint.magic else {
      throw CheckpointError.notACheckpoint(path: path)
    }
    let version: UInt32 = try reader.integer()
    guard (1...Checkpoint.formatVersion).contains(version) else {
      throw CheckpointError.unsupportedVersion(
        path: path, found: version, supported: Checkpoint.formatVersion)
    }
    let headerLength: UInt64 = try reader.integer()
    guard headerLength <= UInt64(bytes.count) else { throw CheckpointError.truncated(path: path) }
    let json = try reader.take(Int(headerLength))
    guard bytes.count >= 8, fnv1a(bytes.dropLast(8)) == ByteReader.littleEndian(bytes.suffix(8))
    else {
      let expected = try Checkpoint.expectedLength(json: json, offset: reader.offset)
      if let expected, bytes.count < expected { throw CheckpointError.truncated(path: path) }
      throw CheckpointError.corrupt(path: path, reason: "checksum mismatch")
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(json))
    } catch {
      throw CheckpointError.corrupt(path: path, reason: "unreadable header")
    }
    if let problem = header.problem { throw CheckpointError.invalid(path: path, reason: problem) }
    // Each shape's size (at most 2^40, at most 10,000 of them) is known to fit in an Int now;
    // the file must hold exactly their floats (three times, with Adam's moments) before a single
    // weight is read or a model is built.
    let counts = header.shapes.map { $0.reduce(1, *) }
    let arrays = header.run?.trainer == nil ? 1 : 3
    let floats = counts.reduce(0, +)
    guard floats <= (reader.remaining - 8) / 4 / arrays else {
      throw CheckpointError.truncated(path: path)
    }
    // The model is built below to compare shapes; a configuration far larger than the weights
    // the file holds must not get that far (a 4096-wide model from a file of a few kilobytes).
    guard Checkpoint.fewestParameters(header.configuration) <= floats else {
      throw CheckpointError.corrupt(path: path, reason: "the weights do not fit the configuration")
    }
    var weights: [[Float]] = []
    for count in Array(repeating: counts, count: arrays).joined() {
      weights.append(try (0..<count).map { _ in Float(bitPattern: try reader.integer()) })
    }
    guard reader.remaining == 8 else {
      throw CheckpointError.corrupt(path: path, reason: "\(reader.remaining - 8) unexpected bytes")
    }
    for (index, values) in weights.enumerated() {
      if let position = values.firstIndex(where: { !$0.isFinite }) {
        let part = index < counts.count ? "parameter \(index)" : "Adam's moments"
        throw CheckpointError.invalid(
          path: path,
          reason: "\(part) holds \(values[position]) at \(position), not a finite number")
      }
      if index < counts.count,
        let position = values.firstIndex(where: { abs($0) > Checkpoint.largestWeight })
      {
        throw CheckpointError.invalid(
          path: path,
          reason:
            "parameter \(index) holds \(values[position]) at \(position), beyond ±1e6: no "
            + "training makes a weight that large, and the forward pass would overflow")
      }
    }
    let expectedShapes = try EncoderDecoder(header.configuration, seed: 0).parameters.map(\.shape)
    guard expectedShapes == header.shapes else {
      throw CheckpointError.corrupt(path: path, reason: "the weights do not fit the configuration")
    }
    self.header = header
    self.path = path
    self.weights = Array(weights.prefix(header.shapes.count))
    moments = Array(weights.dropFirst(header.shapes.count))
  }

  /// The largest weight a checkpoint may hold. Trained weights stay within a few tens (Adam moves
  /// each by about the learning rate a step, from an initialisation below 1); within ±1e6 no
  /// product of the forward pass (weights times inputs times up to 4096 terms, twice over in
  /// attention's scores) reaches Float's 3.4e38, so a weight beyond it is an edit that would
  /// make every score infinite or every state saturate.
  public static let largestWeight: Float = 1e6

  /// A lower bound on the parameters of a model of `c`: both embeddings, the output layer and
  /// one square matrix per recurrent layer. The real count is at most about ten times more.
  static func fewestParameters(_ c: Seq2SeqConfiguration) -> Int {
    let decoderHiddens = c.resolvedDecoderNumHiddens
    // A Transformer's embeddings are numHiddens wide.
    let embedSize = c.transformer == nil ? c.embedSize : c.numHiddens
    return (c.sourceVocabSize + c.targetVocabSize) * embedSize
      + decoderHiddens * c.targetVocabSize + c.numLayers * c.numHiddens * c.numHiddens
      + c.resolvedDecoderNumLayers * decoderHiddens * decoderHiddens
  }

  /// The length a file with this header should have, if the header can be read.
  private static func expectedLength(json: [UInt8], offset: Int) throws -> Int? {
    guard let header = try? JSONDecoder().decode(Header.self, from: Data(json)),
      header.problem == nil
    else { return nil }
    let arrays = header.run?.trainer == nil ? 1 : 3
    return offset + arrays * header.shapes.reduce(0) { $0 + $1.reduce(1, *) * 4 } + 8
  }
}

extension Checkpoint.Header {
  /// What makes this header unusable, in words naming the field, or `nil`: every size within
  /// the limits `seq2seq train` enforces, token lists that match the vocabulary sizes and start
  /// with the reserved tokens, shapes whose sizes fit in memory, a consistent training record.
  /// Checked before any weight is read, so an edited header cannot make the reader allocate or
  /// trap.
  public var problem: String? {
    if let problem = configuration.problem { return "configuration.\(problem)" }
    let reserved = ["<unk>"] + Vocabulary.reservedTokens
    for (name, tokens, size) in [
      ("sourceTokens", sourceTokens, configuration.sourceVocabSize),
      ("targetTokens", targetTokens, configuration.targetVocabSize),
    ] {
      guard tokens.count == size else {
        return "\(name) has \(tokens.count) tokens, the configuration says \(size)"
      }
      guard Array(tokens.prefix(reserved.count)) == reserved else {
        return "\(name) does not start with \(reserved.joined(separator: " "))"
      }
      if let problem = Self.tokenProblem(tokens) { return "\(name) \(problem)" }
    }
    guard shapes.count <= 10_000 else { return "shapes lists \(shapes.count) parameters" }
    for (index, shape) in shapes.enumerated() {
      var count = 1
      for dimension in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard dimension >= 1, !overflow, product <= 1 << 40 else {
          return "shapes.\(index) is \(shape), not the shape of a parameter"
        }
        count = product
      }
    }
    guard lossHistory.count <= 1_000_000, lossHistory.allSatisfy(\.isFinite) else {
      return "lossHistory holds more than a million losses or one that is not a number"
    }
    // A corpus of more pairs than this does not fit in memory; a count near Int.max would
    // overflow where held-out pairs are counted after it.
    guard (0...Int(UInt32.max)).contains(trainingPairs) else {
      return "numExamples is \(trainingPairs), must be in 0...\(UInt32.max)"
    }
    return run?.problem.map { "run.\($0)" }
  }

  /// What makes `tokens` not a vocabulary, or `nil`: a token must be a word as the tokenizer
  /// makes them (no space, at which it splits, and no control character such as a newline,
  /// which would split a translation across lines; a no-break space, which French puts before
  /// `!`, is kept) and each must appear once.
  static func tokenProblem(_ tokens: [String]) -> String? {
    var seen = Set<String>()
    for (index, token) in tokens.enumerated() {
      if token.unicodeScalars.contains(where: {
        $0 == " " || $0.properties.generalCategory == .control
      }) {
        return "holds \"\(escapingControlCharacters(token))\" at \(index), not a word"
      }
      guard seen.insert(token).inserted else {
        return "holds \"\(token)\" twice (at \(tokens.firstIndex(of: token)!) and \(index))"
      }
    }
    return nil
  }
}

extension TrainingRun {
  /// What is inconsistent in this record, or `nil`.
  var problem: String? {
    guard (0...history.count).contains(epoch) else {
      return "epoch is \(epoch), but the history has \(history.count) epochs"
    }
    guard history.count <= 1_000_000 else { return "history has \(history.count) epochs" }
    if let trainer, trainer.epochsDone != history.count {
      return "trainer.epochsDone is \(trainer.epochsDone) with \(history.count) epochs of history"
    }
    // The steps a run can have taken: at most one per training pair and epoch (`Trainer.resume`
    // checks the exact count).
    if let trainer, !(0...history.count * Int(UInt32.max)).contains(trainer.adamSteps) {
      return "trainer.adamSteps is \(trainer.adamSteps), more than \(history.count) epochs take"
    }
    guard let split else { return nil }
    let shares = split.shares
    guard SplitShares(train: shares.train, validation: shares.validation, test: shares.test) != nil
    else { return "split.shares \(shares) do not add up to 100 with training above 0" }
    // Each size at most the pairs read, so that their sum cannot wrap around to it.
    guard split.sizes.count == 3, split.sizes.allSatisfy({ (0...split.pairsRead).contains($0) }),
      split.sizes.reduce(0, +) == split.pairsRead
    else {
      return "split.sizes \(split.sizes) are not three parts of the \(split.pairsRead) pairs read"
    }
    return nil
  }
}

/// Appends `value` in little-endian byte order.
func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
  withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
}

/// FNV-1a, 64 bits: a simple checksum that any changed byte changes.
func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash &*= 0x100_0000_01b3
  }
  return hash
}

/// Reads a byte array front to back, throwing `truncated` past its end.
struct ByteReader {
  let bytes: [UInt8]
  let path: String
  var offset = 0

  var remaining: Int { bytes.count - offset }

  mutating func take(_ count: Int) throws -> [UInt8] {
    guard count >= 0, count <= remaining else { throw CheckpointError.truncated(path: path) }
    defer { offset += count }
    return Array(bytes[offset..<(offset + count)])
  }

  mutating func integer<T: FixedWidthInteger>() throws -> T {
    ByteReader.littleEndian(try take(MemoryLayout<T>.size))
  }

  static func littleEndian<T: FixedWidthInteger>(_ bytes: some Collection<UInt8>) -> T {
    bytes.reversed().reduce(0) { ($0 << 8) | T($1) }
  }
}
