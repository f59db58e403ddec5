import EncoderDecoder

extension RunConfiguration {
  /// The largest values a run's settings may take: bounds that keep a typo from asking for
  /// terabytes or years.
  public enum Limit {
    /// Epochs of a training run.
    public static let epochs = 100_000
    /// Tokens per sentence: the model's limit, which a checkpoint is checked against too.
    public static let numSteps = Seq2SeqConfiguration.Limit.numSteps
    /// Sentence pairs per batch.
    public static let batchSize = 100_000
    /// Embedding and hidden sizes.
    public static let width = Seq2SeqConfiguration.Limit.width
    /// Recurrent layers.
    public static let layers = Seq2SeqConfiguration.Limit.layers
    /// Steps of learning-rate warm-up: ten million, more than any run here takes.
    public static let warmup = 10_000_000
    /// Copies of the model a batch is split between.
    public static let workers = 16
    /// Beams of a search (`translate`, `evaluate`).
    public static let beam = 100
  }

  /// What is wrong with this run's settings, in one line naming the setting by its flag
  /// (`--lr must be positive, got 0.`), or `nil`: the checks of every front end
  /// (`TrainingSession` refuses a run with a problem; `seq2seq train` reports it before anything
  /// is read). Within the limits, the model's sizes and the trainer's options are also checked by
  /// the model (`Seq2SeqConfiguration.problem`) and the trainer (`TrainingOptions.problem`).
  public var problem: String? {
    var counts: [(String, Int?, ClosedRange<Int>)] = [
      ("--epochs", epochs, 1...Limit.epochs), ("--batch-size", batchSize, 1...Limit.batchSize),
      ("--embed-size", model.embedSize, 1...Limit.width),
      ("--num-hiddens", model.numHiddens, 1...Limit.width),
      ("--num-layers", model.numLayers, 1...Limit.layers),
      ("--decoder-hiddens", model.decoderNumHiddens, 1...Limit.width),
      ("--decoder-layers", model.decoderNumLayers, 1...Limit.layers),
      ("--min-freq", minFreq, 1...Int.max), ("--bleu-pairs", bleuPairs, 1...Int.max),
      ("--patience", patience, 1...Limit.epochs),
      ("--max-vocab", maxVocab, Seq2SeqConfiguration.Limit.minVocabSize...Int.max),
      ("--warmup", warmupSteps, 0...Limit.warmup), ("--workers", workers, 1...Limit.workers),
    ]
    if case .fixed(let n) = numSteps {
      counts.insert(("--num-steps", n, 1...Limit.numSteps), at: 0)
    }
    if let sizes = model.transformer {
      counts += [
        ("--num-heads", sizes.numHeads, 1...Limit.width),
        ("--ffn-num-hiddens", sizes.ffnNumHiddens, 1...Limit.width),
      ]
    }
    for case (let name, let value?, let range) in counts {
      if let problem = outside(name, value, range) { return problem }
    }
    if let sizes = model.transformer, model.numHiddens % sizes.numHeads != 0 {
      return
        "--num-hiddens \(model.numHiddens) must be a multiple of --num-heads \(sizes.numHeads)."
    }
    let fractions: [(String, Float, Bool)] = [
      ("--dropout must be in [0, 1)", model.dropout, (0..<1).contains(model.dropout)),
      ("--label-smoothing must be in [0, 1)", labelSmoothing, (0..<1).contains(labelSmoothing)),
      ("--lr must be positive", lr, lr > 0 && lr.isFinite),
      ("--lr-decay must be in (0, 1]", lrDecay, lrDecay > 0 && lrDecay <= 1),
      ("--gold-ratio must be in [0, 1]", goldRatio, (0...1).contains(goldRatio)),
    ]
    for (rule, value, holds) in fractions where !holds { return "\(rule), got \(value)." }
    if patience != nil, split.map({ $0.validation == 0 }) ?? true {
      return "--patience needs validation pairs: give --split, e.g. 90/5/5."
    }
    return trainingOptions.problem.map { "the training options: \($0)." }
  }

  /// `--name must be at least 1, got 0.` when `value` is outside `range`.
  private func outside(_ name: String, _ value: Int, _ range: ClosedRange<Int>) -> String? {
    if name == "--max-vocab", value < range.lowerBound {
      return
        "--max-vocab must be at least 5 (<unk>, <pad>, <bos>, <eos> and one word), got \(value)."
    }
    if value < range.lowerBound {
      return "\(name) must be at least \(range.lowerBound), got \(value)."
    }
    if value > range.upperBound {
      return "\(name) must be at most \(range.upperBound), got \(value)."
    }
    return nil
  }
}
