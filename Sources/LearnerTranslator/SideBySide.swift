import BLEU
import ContextVariable
import EncoderDecoder
import Exercises
import Formatting
import Layers
import MaskedLoss
import Prediction
import Run
import TeacherForcing
import TensorCore
import Traces
import TranslationData

/// Your translator beside the library's: D2L's data and configuration, the same initial weights
/// (one seed), the same batches in the same order, D2L's one training loop each. Every `every`
/// epochs one line shows both losses; when yours leaves the library's by more than `tolerance`,
/// `Diagnosis` runs each of your pieces against the library's on the live tensors and names the
/// first that differs. At the end, D2L's four sentences translated by both, each model with its
/// own greedy search and BLEU.
public final class SideBySide {
  /// Whose code runs where.
  public let pieces: Pieces
  /// D2L's 601 pairs.
  public let dataset: TranslationDataset
  /// The library's model and its trainer (one worker: D2L's loop, as yours).
  public let library: EncoderDecoder
  let libraryTrainer: Trainer
  /// Yours, over weights equal to the library's at the start.
  public let learner: LearnerModel
  let optimizer: Adam
  var generator: SeededGenerator
  let options: TrainingOptions
  /// How far the two losses may part, as a share of the library's loss (or of 0.05 once it is
  /// below): the fused kernels and the packed loss the library runs round differently from the
  /// composites you write, and Adam carries those last bits along. With the reference solutions
  /// the two stay within 0.002 over D2L's 300 epochs (4% of 0.05); 10% leaves room for another
  /// CPU's kernels and still parts at once on a piece that loses its gradient.
  public let tolerance: Float

  /// Both models of D2L's configuration with c = `pooling` (last, mean, max), or with additive
  /// attention when `attends`, seeded, and `library` naming exercises whose library piece runs
  /// instead of yours.
  public init(
    epochs: Int = 300, seed: UInt64 = 0, pooling: ContextVariable = .lastState,
    attends: Bool = false, beamSize: Int = 1, library pieces: Set<String> = [],
    yours: Yours = Yours(), tolerance: Float = 0.1
  ) throws {
    dataset = try D2L.dataset()
    var configuration = RunConfiguration.d2l.model(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: dataset.numSteps)
    configuration.context = pooling
    configuration.attention = attends ? .additive : nil
    self.pieces = Pieces(
      library: pieces, pooling: pooling.shortName, attends: attends, beamSize: beamSize,
      yours: yours)
    library = try EncoderDecoder(configuration, seed: seed)
    learner = try LearnerModel(EncoderDecoder(configuration, seed: seed), pieces: self.pieces)
    var options = RunConfiguration.d2l.trainingOptions
    (options.epochs, options.seed, options.workers) = (epochs, seed, 1)
    self.options = options
    libraryTrainer = Trainer(model: library, dataset: dataset, options: options)
    optimizer = Adam(parameters: learner.parameters, learningRate: options.learningRate)
    generator = SeededGenerator(seed: seed)
    self.tolerance = tolerance
  }

  /// Trains both for the run's epochs, handing `say` a line with both losses every `every`
  /// epochs (and the first and the last). After the first epoch, and again in the first epoch
  /// where the losses part, `Diagnosis` runs your pieces against the library's on that epoch's
  /// first batch and `say` hears the first that differs: a piece that loses its gradient is
  /// named at once, even where the loss shows it only tens of epochs later. Returns both losses
  /// per epoch.
  public func train(every: Int, say: (String) -> Void) throws -> (yours: [Float], library: [Float])
  {
    var (yours, library) = ([Float](), [Float]())
    var (named, parted) = (false, false)
    let epochs = options.epochs
    for epoch in 1...epochs {
      let (mine, theirs, batch) = try trainEpoch()
      yours.append(mine)
      library.append(theirs)
      let agree = self.agree(mine, theirs)
      if epoch % every == 0 || epoch == epochs || epoch == 1 || (!agree && !parted) {
        say(
          "  epoch \(pad("\(epoch)/\(epochs)", 9)) yours \(fixed(Double(mine), 3))   "
            + "library's \(fixed(Double(theirs), 3))\(agree ? "" : "   they part")")
      }
      guard epoch == 1 || (!agree && !parted) else { continue }
      parted = parted || !agree
      guard !named || !agree else { continue }
      if let difference = try Diagnosis(self, batch: batch).firstDifference() {
        named = true
        say(
          agree
            ? "\n  After the first epoch, each of your pieces against the library's on its first batch:"
            : "\n  Your loss left the library's in epoch \(epoch) (more than \(fixed(Double(tolerance * 100), 0))% apart). "
              + "Each of your pieces against the library's on that epoch's first batch:")
        say("  \(difference)\n")
      } else if !agree {
        say(
          "\n  Your loss left the library's in epoch \(epoch), but every piece agrees with the "
            + "library's on the live tensors: the difference is in how they are put together "
            + "(5.3's step?).\n")
      }
    }
    return (yours, library)
  }

  /// One epoch of both: (yours, the library's) D2L loss, and the first batch yours trained on.
  public func trainEpoch() throws -> (yours: Float, library: Float, firstBatch: Batch) {
    let library = try libraryTrainer.trainEpoch().loss
    let batches = dataset.batches(batchSize: options.batchSize, using: &generator)
    var (losses, tokens) = ([Float](), [Int]())
    for batch in batches {
      losses.append(try trainStep(batch))
      tokens.append(batch.targetValidLen.reduce(0, +))
    }
    return (try lossPerToken(losses, tokens), library, batches[0])
  }

  /// D2L's printed loss of an epoch from its batches' summed losses and valid target tokens:
  /// your 4.3 or the library's.
  func lossPerToken(_ losses: [Float], _ tokens: [Int]) throws -> Float {
    try pieces.lossPerToken.run(
      on: "\(losses.count) batch losses",
      { try yours.lossPerToken(losses, tokens) },
      library: { losses.reduce(0, +) / Float(max(tokens.reduce(0, +), 1)) })
  }

  /// Runs every piece once on the shapes the run gives it (the first and the last batch, a
  /// training step on a copy of your model, a translation and its BLEU), so that a piece not
  /// written yet is known before the first epoch, and one that traps does so here, where
  /// `Piece.announce` has just named it. Trains nothing.
  public func probe() throws {
    var order = SeededGenerator(seed: 0)
    let batches = dataset.batches(batchSize: options.batchSize, shuffle: false, using: &order)
    for batch in [batches[0], batches[batches.count - 1]] {
      let logits = try LearningPhase.inference {
        try learner(
          source: batch.source, sourceValidLen: batch.sourceValidLen,
          decoderInput: teacherForcingInput(batch), shape: batch.shape)
      }
      let losses = try maskedLoss(logits, batch)
      _ = try lossPerToken([losses.sum().scalar], [batch.targetValidLen.reduce(0, +)])
      let copy = try LearnerModel(
        EncoderDecoder(library.configuration, seed: 0), pieces: pieces)
      _ = try trainStep(
        batch, model: copy, optimizer: Adam(parameters: copy.parameters, learningRate: 0))
    }
    _ = try bleuYours(try translateYours("go ."), "va !")
  }

  /// The functions you wrote.
  var yours: Yours { pieces.yours }

  /// Whether `yours` is within the tolerance of `library`.
  public func agree(_ yours: Float, _ library: Float) -> Bool {
    yours.isFinite && abs(yours - library) <= tolerance * max(abs(library), 0.05)
  }

  /// One training step of yours on `batch`: your 5.3 (which calls your 5.1 and the masked loss
  /// it names), or the library's step made of your 5.1 and 4.2 where you wrote them.
  func trainStep(_ batch: Batch) throws -> Float {
    try trainStep(batch, model: learner, optimizer: optimizer)
  }

  /// The same step for `model` and its `optimizer`.
  func trainStep(_ batch: Batch, model: LearnerModel, optimizer: Adam) throws -> Float {
    let bos = dataset.targetVocab.bos
    return try pieces.trainStep.run(
      on: "a batch (\(batch.batchSize), \(batch.numSteps))",
      {
        try yours.trainStep(
          model, optimizer, batch.source, batch.sourceValidLen, batch.target, batch.targetValidLen,
          batch.shape, bos, options.maxGradientNorm)
      },
      library: {
        optimizer.zeroGrad()
        let input = try teacherForcingInput(batch)
        let logits = try model(
          source: batch.source, sourceValidLen: batch.sourceValidLen, decoderInput: input,
          shape: batch.shape)
        let loss = try maskedLoss(logits, batch).sum()
        loss.backward()
        clipGradients(optimizer.parameters, maxNorm: options.maxGradientNorm)
        optimizer.step()
        return loss.scalar
      })
  }

  /// <bos> + the gold tokens: your 5.1 or the library's.
  func teacherForcingInput(_ batch: Batch) throws -> [Int] {
    let bos = dataset.targetVocab.bos
    return try pieces.teacherForcingInput.run(
      on: "labels (\(batch.batchSize), \(batch.numSteps))",
      {
        try yours.teacherForcingInput(batch.target, batch.batchSize, batch.numSteps, bos)
      },
      library: {
        TeacherForcing.teacherForcingInput(target: batch.target, shape: batch.shape, bos: bos)
      })
  }

  /// Each sentence's masked loss: your 4.2 or the library's.
  func maskedLoss(_ logits: Tensor, _ batch: Batch) throws -> Tensor {
    try pieces.maskedLoss.run(
      on: "logits \(dims(logits)), labels (\(batch.batchSize), \(batch.numSteps))",
      {
        try yours.maskedLoss(logits, batch.target, batch.targetValidLen)
      },
      library: {
        maskedSoftmaxCrossEntropy(
          logits: logits, labels: batch.target, validLen: batch.targetValidLen)
      })
  }

  /// `sentence` translated by your model with your greedy search (or beam search, with your 6.3):
  /// the tokens until <eos>.
  public func translateYours(_ sentence: String) throws -> String {
    let translator = Translator(
      model: library, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
    let source = translator.encodeSource(sentence)
    let numSteps = dataset.numSteps
    let (bos, eos) = (dataset.targetVocab.bos, dataset.targetVocab.eos)
    let tokens = try LearningPhase.inference { () throws -> [Int] in
      let encoded = try learner.encode(source.ids, shape: [1, numSteps])
      let start = try learner.start(encoded, validLen: [source.validLen])
      let step = { (token: Int, states: [RecurrentState]) throws -> ([Float], [RecurrentState]) in
        let (logits, next) = try self.learner.decodeStep(
          [token], context: start.context, states: states,
          values: self.pieces.attends ? (encoded.outputs, [source.validLen]) : nil)
        return (logits.logSoftmax().scalars, next)
      }
      if pieces.beamSize > 1 {
        return try beamSearch(bos: bos, eos: eos, initial: start.states, step: step)
      }
      return try pieces.greedyDecode.run(
        on: "\"\(sentence)\", at most \(numSteps) steps",
        {
          try yours.greedyDecode(bos, eos, numSteps, start.states, step)
        },
        library: {
          try greedySearch(
            maxSteps: numSteps, bos: bos, eos: eos, initial: start.states, step: step
          ).tokens
        })
    }
    return tokens.map { dataset.targetVocab.idxToToken[$0] }.joined(separator: " ")
  }

  /// The library's beam search with `pieces.beamSize` beams (a sequence that emits `<eos>` or
  /// reaches numSteps is a candidate; the best by (1 / L^0.75) log P wins), your 6.3 choosing
  /// each step's beams.
  func beamSearch(
    bos: Int, eos: Int, initial: [RecurrentState],
    step: (Int, [RecurrentState]) throws -> ([Float], [RecurrentState])
  ) throws -> [Int] {
    let (beamSize, maxSteps) = (pieces.beamSize, dataset.numSteps)
    func search(
      _ choose: ([Float], [[Float]], Int) throws -> [(beam: Int, token: Int, logProbability: Float)]
    ) throws -> [Int] {
      try Prediction.beamSearch(
        beamSize: beamSize, maxSteps: maxSteps, bos: bos, eos: eos, initial: initial,
        choose: choose, step: step)[0].tokens
    }
    return try pieces.beamSearch.run(
      on: "\(beamSize) beams of \(dataset.targetVocab.count) log-probabilities",
      { try search(yours.beamStep) }, library: { try search(bestContinuations) })
  }

  /// D2L's BLEU (k = 2) of `prediction` against `label`: your 7.3 or the library's.
  public func bleuYours(_ prediction: String, _ label: String) throws -> Double {
    try pieces.bleu.run(
      on: "\"\(prediction)\" against \"\(label)\"",
      { try yours.bleu(prediction, label, 2) },
      library: { d2lBLEU(prediction: prediction, label: label, k: 2) })
  }

  /// The library's translation of `sentence`: greedy, or beam search with `pieces.beamSize`.
  public func translateLibrary(_ sentence: String) throws -> String {
    let translator = Translator(
      model: library, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
    return try pieces.beamSize > 1
      ? translator.beamSearch(sentence, beamSize: pieces.beamSize).text
      : translator.greedy(sentence).text
  }
}
