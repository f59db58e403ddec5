import ArgumentParser
import TranslationData

/// How many corpus lines to read: `all`, or D2L's numExamples N (lines 0 through N).
enum PairCount: Equatable, ExpressibleByArgument, CustomStringConvertible {
  case all
  case lines(through: Int)

  init?(argument: String) {
    if argument == "all" {
      self = .all
    } else if let n = Int(argument), n >= 0 {
      self = .lines(through: n)
    } else {
      return nil
    }
  }

  /// D2L's numExamples, `nil` for every line.
  var numExamples: Int? {
    if case .lines(let n) = self { return n }
    return nil
  }

  var description: String { numExamples.map(String.init) ?? "all" }
}

/// numSteps: a number, or `auto` for the length that holds 95% of the sentences whole.
enum StepCount: Equatable, ExpressibleByArgument, CustomStringConvertible {
  case auto
  case fixed(Int)

  init?(argument: String) {
    if argument == "auto" {
      self = .auto
    } else if let n = Int(argument) {
      self = .fixed(n)
    } else {
      return nil
    }
  }

  /// The share of sentences `auto` keeps whole.
  static let autoPercentile = 0.95

  /// The number of steps for `corpus`.
  func resolved(for corpus: Corpus) -> Int {
    switch self {
    case .fixed(let n): n
    case .auto: TranslationDataset.numSteps(holding: StepCount.autoPercentile, of: corpus)
    }
  }

  var description: String {
    if case .fixed(let n) = self { return String(n) }
    return "auto"
  }
}

extension SplitShares: ExpressibleByArgument {
  /// Parses `90/5/5`.
  public init?(argument: String) { self.init(argument) }
}

/// A set of defaults for `seq2seq train`; every flag given on the command line wins over it.
///
/// `d2l` is D2L v0.17's run: 601 pairs, a 2-layer GRU of 32 units. `full` trains a translator
/// that generalises on the whole corpus in about half an hour on two cores; Chapters/07b says how
/// each of its sizes was chosen and what it costs.
enum Preset: String, CaseIterable, ExpressibleByArgument {
  case d2l, full

  /// The values of the preset.
  var values: PresetValues {
    switch self {
    case .d2l:
      PresetValues(
        epochs: 300, numExamples: .lines(through: 600), numSteps: .fixed(10), batchSize: 64,
        embedSize: 32, numHiddens: 32, numLayers: 2, dropout: 0.1, lr: 0.005, lrDecay: 1,
        minFreq: 2, maxVocab: nil, split: nil, patience: nil)
    case .full:
      PresetValues(
        epochs: 8, numExamples: .all, numSteps: .auto, batchSize: 128, embedSize: 128,
        numHiddens: 192, numLayers: 2, dropout: 0.2, lr: 0.003, lrDecay: 1, minFreq: 2,
        maxVocab: 12_000,
        split: SplitShares(train: 90, validation: 5, test: 5), patience: 2)
    }
  }
}

/// The values a preset gives the options it covers.
struct PresetValues {
  var epochs: Int
  var numExamples: PairCount
  var numSteps: StepCount
  var batchSize: Int
  var embedSize: Int
  var numHiddens: Int
  var numLayers: Int
  var dropout: Float
  var lr: Float
  var lrDecay: Float
  var minFreq: Int
  var maxVocab: Int?
  var split: SplitShares?
  var patience: Int?
}

extension SplitName: ExpressibleByArgument {}
