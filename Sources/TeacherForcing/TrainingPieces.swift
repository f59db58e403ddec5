import EncoderDecoder
import TensorCore
import TranslationData

/// The pieces of training that someone else's code may stand in for (a learner's exercises 4.2,
/// 4.3, 5.1 and 5.3, in `exercises translator`): `nil` by default, and then the library's own
/// code runs, the fused loss included; a substitute that returns `nil` declines, and the
/// library's runs in its place. The model's own pieces are `EncoderDecoder.pieces`.
public struct TrainingPieces {
  /// 5.1: `<bos>` + the gold tokens, (batchSize, numSteps) row-major in and out.
  public var teacherForcingInput:
    ((_ target: [Int], _ batchSize: Int, _ numSteps: Int, _ bos: Int) -> [Int]?)?
  /// 4.2: each sentence's masked loss, (batchSize,), from the logits (batchSize, numSteps,
  /// vocabSize); training then reads the logits, not the fused loss of the features.
  public var maskedLoss: ((_ logits: Tensor, _ labels: [Int], _ validLen: [Int]) -> Tensor?)?
  /// 4.3: the loss an epoch reports, from its batches' summed losses and valid target tokens.
  public var lossPerToken: ((_ losses: [Float], _ tokens: [Int]) -> Float?)?
  /// 5.3: a whole step on one batch (zero the gradients, the loss, backward, clipping, Adam's
  /// step) of the trained model with the trainer's optimizer, its learning rate already set,
  /// `<bos>` being `bos`; returns the batch's summed loss. Runs on the trained model alone: one
  /// worker.
  public var trainStep:
    ((_ batch: Batch, _ bos: Int, _ model: EncoderDecoder, _ optimizer: Adam) -> Float?)?

  /// The library's own pieces throughout.
  public init() {}
}
