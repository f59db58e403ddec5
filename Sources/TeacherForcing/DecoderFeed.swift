import EncoderDecoder
import TensorCore
import TranslationData

/// What the decoder reads at step t' while training.
public enum DecoderFeed: Equatable, Sendable {
  /// Teacher forcing: the gold token y_{t'-1} (`<bos>` first). D2L's choice, and the fastest:
  /// all steps run in one call.
  case teacherForcing
  /// The model's own most probable token from step t'-1, as at prediction time (D2L's
  /// exercise 4).
  case ownPredictions
  /// Scheduled sampling: the gold token with probability `goldProbability`, else the model's own.
  case scheduledSampling(goldProbability: Float)
}

/// D2L's teacher-forcing input: `<bos>` followed by the gold sentence without its last token,
/// `concat([bos, Y[:, :-1]], 1)`; (batchSize, numSteps) row-major in and out.
///
/// ```
/// teacherForcingInput(target: [5, 6, 3, 1], shape: [1, 4], bos: 2)  // [2, 5, 6, 3]
/// ```
public func teacherForcingInput(target: [Int], shape: [Int], bos: Int) -> [Int] {
  let (batchSize, numSteps) = (shape[0], shape[1])
  return (0..<batchSize).flatMap { row in
    [bos] + target[(row * numSteps)..<(row * numSteps + numSteps - 1)]
  }
}

/// Scheduled sampling's choice at one step: for each row, the gold token when the row's draw
/// (uniform in [0, 1)) is below `goldProbability`, else the model's own; goldProbability 1 is
/// teacher forcing, 0 the model's own predictions.
///
/// ```
/// scheduledInput(gold: [1, 2], predicted: [9, 8], draws: [0.1, 0.6], goldProbability: 0.5)  // [1, 8]
/// ```
public func scheduledInput(
  gold: [Int], predicted: [Int], draws: [Float], goldProbability: Float
) -> [Int] {
  gold.indices.map { draws[$0] < goldProbability ? gold[$0] : predicted[$0] }
}

/// The teacher-forced forward pass, the one of training, validation and the figures: `batch`'s
/// sources encoded, the decoder fed `<bos>` + the gold tokens, and what its output layer reads,
/// (batchSize, numSteps, featureSize), s_t' (and c with `outputContext`). `model.outputLayer`
/// of it gives the logits of P(y_t' | y_<t', c).
/// - Throws: `ContextError` when the decoder cannot start from the encoder's state.
public func teacherForcedFeatures(_ batch: Batch, model: EncoderDecoder, bos: Int) throws -> Tensor
{
  let state = try model.encode(batch.source, shape: batch.shape, validLen: batch.sourceValidLen)
  let input = teacherForcingInput(target: batch.target, shape: batch.shape, bos: bos)
  return model.features(input, shape: batch.shape, state: state).features
}
