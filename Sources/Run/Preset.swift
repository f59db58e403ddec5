import EncoderDecoder

/// The run configurations by the name `--preset` gives them. Every flag given on the command
/// line wins over the preset, and only a flag given changes it.
public enum Preset: String, CaseIterable, Sendable {
  case d2l, full, attention, transformer

  /// The configuration it names.
  public var configuration: RunConfiguration {
    switch self {
    case .d2l: .d2l
    case .full: .full
    case .attention: .attention
    case .transformer: .transformer
    }
  }

  /// What each preset sets a setting to, as a flag's help says it, read from the presets
  /// themselves: `d2l 300; full, transformer 8; attention 10`, presets that agree named together,
  /// a preset the setting does not apply to (`value` gives `nil`) left out.
  public static func values(_ value: (RunConfiguration) -> String?) -> String {
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

  /// `text (values)`: a flag's help with what each preset sets it to.
  public static func help(_ text: String, _ value: (RunConfiguration) -> String?) -> String {
    "\(text) (\(values(value)))."
  }

  /// The same for a recurrent model's setting: the presets of a Transformer left out.
  public static func recurrent(_ text: String, _ value: (RunConfiguration) -> String) -> String {
    help(text) { $0.architecture == .rnn ? value($0) : nil }
  }

  /// The same for a Transformer's sizes: D2L's (`--architecture transformer`) and the preset's.
  public static func transformers(_ text: String, _ value: (TransformerSizes) -> String) -> String {
    let sizes = [("d2l", RunConfiguration.d2lTransformer), ("transformer", .transformer)]
      .compactMap { name, run in run.model.transformer.map { "\(name) \(value($0))" } }
    return "\(text) (\(sizes.joined(separator: "; ")))."
  }

  /// D2L's run in words, from `RunConfiguration.d2l`.
  public static var d2lInWords: String {
    let d2l = RunConfiguration.d2l
    let m = d2l.model
    return "numExamples \(d2l.numExamples), \(d2l.numSteps) steps, batch \(d2l.batchSize), "
      + "embeddings of \(m.embedSize), a \(m.numLayers)-layer \(m.cell.rawValue.uppercased()) of "
      + "\(m.numHiddens) units, dropout \(m.dropout), Adam with learning rate \(d2l.lr), "
      + "gradients clipped at norm \(d2l.trainingOptions.maxGradientNorm), \(d2l.epochs) epochs."
  }
}
