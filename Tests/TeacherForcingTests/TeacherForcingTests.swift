import EncoderDecoder
import TeacherForcing
import TensorCore
import Testing
import TranslationData

/// A tiny configuration: 33 pairs, one small GRU layer, so that training takes well under a second.
func tinySetup(epochs: Int = 5, feed: DecoderFeed = .teacherForcing, seed: UInt64 = 0) throws
  -> (Trainer, TranslationDataset)
{
  let dataset = TranslationDataset(
    corpus: try Corpus.load(numExamples: 32), numSteps: 6, minFreq: 1)
  let configuration = Seq2SeqConfiguration(
    sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
    numSteps: 6, embedSize: 8, numHiddens: 16, numLayers: 1)
  let model = try EncoderDecoder(configuration, seed: seed)
  let options = TrainingOptions(
    epochs: epochs, batchSize: 16, learningRate: 0.01, feed: feed, seed: seed)
  return (Trainer(model: model, dataset: dataset, options: options), dataset)
}

@Suite("teacher forcing and training")
struct TeacherForcingTests {
  @Test("the decoder reads <bos> and the gold sentence shifted right")
  func shiftRight() {
    #expect(teacherForcingInput(target: [5, 6, 3, 1], shape: [1, 4], bos: 2) == [2, 5, 6, 3])
    #expect(teacherForcingInput(target: [5, 6, 7, 8], shape: [2, 2], bos: 2) == [2, 5, 2, 7])
  }

  @Test("warm-up: the learning rate grows linearly over warmupSteps steps, then holds the epoch's")
  func warmup() throws {
    let (trainer, dataset) = try tinySetup(epochs: 1)
    var options = trainer.options
    options.warmupSteps = 4
    let warming = Trainer(model: trainer.model, dataset: dataset, options: options)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 16, using: &generator)[0]
    var rates: [Float] = []
    for _ in 0..<6 {
      try warming.step(batch)
      rates.append(warming.optimizer.learningRate)
    }
    #expect(rates == [0.25, 0.5, 0.75, 1, 1, 1].map { $0 * options.learningRate })
  }

  @Test("training lowers the loss, and reports tokens and D2L's loss metric")
  func lossFalls() throws {
    let (trainer, dataset) = try tinySetup(epochs: 30)
    let reports = try trainer.train()
    #expect(reports.count == 30)
    #expect(reports.last!.loss < reports.first!.loss * 0.5)
    #expect(reports[0].tokens == dataset.target.validLen.reduce(0, +))
  }

  @Test("one seed gives bit-identical losses, run after run")
  func deterministic() throws {
    let first = try tinySetup(epochs: 3).0.train().map(\.loss)
    let second = try tinySetup(epochs: 3).0.train().map(\.loss)
    #expect(first == second)
    let other = try tinySetup(epochs: 3, seed: 1).0.train().map(\.loss)
    #expect(first != other)
  }

  @Test(
    "feeding the model's own predictions, or a mix, also trains",
    arguments: [DecoderFeed.ownPredictions, .scheduledSampling(goldProbability: 0.5)])
  func otherFeeds(feed: DecoderFeed) throws {
    let reports = try tinySetup(epochs: 20, feed: feed).0.train()
    #expect(reports.last!.loss < reports.first!.loss)
  }

  @Test("with every token gold, scheduled sampling is teacher forcing")
  func scheduledSamplingAllGold() throws {
    let (forced, dataset) = try tinySetup()
    let (sampled, _) = try tinySetup(feed: .scheduledSampling(goldProbability: 1))
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 8, shuffle: false, using: &generator)[0]
    let a = try LearningPhaseInference.run { try forced.batchLoss(batch).scalars }
    let b = try LearningPhaseInference.run { try sampled.batchLoss(batch).scalars }
    for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-5) }
  }

  @Test("without the mask the padding counts: the loss of a batch changes")
  func withoutMask() throws {
    let (masked, dataset) = try tinySetup()
    var options = masked.options
    options.masksPadding = false
    let unmasked = Trainer(model: masked.model, dataset: dataset, options: options)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 8, shuffle: false, using: &generator)[0]
    let a = try LearningPhaseInference.run { try masked.batchLoss(batch).scalars }
    let b = try LearningPhaseInference.run { try unmasked.batchLoss(batch).scalars }
    #expect(zip(a, b).allSatisfy { $0 < $1 })  // the padding positions add loss
  }

  @Test("a NaN loss stops training with the epoch and batch named")
  func nanStops() throws {
    let (trainer, _) = try tinySetup(epochs: 2)
    trainer.model.parameters[0].assign(
      Array(repeating: .nan, count: trainer.model.parameters[0].count))
    #expect(throws: TrainingError.nonFinite(what: "loss", epoch: 1, batch: 1)) {
      try trainer.train()
    }
    #expect(
      TrainingError.nonFinite(what: "loss", epoch: 1, batch: 1).description.contains("epoch 1"))
  }
}

@Suite("a training run that stops and goes on")
struct ResumeTests {
  @Test("stopped after 2 epochs and resumed for 2 more, it ends where 4 in one go end")
  func resumeEqualsUninterrupted() throws {
    let (straight, _) = try tinySetup(epochs: 4)
    let straightLosses = try straight.train().map(\.loss)

    let (first, _) = try tinySetup(epochs: 2)
    let firstLosses = try first.train().map(\.loss)
    let (weights, state, moments) = (
      first.model.parameters.map(\.scalars), first.state, first.optimizer.state.moments
    )
    // A new process: a fresh model and trainer, then the saved state put in.
    let (second, _) = try tinySetup(epochs: 4)
    for (parameter, values) in zip(second.model.parameters, weights) { parameter.assign(values) }
    try second.resume(from: state, moments: moments)
    let secondLosses = try second.train().map(\.loss)

    #expect(firstLosses + secondLosses == straightLosses)
    #expect(second.model.parameters.map(\.scalars) == straight.model.parameters.map(\.scalars))
    #expect(second.epochsDone == 4 && second.optimizer.stepCount == straight.optimizer.stepCount)
  }

  @Test("without the optimizer's moments or the generators a resumed run goes elsewhere")
  func everyPartMatters() throws {
    let (straight, _) = try tinySetup(epochs: 3)
    let expected = try straight.train().map(\.loss).last!
    let (first, _) = try tinySetup(epochs: 2)
    try first.train()
    let weights = first.model.parameters.map(\.scalars)
    var fresh = first.state
    fresh.generator = SeededGenerator(seed: 99).state
    for (state, moments) in [
      (first.state, first.optimizer.state.moments.map { $0.map { _ in Float(0) } }),
      (fresh, first.optimizer.state.moments),
    ] {
      let (second, _) = try tinySetup(epochs: 3)
      for (parameter, values) in zip(second.model.parameters, weights) { parameter.assign(values) }
      try second.resume(from: state, moments: moments)
      #expect(try second.train().last!.loss != expected)
    }
  }

  @Test("a state of another model or worker count is refused")
  func refused() throws {
    let (trainer, _) = try tinySetup(epochs: 1)
    let state = trainer.state
    #expect(throws: TrainingError.self) {
      try trainer.resume(from: state, moments: [[1, 2, 3]])
    }
    var other = state
    other.dropout += other.dropout
    #expect(throws: TrainingError.self) {
      try trainer.resume(from: other, moments: trainer.optimizer.state.moments)
    }
  }
}

@Suite("the validation loss")
struct ValidationLossTests {
  @Test(
    "uses no dropout: the same number every call, and the inference-mode loss, on any workers",
    arguments: [1, 2, 3])
  func noDropout(workers: Int) throws {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 32), numSteps: 6, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: 6, embedSize: 8, numHiddens: 16, numLayers: 2, dropout: 0.5)
    let trainer = Trainer(
      model: try EncoderDecoder(configuration, seed: 0), dataset: dataset,
      options: TrainingOptions(epochs: 1, batchSize: 16, workers: workers))
    let loss = trainer.evaluationLoss(on: dataset)
    #expect(trainer.evaluationLoss(on: dataset) == loss)
    // D2L's definition, computed by hand in inference mode over the whole dataset as one batch.
    let batch = dataset.batch(rows: 0..<dataset.corpus.count)
    let byHand = try LearningPhaseInference.run { try trainer.batchLoss(batch) }.sum().scalar
    let tokens = Float(batch.targetValidLen.reduce(0, +))
    #expect(abs(loss - byHand / tokens) < 1e-5)
    // With dropout on, as training computes it, the loss differs.
    let training = try trainer.batchLoss(batch).sum().scalar / tokens
    #expect(abs(training - loss) > 1e-3)
  }
}

@Suite("the learning-rate decay")
struct LearningRateDecayTests {
  @Test("epoch e trains with lr * decay^(e-1); 1 keeps D2L's constant rate, bit for bit")
  func decay() throws {
    let (trainer, dataset) = try tinySetup(epochs: 3)
    var options = trainer.options
    options.learningRateDecay = 0.5
    let decaying = Trainer(
      model: try EncoderDecoder(trainer.model.configuration, seed: 0), dataset: dataset,
      options: options)
    var rates: [Float] = []
    for _ in 0..<3 {
      _ = try decaying.trainEpoch()
      rates.append(decaying.optimizer.learningRate)
    }
    #expect(rates == [0.01, 0.005, 0.0025])
    try trainer.train()
    #expect(trainer.optimizer.learningRate == 0.01)
    #expect(
      decaying.model.parameters.map(\.scalars) != trainer.model.parameters.map(\.scalars))
  }
}
