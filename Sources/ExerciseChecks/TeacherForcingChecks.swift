import EncoderDecoder
import Exercises
import MaskedLoss
import TeacherForcing
import TensorCore
import TranslationData

enum TeacherForcingChecks {
  static func teacherForcingInput() throws {
    try expectEqual(
      "5.1", "input for target [[5, 6, 3, 1]] with <bos> = 2",
      got: try TeacherForcingExercises.teacherForcingInput(
        target: [5, 6, 3, 1], batchSize: 1, numSteps: 4, bos: 2),
      expected: [2, 5, 6, 3])
    let target = Array(10..<22)
    try expectEqual(
      "5.1", "input for a (3, 4) batch",
      got: try TeacherForcingExercises.teacherForcingInput(
        target: target, batchSize: 3, numSteps: 4, bos: 2),
      expected: TeacherForcing.teacherForcingInput(target: target, shape: [3, 4], bos: 2))
    try expectEqual(
      "5.1", "input when numSteps is 1",
      got: try TeacherForcingExercises.teacherForcingInput(
        target: [7, 8], batchSize: 2, numSteps: 1, bos: 2),
      expected: [2, 2])
  }

  static func scheduledInput() throws {
    let gold = [1, 2, 3, 4]
    let predicted = [9, 8, 7, 6]
    let draws: [Float] = [0.1, 0.6, 0.5, 0.99]
    try expectEqual(
      "5.2", "goldProbability 0.5 with draws \(draws)",
      got: try TeacherForcingExercises.scheduledInput(
        gold: gold, predicted: predicted, draws: draws, goldProbability: 0.5),
      expected: [1, 8, 7, 6])
    try expectEqual(
      "5.2", "goldProbability 1 (teacher forcing)",
      got: try TeacherForcingExercises.scheduledInput(
        gold: gold, predicted: predicted, draws: draws, goldProbability: 1),
      expected: gold)
    try expectEqual(
      "5.2", "goldProbability 0 (own predictions)",
      got: try TeacherForcingExercises.scheduledInput(
        gold: gold, predicted: predicted, draws: draws, goldProbability: 0),
      expected: predicted)
  }

  static func trainStep() throws {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 15), numSteps: 5, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: 5, embedSize: 4, numHiddens: 6, numLayers: 1, dropout: 0)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 16, shuffle: false, using: &generator)[0]
    // The project's trainer, on a model with the same seed, takes the same step.
    let reference = try EncoderDecoder(configuration, seed: 3)
    let trainer = Trainer(
      model: reference, dataset: dataset, options: TrainingOptions(learningRate: 0.01))
    trainer.optimizer.zeroGrad()
    let expectedLoss = try trainer.batchLoss(batch).sum()
    expectedLoss.backward()
    clipGradients(trainer.optimizer.parameters, maxNorm: 1)
    trainer.optimizer.step()

    let model = try EncoderDecoder(configuration, seed: 3)
    let optimizer = Adam(parameters: model.parameters, learningRate: 0.01)
    let loss = try TeacherForcingExercises.trainStep(
      model: model, optimizer: optimizer, source: batch.source,
      sourceValidLen: batch.sourceValidLen,
      target: batch.target, targetValidLen: batch.targetValidLen, shape: batch.shape,
      bos: dataset.targetVocab.bos, maxNorm: 1)
    try expectClose("5.3", "the batch's summed loss", got: [loss], expected: [expectedLoss.scalar])
    for (index, (got, expected)) in zip(model.parameters, reference.parameters).enumerated() {
      try expectClose("5.3", "parameter \(index) after the step", got: got, expected: expected)
    }
  }
}
