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

extension Preset {
  /// What each preset sets a setting to, as a flag's help says it, read from the presets
  /// themselves: `d2l 300; full 8; attention 10; transformer 8`, presets that agree named
  /// together (`d2l, full, attention 2; transformer 3`), a preset the setting does not apply to
  /// (`value` gives `nil`) left out.
  static func values(_ value: (RunConfiguration) -> String?) -> String {
    var groups: [(names: [String], value: String)] = []
    for preset in allCases {
      guard let shown = value(preset.configuration) else { continue }
      if let index = groups.firstIndex(where: { $0.value == shown }) {
        groups[index].names.append(preset.rawValue)
      } else {
        groups.append(([preset.rawValue], shown))
      }
    }
    return groups.map { "\($0.names.joined(separator: ", ")) \($0.value)" }
      .joined(separator: "; ")
  }

  /// The same for a Transformer's sizes: D2L's (`--architecture transformer`) and the preset's.
  static func transformers(_ value: (TransformerSizes) -> String) -> String {
    [("d2l", RunConfiguration.d2lTransformer), ("transformer", RunConfiguration.transformer)]
      .compactMap { name, run in run.model.transformer.map { "\(name) \(value($0))" } }
      .joined(separator: "; ")
  }

  /// D2L's run in words, from `RunConfiguration.d2l`.
  static var d2lInWords: String {
    let d2l = RunConfiguration.d2l
    let m = d2l.model
    return "numExamples \(d2l.numExamples), \(d2l.numSteps) steps, batch \(d2l.batchSize), "
      + "embeddings of \(m.embedSize), a \(m.numLayers)-layer \(m.cell.rawValue.uppercased()) of "
      + "\(m.numHiddens) units, dropout \(m.dropout), Adam with learning rate \(d2l.lr), "
      + "gradients clipped at norm \(d2l.trainingOptions.maxGradientNorm), \(d2l.epochs) epochs."
  }
}

/// `--attention`: none (the chapter's model) or one of the scores.
enum AttentionChoice: String, CaseIterable, ExpressibleByArgument {
  case none, additive, dot

  /// The score it names, `nil` for none.
  var kind: AttentionKind? { AttentionKind(rawValue: rawValue) }
}

extension Architecture: ExpressibleByArgument {}
