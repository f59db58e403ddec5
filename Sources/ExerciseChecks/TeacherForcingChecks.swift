import EncoderDecoder
import ExerciseSupport
import Exercises
import MaskedLoss
import TeacherForcing
import TensorCore
import TranslationData

/// The checks of concept 5, teacher forcing.
enum TeacherForcingChecks {
  /// Exercise 5.1, the teacher-forcing input.
  static func teacherForcingInput(
    _ exercise: ([Int], Int, Int, Int) throws -> [Int] = TeacherForcingExercises.teacherForcingInput
  ) throws {
    try expectEqual(
      .teacherForcingInput, "input when numSteps is 1, targets [[7], [8]], <bos> = 2",
      got: try exercise([7, 8], 2, 1, 2), expected: [2, 2])
    try expectEqual(
      .teacherForcingInput, "input for target [[5, 6, 3, 1]] with <bos> = 2",
      got: try exercise([5, 6, 3, 1], 1, 4, 2), expected: [2, 5, 6, 3])
    let target = Array(10..<22)
    try expectEqual(
      .teacherForcingInput,
      "input for targets [[10, 11, 12, 13], [14, ...], [18, ...]] (3, 4), <bos> = 2",
      got: try exercise(target, 3, 4, 2),
      expected: TeacherForcing.teacherForcingInput(target: target, shape: [3, 4], bos: 2))
  }

  /// Exercise 5.2, scheduled sampling's choice.
  static func scheduledInput(
    _ exercise: ([Int], [Int], [Float], Float) throws -> [Int] =
      TeacherForcingExercises.scheduledInput
  ) throws {
    let gold = [1, 2, 3, 4]
    let predicted = [9, 8, 7, 6]
    let draws: [Float] = [0.1, 0.6, 0.5, 0.99]
    let cases: [(Float, [Int])] = [(1, gold), (0, predicted), (0.5, [1, 8, 7, 6])]
    for (goldProbability, expected) in cases {
      try expectEqual(
        .scheduledInput,
        "gold \(gold), predicted \(predicted), draws \(draws), goldProbability \(goldProbability)",
        got: try exercise(gold, predicted, draws, goldProbability), expected: expected)
    }
  }

  /// Exercise 5.3's function: model, optimizer, source, sourceValidLen, target, targetValidLen,
  /// shape, bos, maxNorm -> the batch's summed loss.
  typealias TrainStep = (
    EncoderDecoder, Adam, [Int], [Int], [Int], [Int], [Int], Int, Float
  ) throws -> Float

  /// Exercise 5.3, one training step.
  static func trainStep(
    _ exercise: TrainStep = TeacherForcingExercises.trainStep
  ) throws {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 15), numSteps: 5, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: 5, embedSize: 4, numHiddens: 6, numLayers: 1, dropout: 0)
    var generator = SeededGenerator(seed: 0)
    let batches = dataset.batches(batchSize: 8, shuffle: false, using: &generator)
    let maxNorm: Float = 0.5
    // The project's trainer, on a model with the same seed, takes the same two steps.
    let reference = try EncoderDecoder(configuration, seed: 3)
    let trainer = Trainer(
      model: reference, dataset: dataset, options: TrainingOptions(learningRate: 0.01))
    let model = try EncoderDecoder(configuration, seed: 3)
    let optimizer = Adam(parameters: model.parameters, learningRate: 0.01)
    for (number, batch) in zip(1..., batches.prefix(2)) {
      trainer.optimizer.zeroGrad()
      let expectedLoss = try trainer.batchLoss(batch).sum()
      expectedLoss.backward()
      clipGradients(trainer.optimizer.parameters, maxNorm: maxNorm)
      trainer.optimizer.step()

      let loss = try exercise(
        model, optimizer, batch.source, batch.sourceValidLen, batch.target,
        batch.targetValidLen, batch.shape, dataset.targetVocab.bos, maxNorm)
      let what = "step \(number) on a batch of \(batch.batchSize) pairs (numSteps 5)"
      try expectClose(
        .trainStep, "\(what): the summed masked loss", got: [loss], expected: [expectedLoss.scalar])
      for (index, (got, expected)) in zip(model.parameters, reference.parameters).enumerated() {
        try expectClose(
          .trainStep,
          "\(what): the gradient of parameter \(index) \(Shape.describe(expected.shape)), as clipped to "
            + "a global norm of \(maxNorm)",
          got: got.grad ?? Tensor.zeros(got.shape),
          expected: expected.grad ?? Tensor.zeros(got.shape))
        try expectClose(
          .trainStep,
          "\(what): parameter \(index) \(Shape.describe(expected.shape)) after the update",
          got: got, expected: expected)
      }
      // Adam's first moment m holds the gradients it stepped with: clipped only after the step,
      // the update itself barely changes (Adam divides by the gradients' size), m does.
      let moments = zip(optimizer.state.moments, trainer.optimizer.state.moments)
      for (index, (got, expected)) in moments.prefix(model.parameters.count).enumerated() {
        try expectClose(
          .trainStep,
          "\(what): Adam's first moment m of parameter \(index), which holds the gradients it "
            + "stepped with (clip before optimizer.step())", got: got, expected: expected,
          tolerance: 1e-7)
      }
    }
  }
}
