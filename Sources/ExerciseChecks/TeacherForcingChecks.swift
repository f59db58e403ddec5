import Attention
import EncoderDecoder
import ExerciseSupport
import Exercises
import Formatting
import Layers
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
    try handPicked {
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
    try randomCases(
      .teacherForcingInput, sizes: [SizeRange("batch", 1...4), SizeRange("steps", 1...6)]
    ) { sizes, generator in
      let (batchSize, numSteps) = (sizes["batch"], sizes["steps"])
      let bos = Int.random(in: 0...9, using: &generator)
      let target = Array(10..<(10 + batchSize * numSteps)).shuffled(using: &generator)
      try expectEqual(
        .teacherForcingInput,
        "input for targets \(target) (\(batchSize), \(numSteps)), <bos> = \(bos)",
        got: try exercise(target, batchSize, numSteps, bos),
        expected: TeacherForcing.teacherForcingInput(
          target: target, shape: [batchSize, numSteps], bos: bos))
    }
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
    try handPicked {
      for (goldProbability, expected) in cases {
        try expectEqual(
          .scheduledInput,
          "gold \(gold), predicted \(predicted), draws \(draws), goldProbability \(goldProbability)",
          got: try exercise(gold, predicted, draws, goldProbability), expected: expected)
      }
    }
    try randomCases(.scheduledInput, sizes: [SizeRange("batch", 1...8)]) { sizes, generator in
      let batchSize = sizes["batch"]
      let gold = (0..<batchSize).map { _ in Int.random(in: 10..<20, using: &generator) }
      let predicted = (0..<batchSize).map { _ in Int.random(in: 20..<30, using: &generator) }
      // Draws in quarters, and a goldProbability that may equal one of them (a tie).
      let draws = (0..<batchSize).map { _ in Float(Int.random(in: 0...3, using: &generator)) / 4 }
      let goldProbability = Float(Int.random(in: 0...4, using: &generator)) / 4
      try expectEqual(
        .scheduledInput,
        "gold \(gold), predicted \(predicted), draws \(draws), goldProbability \(goldProbability)",
        got: try exercise(gold, predicted, draws, goldProbability),
        expected: TeacherForcing.scheduledInput(
          gold: gold, predicted: predicted, draws: draws, goldProbability: goldProbability))
    }
  }

  /// Exercise 5.3's function: model, optimizer, source, sourceValidLen, target, targetValidLen,
  /// shape, bos, maxNorm -> the batch's summed loss.
  typealias TrainStep = (
    EncoderDecoder, Adam, [Int], [Int], [Int], [Int], [Int], Int, Float
  ) throws -> Float

  /// Exercise 5.3, one training step: two steps on the first batches of 15 pairs, then random
  /// models (cell, layers, sizes), batch sizes, numSteps and clipping norms.
  static func trainStep(
    _ exercise: TrainStep = TeacherForcingExercises.trainStep
  ) throws {
    try handPicked {
      try trainSteps(
        exercise, numSteps: 5, batchSize: 8, maxNorm: 0.5,
        sizes: (embed: 4, hiddens: 6, layers: 1), cell: .gru, attention: nil, seed: 0)
    }
    let sizes = [
      SizeRange("batch", 1...5), SizeRange("steps", 2...6), SizeRange("embed", 1...5),
      SizeRange("hiddens", 1...5), SizeRange("layers", 1...2),
    ]
    try randomCases(.trainStep, count: 3, sizes: sizes) { sizes, generator in
      let cell = CellKind.allCases.randomElement(using: &generator)!
      // With attention, the source's valid lengths matter to the loss (a last-state c ignores
      // them).
      let attention = [AttentionKind.additive, nil].randomElement(using: &generator)!
      try trainSteps(
        exercise, numSteps: sizes["steps"], batchSize: sizes["batch"],
        maxNorm: 0.05 + generator.nextUnitFloat(),
        sizes: (sizes["embed"], sizes["hiddens"], sizes["layers"]), cell: cell,
        attention: attention, seed: generator.next())
    }
  }

  /// Two of the learner's steps beside two of the library trainer's on a model with the same
  /// seed, over the first two batches of the first 15 pairs (in the corpus's order for seed 0,
  /// else shuffled by `seed`): the summed
  /// losses, the clipped gradients, the parameters and Adam's first moments after each.
  static func trainSteps(
    _ exercise: TrainStep, numSteps: Int, batchSize: Int, maxNorm: Float,
    sizes: (embed: Int, hiddens: Int, layers: Int), cell: CellKind, attention: AttentionKind?,
    seed: UInt64
  ) throws {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(numExamples: 15), numSteps: numSteps, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: numSteps, embedSize: sizes.embed, numHiddens: sizes.hiddens,
      numLayers: sizes.layers, dropout: 0, cell: cell, attention: attention)
    var generator = SeededGenerator(seed: seed)
    let batches = dataset.batches(batchSize: batchSize, shuffle: seed != 0, using: &generator)
    // The project's trainer, on a model with the same seed, takes the same two steps.
    let reference = try EncoderDecoder(configuration, seed: 3)
    let trainer = Trainer(
      model: reference, dataset: dataset, options: TrainingOptions(learningRate: 0.01))
    let model = try EncoderDecoder(configuration, seed: 3)
    let optimizer = Adam(parameters: model.parameters, learningRate: 0.01)
    let modelText =
      "\(sizes.layers) \(cell.rawValue) layer\(sizes.layers == 1 ? "" : "s") of \(sizes.hiddens), "
      + "embeddings of \(sizes.embed)" + (attention == nil ? "" : ", additive attention")
    for (number, batch) in zip(1..., batches.prefix(2)) {
      trainer.optimizer.zeroGrad()
      let expectedLoss = try trainer.batchLoss(batch).sum()
      expectedLoss.backward()
      clipGradients(trainer.optimizer.parameters, maxNorm: maxNorm)
      trainer.optimizer.step()

      let loss = try exercise(
        model, optimizer, batch.source, batch.sourceValidLen, batch.target,
        batch.targetValidLen, batch.shape, dataset.targetVocab.bos, maxNorm)
      let what =
        "step \(number) on a batch of \(batch.batchSize) pairs (numSteps \(numSteps), source "
        + "validLen \(batch.sourceValidLen), target validLen \(batch.targetValidLen); \(modelText))"
      try expectClose(
        .trainStep, "\(what): the summed masked loss", got: [loss], expected: [expectedLoss.scalar])
      for (index, (got, expected)) in zip(model.parameters, reference.parameters).enumerated() {
        try expectClose(
          .trainStep,
          "\(what): the gradient of parameter \(index) \(Shape.describe(expected.shape)), as clipped to "
            + "a global norm of \(fixed(maxNorm, 3))",
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
