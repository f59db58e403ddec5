import ArgumentParser
import Attention
import ContextVariable
import EncoderDecoder
import Layers

extension CellKind: ExpressibleByArgument {}
extension ContextMode: ExpressibleByArgument {}

/// The context variable by its short name: last, mean, max.
extension ContextVariable: ExpressibleByArgument {
  /// The context variable named `argument`.
  public init?(argument: String) { self.init(shortName: argument) }
  /// The names `--help` lists.
  public static var allValueStrings: [String] { allCases.map(\.shortName) }
  /// The name `--help` shows as the default.
  public var defaultValueDescription: String { shortName }
}

/// Refuses a value of the option `name` outside `range`, naming the option, the bound and the
/// value: `--num-steps must be at most 1000, got 100000000.` The upper bounds keep a typo from
/// asking for terabytes or years.
func require(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
  if value < range.lowerBound {
    throw ValidationError("\(name) must be at least \(range.lowerBound), got \(value).")
  }
  if value > range.upperBound {
    throw ValidationError("\(name) must be at most \(range.upperBound), got \(value).")
  }
}

/// The largest values the options accept.
enum Limit {
  /// Epochs of a training run.
  static let epochs = 100_000
  /// Tokens per sentence: the model's limit, which a checkpoint is checked against too.
  static let numSteps = Seq2SeqConfiguration.Limit.numSteps
  /// Sentence pairs per batch.
  static let batchSize = 100_000
  /// Embedding and hidden sizes.
  static let width = Seq2SeqConfiguration.Limit.width
  /// Recurrent layers.
  static let layers = Seq2SeqConfiguration.Limit.layers
  /// Beam size.
  static let beam = 100
  /// Steps of learning-rate warm-up: ten million, more than any run here takes.
  static let warmup = 10_000_000
}
