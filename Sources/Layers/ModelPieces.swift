import TensorCore

/// The pieces of the chapter's recurrent model that someone else's code may stand in for: a
/// learner's solved exercises (minitorch's "your code is the library"). Each is `nil` by default,
/// and then the library's own code runs, fused where it is fused; `EncoderDecoder.pieces` hands
/// one value to every layer that runs a piece, so the model, its trainer, its searches, its
/// figures and its checkpoints are the same whoever wrote the pieces.
///
/// Every piece is a function of what the model holds at that point, named as the exercise that
/// writes it. A substitute returns `nil` when it declines (a learner's piece not written yet, or
/// set aside), and the library's own code runs in its place, so no piece is written twice.
public struct ModelPieces {
  /// 1.1: token ids (batchSize, numSteps) row-major, laid out time first.
  public var timeMajor: ((_ ids: [Int], _ batchSize: Int, _ numSteps: Int) -> [Int]?)?
  /// 1.3 and 1.4: one cell run over inputs (numSteps, batchSize, inputSize) from a state: the
  /// outputs (numSteps, batchSize, numHiddens) and the final state (in place of the fused kernel).
  public var overTime:
    (
      (_ cell: any RecurrentCell, _ inputs: Tensor, _ initial: RecurrentState) -> (
        outputs: Tensor, state: RecurrentState
      )?
    )?
  /// 2.1-2.3: c from the encoder's outputs (numSteps, batchSize, width), its final states and
  /// the valid lengths.
  public var context: ((_ outputs: Tensor, _ state: RecurrentState, _ validLen: [Int]?) -> Tensor?)?
  /// 3.1: [embed(y_{t'-1}); c] at every step, from (numSteps, batchSize, embedSize) and c.
  public var concatenateContext: ((_ embedded: Tensor, _ context: Tensor) -> Tensor?)?
  /// 3.2: the decoder's first hidden states from the encoder's final ones, (numLayers,
  /// batchSize, numHiddens).
  public var initialState:
    ((_ encoderState: Tensor, _ numLayers: Int, _ numHiddens: Int) -> Tensor?)?
  /// 3.3: one decoder step while translating, from y_{t'-1}, c (or c_t') and every layer's state:
  /// the logits (batchSize, vocabSize) and the new states.
  public var decoderStep: DecoderStep?
  /// 8.2: the scores a(s, h_t) of the query (batchSize, querySize) against the encoder's states
  /// (batchSize, numSteps, width), (batchSize, numSteps), by the model's score (whose weights it
  /// reads).
  public var attentionScores: ((_ query: Tensor, _ values: Tensor, _ score: any Layer) -> Tensor?)?
  /// 8.1: the attention weights over each row's valid steps.
  public var maskedSoftmax: ((_ scores: Tensor, _ validLen: [Int]) -> Tensor?)?
  /// 8.3: c_t', the weighted sum of the encoder's states.
  public var weightedContext: ((_ weights: Tensor, _ values: Tensor) -> Tensor?)?

  /// The library's own pieces throughout.
  public init() {}

  /// Whether any attention piece is substituted (then attention runs its composite with them).
  public var substitutesAttention: Bool {
    attentionScores != nil || maskedSoftmax != nil || weightedContext != nil
  }

  /// The type of 3.3.
  public typealias DecoderStep = (
    _ tokens: [Int], _ context: Tensor, _ states: [RecurrentState], _ embedding: Embedding,
    _ cells: [any RecurrentCell], _ dense: Dense
  ) -> (logits: Tensor, states: [RecurrentState])?
}
