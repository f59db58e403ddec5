import EncoderDecoder
import TeacherForcing
import TensorCore
import TestSupport
import Testing
import TranslationData

@Suite("data parallelism: the batch split between workers")
struct DataParallelTests {
  /// A trainer of a fresh tiny model (dropout 0) with `workers` workers.
  func trainer(workers: Int, dropout: Float = 0, epochs: Int = 3) throws -> Trainer {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 40), numSteps: 6, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: 6, embedSize: 8, numHiddens: 16, numLayers: 2, dropout: dropout)
    return Trainer(
      model: try EncoderDecoder(configuration, seed: 3), dataset: dataset,
      options: TrainingOptions(epochs: epochs, batchSize: 16, seed: 3, workers: workers))
  }

  @Test("a batch splits into consecutive parts, the larger first")
  func split() {
    let batch = Batch(
      source: Array(0..<10), sourceValidLen: [1, 2, 3, 4, 5], target: Array(10..<20),
      targetValidLen: [5, 4, 3, 2, 1], numSteps: 2)
    let parts = batch.split(into: 2)
    #expect(parts.map(\.batchSize) == [3, 2])
    #expect(parts[0].source == [0, 1, 2, 3, 4, 5] && parts[1].target == [16, 17, 18, 19])
    #expect(parts[1].sourceValidLen == [4, 5] && parts[1].targetValidLen == [2, 1])
    #expect(batch.split(into: 7).map(\.batchSize) == [1, 1, 1, 1, 1, 0, 0])
  }

  @Test("the workers' summed gradients equal one worker's", arguments: [2, 3])
  func sameGradients(workers: Int) throws {
    let (one, many) = (try trainer(workers: 1), try trainer(workers: workers))
    var generator = SeededGenerator(seed: 0)
    let batch = one.dataset.batches(batchSize: 16, using: &generator)[0]
    let (lossOne, lossMany) = (try one.step(batch), try many.step(batch))
    #expect(abs(lossOne - lossMany) <= 1e-5 * abs(lossOne))
    for (a, b) in zip(one.model.parameters, many.model.parameters) {
      expectClose(b.grad!, a.grad!.scalars, absoluteTolerance: 1e-6, relativeTolerance: 1e-4)
    }
    // And a whole epoch later the losses still agree closely.
    let (epochOne, epochMany) = (try one.trainEpoch().loss, try many.trainEpoch().loss)
    #expect(abs(epochOne - epochMany) <= 1e-3 * epochOne)
  }

  @Test("with dropout, two workers are deterministic and still train")
  func deterministicWithDropout() throws {
    let first = try trainer(workers: 2, dropout: 0.2, epochs: 20).train().map(\.loss)
    let second = try trainer(workers: 2, dropout: 0.2, epochs: 20).train().map(\.loss)
    #expect(first == second)
    #expect(first.last! < first.first! * 0.7)
  }
}
