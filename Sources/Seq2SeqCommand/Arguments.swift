import ArgumentParser
import Attention
import ContextVariable
import EncoderDecoder
import Layers
import TeacherForcing

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

/// `--attention`: none (the chapter's model) or one of the scores.
enum AttentionChoice: String, CaseIterable, ExpressibleByArgument {
  case none, additive, dot

  /// The score it names, `nil` for none.
  var kind: AttentionKind? { AttentionKind(rawValue: rawValue) }
}

/// What the decoder reads while training, by name.
enum FeedName: String, CaseIterable, ExpressibleByArgument {
  case teacher, own, scheduled

  /// The feed it names; `goldRatio` is the gold token's probability when scheduled.
  func decoderFeed(goldRatio: Float) -> DecoderFeed {
    switch self {
    case .teacher: .teacherForcing
    case .own: .ownPredictions
    case .scheduled: .scheduledSampling(goldProbability: goldRatio)
    }
  }
}

/// How many workers the commands train with by default: two, the cores of the small machine the
/// project is measured on (`TrainingOptions.workers`; the library's default is D2L's one loop).
let defaultWorkers = 2

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
  /// Tokens per sentence.
  static let numSteps = 1_000
  /// Sentence pairs per batch.
  static let batchSize = 100_000
  /// Embedding and hidden sizes.
  static let width = 4_096
  /// Recurrent layers.
  static let layers = 16
  /// Beam size.
  static let beam = 100
}
