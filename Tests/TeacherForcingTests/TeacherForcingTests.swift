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
