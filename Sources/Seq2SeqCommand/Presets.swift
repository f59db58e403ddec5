import ArgumentParser
import Attention
import Run
import TranslationData

extension PairCount: ExpressibleByArgument {
  /// `all` or a number of 0 or more.
  public init?(argument: String) { self.init(argument) }
}

extension StepCount: ExpressibleByArgument {
  /// `auto` or a number.
  public init?(argument: String) { self.init(argument) }
}

extension FeedChoice: ExpressibleByArgument {}
extension SplitName: ExpressibleByArgument {}

extension SplitShares: ExpressibleByArgument {
  /// Parses `90/5/5`.
  public init?(argument: String) { self.init(argument) }
}

/// `--preset`: the name of one of the library's run configurations; every flag given on the
/// command line wins over it.
enum Preset: String, CaseIterable, ExpressibleByArgument {
  case d2l, full, attention, transformer

  /// The configuration it names.
  var configuration: RunConfiguration {
    switch self {
    case .d2l: .d2l
    case .full: .full
    case .attention: .attention
    case .transformer: .transformer
    }
  }
}

/// `--attention`: none (the chapter's model) or one of the scores.
enum AttentionChoice: String, CaseIterable, ExpressibleByArgument {
  case none, additive, dot

  /// The score it names, `nil` for none.
  var kind: AttentionKind? { AttentionKind(rawValue: rawValue) }
}

extension Architecture: ExpressibleByArgument {}
