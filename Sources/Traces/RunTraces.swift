/// One training run's numbers, epoch by epoch (`learning-curve`).
public struct LearningCurveTrace: Sendable, Equatable, Codable {
  /// D2L's training loss of each epoch.
  public var trainingLoss: [Float]
  /// The validation loss after each epoch (dropout off).
  public var validationLoss: [Float]
  /// The validation corpus BLEU after each epoch.
  public var validationBLEU: [Double]
  /// The epoch (from 1) whose model was kept, the one with the best validation BLEU.
  public var bestEpoch: Int
  /// What was trained, in words, for the caption.
  public var detail: String

  /// Makes the record of a run.
  public init(
    trainingLoss: [Float], validationLoss: [Float], validationBLEU: [Double], bestEpoch: Int,
    detail: String
  ) {
    self.trainingLoss = trainingLoss
    self.validationLoss = validationLoss
    self.validationBLEU = validationBLEU
    self.bestEpoch = bestEpoch
    self.detail = detail
  }
}

/// Another model's test BLEU by source length on the same split, to compare with
/// (`bleu-by-length-attention`: the models without attention and with one-way attention beside
/// the one with two-way attention).
public struct BaselineTrace: Sendable, Equatable, Codable {
  /// What the other model is, in a few words (`no attention`, `one-way attention`).
  public var name: String
  /// Its test-split corpus BLEU by source length, the same buckets.
  public var bleuByLength: [LengthBLEU]

  /// Makes the record.
  public init(name: String, bleuByLength: [LengthBLEU]) {
    self.name = name
    self.bleuByLength = bleuByLength
  }
}

/// What the figures of a model trained with a split show: its learning curve and its test BLEU
/// by source length; with attention, a few test sentences' weights; with baselines, the
/// comparison. `seq2seq figures --model M --data F` writes it as `run-traces.json`.
public struct RunTraces: Sendable, Equatable, TraceFile {
  /// The epochs of the run (`learning-curve`).
  public var learningCurve: LearningCurveTrace
  /// Test-split corpus BLEU by source length, the last bucket pooling longer sentences
  /// (`bleu-by-length-test`).
  public var bleuByLength: [LengthBLEU]
  /// A model with attention: the weights of a few sentences (`attention-heatmap`).
  public var attention: [AttentionTrace]?
  /// Models to compare with on the same test split (`bleu-by-length-attention`).
  public var baselines: [BaselineTrace]?
  /// A Transformer: its positional codes and every head's weights for one test sentence.
  public var transformer: TransformerTrace?

  /// Makes the record.
  public init(
    learningCurve: LearningCurveTrace, bleuByLength: [LengthBLEU],
    attention: [AttentionTrace]? = nil, baselines: [BaselineTrace]? = nil,
    transformer: TransformerTrace? = nil
  ) {
    self.transformer = transformer
    self.learningCurve = learningCurve
    self.bleuByLength = bleuByLength
    self.attention = attention
    self.baselines = baselines
  }

  /// What the model is, in a few words, to tell it from others in a comparison: `no attention`,
  /// `one-way attention` or `two-way attention` (its encoder reads both ways).
  public var modelName: String {
    if transformer != nil { return "Transformer" }
    guard attention != nil else { return "no attention" }
    return learningCurve.detail.contains("bidirectional")
      ? "two-way attention" : "one-way attention"
  }

  /// The file the traces are kept in.
  public static let fileName = "run-traces.json"
}
