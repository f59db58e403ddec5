import Attention
import EncoderDecoder
import Layers
import Prediction
import TeacherForcing
import TensorCore
import Transformer

/// Your pieces put into the library's model, trainer and searches: each substitute runs your
/// function while the piece is yours and declines (`nil`) otherwise, and then the library's own
/// code runs. Nothing here computes the model: it only hands your functions what the library's
/// code holds at that point.
extension Pieces {
  /// Your pieces of the model (1.1-1.4, 2.x, 3.1-3.3, 8.1-8.3), for `EncoderDecoder.pieces`.
  func modelPieces(cell kind: CellKind) -> ModelPieces {
    var model = ModelPieces()
    let yours = self.yours
    model.timeMajor = { [self] ids, batchSize, numSteps in
      timeMajor.run(on: "ids (\(batchSize), \(numSteps))") {
        try yours.timeMajor(ids, batchSize, numSteps)
      }
    }
    let step = kind == .rnn ? rnnStep : gruStep
    model.overTime = { [self] cell, inputs, initial in
      // Your step (1.3) on the library cell's weights, run over time by your loop (1.4) or,
      // while that is not yours, by the library's loop; neither yours: the fused kernel.
      let cell = LearnerCell(cell, kind: kind, pieces: self)
      return runCell.run(on: "inputs \(dims(inputs)), state \(dims(initial.hidden))") {
        try yours.runCell(cell, inputs, initial)
      } ?? (step.isLearners ? RecurrentLayer.loopOverTime(cell, inputs, from: initial) : nil)
    }
    model.context = { [self] outputs, state, validLen in
      let lengths = validLen ?? Array(repeating: outputs.shape[0], count: outputs.shape[1])
      return context.run(
        on: "outputs \(dims(outputs)), state \(dims(state.hidden)), validLen \(lengths.count)"
      ) {
        switch context.key {
        case .meanOverTime: try yours.meanOverTime(outputs, lengths)
        case .maxOverTime: try yours.maxOverTime(outputs, lengths)
        default: try yours.lastState(state.hidden)
        }
      }
    }
    model.initialState = { [self] state, numLayers, numHiddens in
      initialState.run(on: "the encoder's state \(dims(state)), \(numLayers) layers") {
        try yours.initialState(state, numLayers, numHiddens)
      }
    }
    model.concatenateContext = { [self] embedded, c in
      concatenateContext.run(on: "embedded \(dims(embedded)), c \(dims(c))") {
        try yours.concatenateContext(embedded, c)
      }
    }
    model.decoderStep = { [self] tokens, c, states, embedding, cells, dense in
      decoderStep.run(on: "\(tokens.count) tokens, c \(dims(c)), \(states.count) layers") {
        let cells = cells.map { LearnerCell($0, kind: kind, pieces: self) }
        return try yours.decoderStep(tokens, c, states, embedding, cells, dense)
      }
    }
    model.attentionScores = { [self] query, values, score in
      guard let score = score as? AdditiveAttention else { return nil }
      return additiveScores.run(
        on: "the query \(dims(query)), the encoder's states \(dims(values))"
      ) {
        try yours.additiveScores(
          query, values, score.queryWeight, score.keyWeight, score.scoreWeight)
      }
    }
    model.maskedSoftmax = { [self] scores, validLen in
      maskedSoftmax.run(on: "scores \(dims(scores)), validLen \(validLen.count)") {
        try yours.maskedSoftmax(scores, validLen)
      }
    }
    model.weightedContext = { [self] weights, values in
      weightedContext.run(on: "weights \(dims(weights)), states \(dims(values))") {
        try yours.weightedContext(weights, values)
      }
    }
    return model
  }

  /// Your pieces of a Transformer (10.1-10.7), for `EncoderDecoder.transformerPieces`.
  var transformerPieces: TransformerPieces {
    var model = TransformerPieces()
    let yours = self.yours
    model.attend = { [self] queries, keys, values, validLen in
      attend.run(on: "queries \(dims(queries)), keys \(dims(keys)), validLen \(validLen.count)") {
        try yours.scaledDotProductAttention(queries, keys, values, validLen)
      }
    }
    model.causalMask = { [self] querySteps, keySteps in
      causalMask.run(on: "\(querySteps) queries over \(keySteps) keys") {
        try yours.causalMask(querySteps, keySteps)
      }
    }
    model.splitHeads = { [self] x, numHeads in
      splitHeads.run(on: "x \(dims(x)), \(numHeads) heads") { try yours.splitHeads(x, numHeads) }
    }
    model.mergeHeads = { [self] x in
      mergeHeads.run(on: "heads \(dims(x))") { try yours.mergeHeads(x) }
    }
    model.positionalEncoding = { [self] numHiddens, maxLen in
      positionalEncoding.run(on: "\(maxLen) positions of \(numHiddens)") {
        try yours.positionalEncoding(numHiddens, maxLen)
      }
    }
    model.layerNorm = { [self] x, gamma, beta, epsilon in
      layerNorm.run(on: "x \(dims(x))") { try yours.layerNorm(x, gamma, beta, epsilon) }
    }
    model.addNorm = { [self] x, y, norm, dropout in
      addNorm.run(on: "x and y \(dims(x))") { try yours.addNorm(x, y, norm, dropout) }
    }
    return model
  }

  /// Your pieces of training (4.2, 4.3, 5.1, 5.3), for `Trainer.pieces`; your 5.3 clips the
  /// gradients to `maxNorm`.
  func trainingPieces(maxNorm: Float) -> TrainingPieces {
    var training = TrainingPieces()
    let yours = self.yours
    training.teacherForcingInput = { [self] target, batchSize, numSteps, bos in
      teacherForcingInput.run(on: "labels (\(batchSize), \(numSteps))") {
        try yours.teacherForcingInput(target, batchSize, numSteps, bos)
      }
    }
    training.maskedLoss = { [self] logits, labels, validLen in
      maskedLoss.run(on: "logits \(dims(logits)), labels (\(validLen.count), \(logits.shape[1]))") {
        try yours.maskedLoss(logits, labels, validLen)
      }
    }
    training.lossPerToken = { [self] losses, tokens in
      lossPerToken.run(on: "\(losses.count) batch losses") {
        try yours.lossPerToken(losses, tokens)
      }
    }
    training.trainStep = { [self] batch, bos, model, optimizer in
      trainStep.run(on: "a batch (\(batch.batchSize), \(batch.numSteps))") {
        try yours.trainStep(
          model, optimizer, batch.source, batch.sourceValidLen, batch.target, batch.targetValidLen,
          batch.shape, bos, maxNorm)
      }
    }
    return training
  }

  /// Your searches (6.2, or 6.3 with beams), for `Translator.pieces`.
  var searchPieces: SearchPieces {
    var search = SearchPieces()
    let yours = self.yours
    if beamSize > 1 {
      search.beamStep = { [self] beams, next, beamSize in
        beamSearch.run(on: "\(beams.count) beams of \(next.first?.count ?? 0) log-probabilities") {
          try yours.beamStep(beams, next, beamSize)
        }
      }
    } else {
      search.greedyDecode = { [self] bos, eos, maxSteps, initial, step in
        greedyDecode.run(on: "one sentence, at most \(maxSteps) steps") {
          try yours.greedyDecode(bos, eos, maxSteps, initial, step)
        }
      }
    }
    return search
  }
}
