import ArgumentParser
import Attention
import EncoderDecoder
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

extension Preset: ExpressibleByArgument {}

/// `--attention`: none (the chapter's model) or one of the scores.
enum AttentionChoice: String, CaseIterable, ExpressibleByArgument {
  case none, additive, dot

  /// The score it names, `nil` for none.
  var kind: AttentionKind? { AttentionKind(rawValue: rawValue) }
}

extension Architecture: ExpressibleByArgument {}

extension ArgumentHelp {
  /// A flag's help with what each preset sets it to (`Preset.help`).
  static func preset(_ text: String, _ value: (RunConfiguration) -> String?) -> ArgumentHelp {
    ArgumentHelp(Preset.help(text, value))
  }

  /// The same for a recurrent model's setting (`Preset.recurrent`).
  static func recurrent(_ text: String, _ value: (RunConfiguration) -> String) -> ArgumentHelp {
    ArgumentHelp(Preset.recurrent(text, value))
  }

  /// The same for a Transformer's sizes (`Preset.transformers`).
  static func transformers(_ text: String, _ value: (TransformerSizes) -> String) -> ArgumentHelp {
    ArgumentHelp(Preset.transformers(text, value))
  }
}
