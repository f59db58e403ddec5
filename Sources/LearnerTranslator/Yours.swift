import EncoderDecoder
import Exercises
import Layers
import TensorCore
import Transformer

/// Your exercises' functions as the translator calls them: by default the ones you wrote in
/// Sources/Exercises. (A value of closures, so that a test can plant a mistake in one of them
/// and see the run name it.)
public struct Yours {
  /// 1.1
  public var timeMajor: ([Int], Int, Int) throws -> [Int] = EncoderExercises.timeMajor
  /// 1.2
  public var rnnStep: (Tensor, Tensor, GateWeights) throws -> Tensor = EncoderExercises.rnnStep
  /// 1.3
  public var gruStep: (Tensor, Tensor, GateWeights) throws -> Tensor = EncoderExercises.gruStep
  /// 1.4
  public var runCell:
    (any RecurrentCell, Tensor, RecurrentState) throws -> (outputs: Tensor, state: RecurrentState) =
      EncoderExercises.runCell
  /// 2.1
  public var lastState: (Tensor) throws -> Tensor = ContextVariableExercises.lastState
  /// 2.2
  public var meanOverTime: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.meanOverTime
  /// 2.3
  public var maxOverTime: (Tensor, [Int]) throws -> Tensor = ContextVariableExercises.maxOverTime
  /// 3.1
  public var concatenateContext: (Tensor, Tensor) throws -> Tensor =
    DecoderExercises.concatenateContext
  /// 3.2
  public var initialState: (Tensor, Int, Int) throws -> Tensor = DecoderExercises.initialState
  /// 3.3
  public var decoderStep:
    ([Int], Tensor, [RecurrentState], Embedding, [any RecurrentCell], Dense) throws -> (
      logits: Tensor, states: [RecurrentState]
    ) = DecoderExercises.decoderStep
  /// 4.2 (which calls your 4.1)
  public var maskedLoss: (Tensor, [Int], [Int]) throws -> Tensor =
    MaskedLossExercises.maskedSoftmaxCrossEntropy
  /// 4.3
  public var lossPerToken: ([Float], [Int]) throws -> Float = MaskedLossExercises.lossPerToken
  /// 5.1
  public var teacherForcingInput: ([Int], Int, Int, Int) throws -> [Int] =
    TeacherForcingExercises.teacherForcingInput
  /// 5.3
  public var trainStep:
    (any Seq2SeqModel, Adam, [Int], [Int], [Int], [Int], [Int], Int, Float) throws -> Float =
      TeacherForcingExercises.trainStep
  /// 6.2 (which calls your 6.1)
  public var greedyDecode:
    (
      Int, Int, Int, DecoderState,
      (Int, DecoderState) throws -> (logProbabilities: [Float], state: DecoderState)
    ) throws -> [Int] = PredictionExercises.greedyDecode
  /// 8.1
  public var maskedSoftmax: (Tensor, [Int]) throws -> Tensor = AttentionExercises.maskedSoftmax
  /// 8.2
  public var additiveScores: (Tensor, Tensor, Tensor, Tensor, Tensor) throws -> Tensor =
    AttentionExercises.additiveScores
  /// 8.3
  public var weightedContext: (Tensor, Tensor) throws -> Tensor =
    AttentionExercises.weightedContext
  /// 6.3
  public var beamStep:
    ([Float], [[Float]], Int) throws -> [(beam: Int, token: Int, logProbability: Float)] =
      PredictionExercises.beamStep
  /// 10.1
  public var scaledDotProductAttention: (Tensor, Tensor, Tensor, [Int]) throws -> Tensor =
    TransformerExercises.scaledDotProductAttention
  /// 10.2
  public var causalMask: (Int, Int) throws -> Tensor = TransformerExercises.causalMask
  /// 10.3
  public var splitHeads: (Tensor, Int) throws -> Tensor = TransformerExercises.splitHeads
  /// 10.4
  public var mergeHeads: (Tensor) throws -> Tensor = TransformerExercises.mergeHeads
  /// 10.5
  public var positionalEncoding: (Int, Int) throws -> Tensor =
    TransformerExercises.positionalEncoding
  /// 10.6
  public var layerNorm: (Tensor, Tensor, Tensor, Float) throws -> Tensor =
    TransformerExercises.layerNorm
  /// 10.7
  public var addNorm: (Tensor, Tensor, LayerNorm, Dropout) throws -> Tensor =
    TransformerExercises.addNorm
  /// 7.3 (which calls your 7.1 and 7.2)
  public var bleu: (String, String, Int) throws -> Double = BLEUExercises.bleu

  /// The functions you wrote.
  public init() {}
}
