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

/// What the figures of a model trained with a split show: its learning curve and its test BLEU
/// by source length. `seq2seq figures --model M --data F` writes it as `run-traces.json`.
public struct RunTraces: Sendable, Equatable, TraceFile {
  /// The epochs of the run (`learning-curve`).
  public var learningCurve: LearningCurveTrace
  /// Test-split corpus BLEU by source length, the last bucket pooling longer sentences
  /// (`bleu-by-length-test`).
  public var bleuByLength: [LengthBLEU]

  /// Makes the record.
  public init(learningCurve: LearningCurveTrace, bleuByLength: [LengthBLEU]) {
    self.learningCurve = learningCurve
    self.bleuByLength = bleuByLength
  }

  /// The file the traces are kept in.
  public static let fileName = "run-traces.json"
}
