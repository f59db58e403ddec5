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
