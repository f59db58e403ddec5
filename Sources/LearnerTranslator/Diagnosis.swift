import Attention
import ContextVariable
import EncoderDecoder
import ExerciseChecks
import Exercises
import Formatting
import Layers
import MaskedLoss
import TeacherForcing
import TensorCore
import TranslationData

/// When your loss leaves the library's: each of your pieces run against the library's piece on
/// the live tensors of a batch the model really trained on (the library model's weights, the
/// batch's sizes and values), comparing outputs and, for the differentiable ones, gradients.
/// The first piece that differs is the one to look at; a piece's own check has small cases, the
/// model's are real.
public struct Diagnosis {
  let run: SideBySide
  let batch: Batch

  /// A diagnosis of `run` on `batch`.
  public init(_ run: SideBySide, batch: Batch) {
    self.run = run
    self.batch = batch
  }

  /// The first of your pieces whose output or gradient differs from the library's, in one
  /// paragraph naming it, the input shapes and the first differing values; nil when all agree.
  public func firstDifference() throws -> String? {
    let used = run.pieces.all
    for (piece, compare) in comparisons
    where piece.isLearners && used.contains(where: { $0 === piece }) {
      if let difference = try compare() {
        return "\(piece.id) (\(piece.role)) differs from the library's on the live tensors: "
          + difference
      }
    }
    return nil
  }

  /// The comparisons, in the order the model runs the pieces: the architecture's, then those of
  /// training and the searches.
  var comparisons: [(Piece, () throws -> String?)] {
    (run.pieces.transformer ? transformerComparisons : recurrentComparisons) + sharedComparisons
  }

  /// The recurrent model's pieces (concepts 1-3 and 8).
  var recurrentComparisons: [(Piece, () throws -> String?)] {
    let pieces = run.pieces
    let yours = pieces.yours
    let model = run.library
    let (batchSize, numSteps) = (batch.batchSize, batch.numSteps)
    let embedded = model.encoder.embedding.timeMajor(batch.source, shape: batch.shape)
    let cell = model.encoder.rnn.cells[0]
    return [
      (
        pieces.timeMajor,
        {
          let got = try yours.timeMajor(batch.source, batchSize, numSteps)
          let expected = (0..<numSteps).flatMap { t in
            (0..<batchSize).map { batch.source[$0 * numSteps + t] }
          }
          return got == expected
            ? nil
            : "source ids (\(batchSize), \(numSteps)): expected \(expected.prefix(8)), got \(got.prefix(8))"
        }
      ),
      (
        pieces.gruStep,
        {
          // Step 3 of the encoder's first layer, from the state the library reached there.
          let h = cell.compositeSequence(
            projected: cell.weights.projectInputs(
              embedded.slice(axis: 0, 0..<3).reshaped([3 * batchSize, -1])),
            from: cell.zeroState(batchSize: batchSize), reversed: false
          ).final.hidden
          let x = embedded.select(axis: 0, 3)
          return try compare(
            "x (\(batchSize), \(x.shape[1])) and h (\(batchSize), \(h.shape[1])) at step 4",
            inputs: [("x", x), ("h", h)], parameters: cell.parameters,
            yours: { try yours.gruStep($0[0], $0[1], cell.weights) },
            library: { cell($0[0], state: RecurrentState(hidden: $0[1])).hidden })
        }
      ),
      (
        pieces.runCell,
        {
          try compare(
            "the encoder's first layer over its inputs (\(numSteps), \(batchSize), \(embedded.shape[2]))",
            inputs: [("the inputs", embedded)], parameters: cell.parameters,
            yours: {
              let zero = cell.zeroState(batchSize: batchSize)
              return try yours.runCell(cell, $0[0], zero).outputs
            },
            library: {
              cell.compositeSequence(
                projected: cell.weights.projectInputs($0[0].reshaped([numSteps * batchSize, -1])),
                from: cell.zeroState(batchSize: batchSize), reversed: false
              ).outputs
            })
        }
      ),
      (
        pieces.context,
        {
          let (outputs, state) = LearningPhase.inference {
            model.encoder(batch.source, shape: batch.shape, validLen: nil)
          }
          let validLen = batch.sourceValidLen
          return try compare(
            "the encoder's outputs \(dims(outputs)) and state \(dims(state.hidden))",
            inputs: [("the outputs", outputs), ("the state", state.hidden)], parameters: [],
            yours: {
              switch pieces.context.key {
              case .meanOverTime: try yours.meanOverTime($0[0], validLen)
              case .maxOverTime: try yours.maxOverTime($0[0], validLen)
              default: try yours.lastState($0[1])
              }
            },
            library: {
              model.configuration.context(
                outputs: $0[0], state: RecurrentState(hidden: $0[1]), validLen: validLen)
            })
        }
      ),
      (
        pieces.concatenateContext,
        {
          let target = model.decoder.embedding.timeMajor(batch.target, shape: batch.shape)
          let context = sample([batchSize, model.configuration.numHiddens], seed: 1)
          return try compare(
            "the decoder's embedded inputs \(dims(target)) and c \(dims(context))",
            inputs: [("the embedded inputs", target), ("c", context)], parameters: [],
            yours: { try yours.concatenateContext($0[0], $0[1]) },
            library: {
              Tensor.concatenate(
                [$0[0], $0[1].expanded(to: [numSteps, batchSize, $0[1].shape[1]])], axis: 2)
            })
        }
      ),
      (
        pieces.additiveScores,
        {
          let (query, values) = attentionInputs()
          let score = model.decoder.attention!.score as! AdditiveAttention
          return try compare(
            "the query \(dims(query)) and the encoder's states \(dims(values))",
            inputs: [("the query", query), ("the states", values)], parameters: score.parameters,
            yours: {
              try yours.additiveScores(
                $0[0], $0[1], score.queryWeight, score.keyWeight, score.scoreWeight)
            },
            library: { score.scores(query: $0[0], keys: score.keys($0[1])) })
        }
      ),
      (
        pieces.maskedSoftmax,
        {
          let (query, values) = attentionInputs()
          let score = model.decoder.attention!.score as! AdditiveAttention
          let scores = score.scores(query: query, keys: score.keys(values))
          let validLen = batch.sourceValidLen
          return try compare(
            "the scores \(dims(scores)) over the batch's valid source lengths",
            inputs: [("the scores", scores)], parameters: [],
            yours: { try yours.maskedSoftmax($0[0], validLen) },
            library: { maskedSoftmax($0[0], validLen: validLen) })
        }
      ),
      (
        pieces.weightedContext,
        {
          let (query, values) = attentionInputs()
          let score = model.decoder.attention!.score as! AdditiveAttention
          let weights = maskedSoftmax(
            score.scores(query: query, keys: score.keys(values)), validLen: batch.sourceValidLen)
          return try compare(
            "the weights \(dims(weights)) and the encoder's states \(dims(values))",
            inputs: [("the weights", weights), ("the states", values)], parameters: [],
            yours: { try yours.weightedContext($0[0], $0[1]) },
            library: { weightedContext($0[0], $0[1]) })
        }
      ),
    ]
  }

  /// The pieces of training and the searches, whatever the architecture.
  var sharedComparisons: [(Piece, () throws -> String?)] {
    let pieces = run.pieces
    let yours = pieces.yours
    let model = run.library
    let (batchSize, numSteps) = (batch.batchSize, batch.numSteps)
    return [
      (
        pieces.maskedLoss,
        {
          let logits = try LearningPhase.inference {
            try model(
              source: batch.source, sourceValidLen: batch.sourceValidLen,
              decoderInput: TeacherForcing.teacherForcingInput(
                target: batch.target, shape: batch.shape, bos: run.dataset.targetVocab.bos),
              shape: batch.shape)
          }
          return try compare(
            "the model's logits \(dims(logits)) with the batch's labels and valid lengths",
            inputs: [("the logits", logits)], parameters: [],
            yours: {
              try yours.maskedLoss($0[0], batch.target, batch.targetValidLen)
            },
            library: {
              maskedSoftmaxCrossEntropy(
                logits: $0[0], labels: batch.target, validLen: batch.targetValidLen)
            })
        }
      ),
      (
        pieces.teacherForcingInput,
        {
          let got = try yours.teacherForcingInput(
            batch.target, batchSize, numSteps, run.dataset.targetVocab.bos)
          let expected = TeacherForcing.teacherForcingInput(
            target: batch.target, shape: batch.shape, bos: run.dataset.targetVocab.bos)
          return got == expected
            ? nil
            : "the batch's labels (\(batchSize), \(numSteps)): expected \(expected.prefix(8)), got \(got.prefix(8))"
        }
      ),
      (pieces.trainStep, trainStepHands),
      (pieces.greedyDecode, greedyHands),
      (pieces.beamSearch, beamStepChooses),
    ]
  }

  /// The first query of the batch's decoder (the encoder's last state, top layer) and the
  /// encoder's outputs batch-major, (batchSize, numSteps, numHiddens), as the library computes
  /// them with dropout off.
  func attentionInputs() -> (query: Tensor, values: Tensor) {
    let model = run.library
    let (outputs, state) = LearningPhase.inference {
      model.encoder(batch.source, shape: batch.shape, validLen: nil)
    }
    return (state.hidden.select(axis: 0, state.hidden.shape[0] - 1), outputs.permuted([1, 0, 2]))
  }

  /// Compares your function and the library's on copies of the named inputs that need
  /// gradients: the outputs, then the gradients of (output * a fixed random tensor).sum() with
  /// respect to each input and each parameter. A description of the first difference, or nil.
  func compare(
    _ what: String, inputs named: [(String, Tensor)], parameters: [Tensor],
    yours: ([Tensor]) throws -> Tensor, library: ([Tensor]) -> Tensor
  ) throws -> String? {
    let inputs = named.map(\.1)
    let (got, gotGrads) = try valueAndGradients(of: yours, at: inputs, parameters: parameters)
    let (expected, expectedGrads) = valueAndGradients(
      of: library, at: inputs, parameters: parameters)
    if let difference = differs(got, expected) { return "\(what): the output: \(difference)" }
    let names = named.map(\.0) + parameters.map { "the weight \(dims($0))" }
    for (name, (got, expected)) in zip(names, zip(gotGrads, expectedGrads)) {
      let (got, expected) = (got.scalars, expected.scalars)
      if let difference = differs(got, expected) {
        return "\(what): the gradient with respect to \(name): \(difference)"
          + (got.allSatisfy { $0 == 0 }
            ? " (no gradient at all: did a value leave the graph, e.g. rebuilt from .scalars?)"
            : "")
      }
    }
    return nil
  }
}

/// `expected [...], got [...]` around the first value that differs by more than rounding, or
/// nil (shapes first).
func differs(_ got: Tensor, _ expected: Tensor) -> String? {
  guard got.shape == expected.shape else {
    return "expected shape \(dims(expected)), got \(dims(got))"
  }
  return differs(got.scalars, expected.scalars)
}

/// The same for lists of values.
func differs(_ got: [Float], _ expected: [Float]) -> String? {
  let scale = expected.map(abs).max() ?? 1
  guard
    let index = got.indices.first(where: {
      !(abs(got[$0] - expected[$0]) <= 1e-4 * max(scale, 1e-3) + 1e-4 * abs(expected[$0]))
    })
  else { return nil }
  let window = max(0, index - 1)..<min(got.count, index + 3)
  let show = { (values: [Float]) in values[window].map { fixed($0, 4) }.joined(separator: ", ") }
  return "from element \(index): expected [\(show(expected))], got [\(show(got))]"
}

/// `(64, 10, 201)`: `Shape.describe` of its shape.
func dims(_ tensor: Tensor) -> String { Shape.describe(tensor.shape) }

/// A fixed tensor of `shape` with seeded uniform scalars in [-1, 1].
func sample(_ shape: [Int], seed: UInt64) -> Tensor { Tensor.sample(shape, seed: seed) }
