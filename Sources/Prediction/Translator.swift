import Decoder
import EncoderDecoder
import Foundation
import Layers
import TensorCore
import Traces
import TranslationData

/// Translates English sentences with a trained model: D2L's `predict_seq2seq`, with the context
/// fixed to the encoder's, plus beam search and batched greedy decoding.
public struct Translator {
  /// The trained model.
  public let model: EncoderDecoder
  /// The English vocabulary it was trained with.
  public let sourceVocab: Vocabulary
  /// The French vocabulary it was trained with.
  public let targetVocab: Vocabulary
  /// Substitutes for the library's pieces of the searches (6.2, 6.3); none by default.
  public var pieces = SearchPieces()
  /// Where the model came from (a checkpoint's path), named when it cannot translate.
  public var origin = "the model"

  /// The most tokens a translation gets, and the length sources are cut or padded to.
  public var numSteps: Int { model.configuration.numSteps }

  /// Makes a translator for `model` and its vocabularies.
  public init(model: EncoderDecoder, sourceVocab: Vocabulary, targetVocab: Vocabulary) {
    self.model = model
    self.sourceVocab = sourceVocab
    self.targetVocab = targetVocab
  }

  /// The tokens of an English sentence as the model was trained on them: D2L's preprocessing
  /// (lowercase, a space before `,.!?`), split at spaces, empty tokens dropped. `"Go."` gives
  /// `["go", "."]`.
  public func sourceTokens(_ sentence: String) -> [String] {
    tokenizeNMT(preprocessNMT(sentence)).filter { !$0.isEmpty }
  }

  /// The most probable translation found by feeding back the decoder's best token each step,
  /// until `<eos>` or numSteps tokens.
  public func greedy(_ sentence: String) throws -> Translation {
    guard let greedyDecode = pieces.greedyDecode else { return try greedyBatch([sentence])[0] }
    var declined = false
    let translation = try translate(sentence) { state in
      // The substitute's tokens, scored with the log-probabilities it was handed.
      var (logProbability, last, finite) = (Float(0), [Float]?.none, true)
      let decoded = greedyDecode(targetVocab.bos, targetVocab.eos, numSteps, state) {
        logProbability += last?[$0] ?? 0
        let (logProbabilities, next) = decodeUnchecked([$0], $1)
        finite = finite && logProbabilities.allSatisfy(\.isFinite)
        last = logProbabilities
        return (logProbabilities, next)
      }
      guard finite else { throw NonFiniteScores(origin: origin) }
      guard let tokens = decoded else {
        declined = true
        return SearchResult(tokens: [], logProbability: 0, endedWithEOS: false)
      }
      let endedWithEOS = tokens.count < numSteps
      if endedWithEOS { logProbability += last?[targetVocab.eos] ?? 0 }
      return SearchResult(
        tokens: tokens, logProbability: logProbability, endedWithEOS: endedWithEOS)
    }
    return declined ? try greedyBatch([sentence])[0] : translation
  }

  /// The best translation found by beam search with `beamSize` beams and length penalty `alpha`.
  public func beamSearch(
    _ sentence: String, beamSize: Int, alpha: Float = 0.75
  ) throws -> Translation {
    try nBest(sentence, beamSize: beamSize, alpha: alpha)[0]
  }

  /// Every finished hypothesis of beam search, best first by the length-normalised score
  /// (1 / L^alpha) log P (`Translation.score(alpha:)`): the `n`-best list, `n` at most
  /// `beamSize`-ish (each step can finish up to `beamSize` of them).
  public func nBest(_ sentence: String, beamSize: Int, alpha: Float = 0.75) throws -> [Translation]
  {
    try nBestBatch([sentence], beamSize: beamSize, alpha: alpha)[0]
  }

  /// The best translations of many sentences by beam search, in one batch (`nBestBatch`).
  public func beamBatch(_ sentences: [String], beamSize: Int, alpha: Float = 0.75) throws
    -> [Translation]
  {
    try nBestBatch(sentences, beamSize: beamSize, alpha: alpha).map { $0[0] }
  }

  /// The `n`-best lists of many sentences at once: one encoder call, then one decoder call per
  /// step for every live beam of every sentence (the rows of the beams that go on are kept with
  /// `DecoderState.rows`). The same hypotheses as `nBest` one by one.
  public func nBestBatch(_ sentences: [String], beamSize: Int, alpha: Float = 0.75) throws
    -> [[Translation]]
  {
    try searchBeams(sentences, beamSize: beamSize, alpha: alpha)
  }

  /// Encodes `sentences` as one batch and runs the batched `beamSearch` from the decoder's first
  /// state; `record` sees each sentence's kept beams after every step.
  private func searchBeams(
    _ sentences: [String], beamSize: Int, alpha: Float,
    record: ((_ sentence: Int, _ kept: [(tokens: [Int], logProbability: Float)]) -> Void)? = nil
  ) throws -> [[Translation]] {
    guard !sentences.isEmpty else { return [] }
    return try Translator.inference {
      let sources = sentences.map(encodeSource)
      let state = try model.encode(
        sources.flatMap(\.ids), shape: [sources.count, numSteps], validLen: sources.map(\.validLen))
      let results = try Prediction.beamSearch(
        batchSize: sources.count, beamSize: beamSize, maxSteps: numSteps, bos: targetVocab.bos,
        eos: targetVocab.eos, alpha: alpha, initial: state, record: record,
        choose: { pieces.beamStep?($0, $1, $2) ?? bestContinuations($0, $1, $2) },
        select: { $0.rows($1) }, step: decodeBatch)
      return zip(sources, results).map { source, list in list.map { makeTranslation(source, $0) } }
    }
  }

  /// A greedy translation recorded step by step for a figure: each step's input and top-k next
  /// tokens, and the context c. The same translation as `greedy`.
  public func greedyTrace(_ sentence: String, topK: Int = 3) throws -> PredictionTrace {
    var steps: [PredictionStep] = []
    var context: [Float] = []
    let translation = try decodeGreedily([sentence]) { state in
      context = state.context?.scalars ?? []
    } record: {
      inputs, logProbabilities in
      let ranked = logProbabilities.indices.sorted {
        (logProbabilities[$0], $1) > (logProbabilities[$1], $0)
      }
      let top = ranked.prefix(topK).map {
        ScoredToken(targetVocab.idxToToken[$0], exp(logProbabilities[$0]))
      }
      steps.append(PredictionStep(input: targetVocab.idxToToken[inputs[0]], top: top))
    }[0]
    return PredictionTrace(
      sourceTokens: translation.source, steps: steps, endedWithEOS: translation.endedWithEOS,
      context: context)
  }

  /// A beam search recorded for a figure: the beams kept at every step, and the chosen result.
  public func beamTrace(_ sentence: String, beamSize: Int, alpha: Float = 0.75) throws -> BeamTrace
  {
    var steps: [[Beam]] = []
    let best = try searchBeams([sentence], beamSize: beamSize, alpha: alpha) { _, kept in
      steps.append(
        kept.map {
          Beam(tokens: targetVocab.tokens(at: $0.tokens), logProbability: $0.logProbability)
        })
    }[0][0]
    return BeamTrace(steps: steps, best: best.tokens)
  }

  /// The greedy translation of `sentence` with the attention weights of every step, for
  /// `translate --show-attention` and the heatmap; `nil` when the model does not attend.
  public func attentionTrace(
    _ sentence: String
  ) throws -> (translation: Translation, attention: AttentionTrace)? {
    guard model.attends else { return nil }
    let source = encodeSource(sentence)
    var weights: [[Float]] = []
    let translation = try translate(sentence) { state in
      try greedySearch(
        maxSteps: numSteps, bos: targetVocab.bos, eos: targetVocab.eos, initial: state
      ) { token, state in
        let (logProbabilities, next) = try decodeStep(token, state)
        // alpha of this one step, (1, numSteps): the valid source steps only.
        weights.append(Array(next.attentionWeights!.scalars.prefix(source.validLen)))
        return (logProbabilities, next)
      }
    }
    let attention = AttentionTrace(
      source: sourceVocab.tokens(at: Array(source.ids.prefix(source.validLen))),
      target: translation.tokens
        + (translation.endedWithEOS ? [targetVocab.idxToToken[targetVocab.eos]] : []),
      weights: weights)
    return (translation, attention)
  }

  /// Greedy translations of many sentences at once: one encoder call, then one decoder call per
  /// step for the whole batch. The same results as `greedy` one by one.
  public func greedyBatch(_ sentences: [String]) throws -> [Translation] {
    try decodeGreedily(sentences)
  }

  /// Encodes `sentences` as one batch and runs `greedySearch` from the decoder's first state;
  /// `encoded` sees that state, `record` every step.
  private func decodeGreedily(
    _ sentences: [String], encoded: (DecoderState) -> Void = { _ in },
    record: ((_ inputs: [Int], _ logProbabilities: [Float]) -> Void)? = nil
  ) throws -> [Translation] {
    guard !sentences.isEmpty else { return [] }
    return try Translator.inference {
      let sources = sentences.map(encodeSource)
      let batchSize = sources.count
      let state = try model.encode(
        sources.flatMap(\.ids), shape: [batchSize, numSteps], validLen: sources.map(\.validLen))
      encoded(state)
      let results = try greedySearch(
        batchSize: batchSize, maxSteps: numSteps, bos: targetVocab.bos, eos: targetVocab.eos,
        initial: state, record: record, step: decodeBatch)
      return zip(sources, results).map(makeTranslation)
    }
  }

  /// A sentence as the model reads it: the encoder a source, teacher forcing a reference.
  public struct EncodedSource {
    /// Its tokens, preprocessed.
    public let tokens: [String]
    /// Their ids, then `<eos>`, cut or padded to numSteps.
    public let ids: [Int]
    /// How many ids are not padding.
    public let validLen: Int
  }

  /// D2L's source handling: the tokens' ids, then `<eos>`, cut or padded to numSteps.
  public func encodeSource(_ sentence: String) -> EncodedSource {
    encode(sentence, with: sourceVocab)
  }

  /// D2L's `build_array_nmt` for one sentence of `vocab`'s language: its tokens (preprocessed as
  /// the training data), their ids, then `<eos>`, cut or padded to numSteps.
  func encode(_ sentence: String, with vocab: Vocabulary) -> EncodedSource {
    let tokens = sourceTokens(sentence)
    let ids = vocab.indices(of: tokens) + [vocab.eos]
    let padded = truncatePad(ids, numSteps: numSteps, paddingToken: vocab.pad)
    return EncodedSource(tokens: tokens, ids: padded, validLen: min(ids.count, numSteps))
  }

  /// Encodes `sentence` and runs `search` from the decoder's first state.
  private func translate(
    _ sentence: String, search: (DecoderState) throws -> SearchResult
  ) throws -> Translation {
    try Translator.inference {
      let source = encodeSource(sentence)
      let state = try model.encode(source.ids, shape: [1, numSteps], validLen: [source.validLen])
      return makeTranslation(source, try search(state))
    }
  }

  /// One decoder step for a batch, one token per row: every row's log-probabilities of the next
  /// token, row after row.
  /// - Throws: `NonFiniteScores` when a score overflows to infinity or NaN (weights far beyond a
  ///   trained model's), instead of translating every sentence as `<unk>`.
  private func decodeBatch(
    _ tokens: [Int], _ state: DecoderState
  ) throws -> (logProbabilities: [Float], state: DecoderState) {
    let (scores, next) = decodeUnchecked(tokens, state)
    guard scores.allSatisfy(\.isFinite) else { throw NonFiniteScores(origin: origin) }
    return (scores, next)
  }

  /// `decodeBatch` without the check, for a learner's search, which cannot throw (the check is
  /// made on what it was handed, after it returns).
  private func decodeUnchecked(
    _ tokens: [Int], _ state: DecoderState
  ) -> (logProbabilities: [Float], state: DecoderState) {
    let (logits, next) = model.decode(tokens, shape: [tokens.count, 1], state: state)
    return (logits.logSoftmax().scalars, next)
  }

  /// One decoder step for one sentence: log-probabilities of the next token.
  private func decodeStep(
    _ token: Int, _ state: DecoderState
  ) throws -> (logProbabilities: [Float], state: DecoderState) {
    try decodeBatch([token], state)
  }

  private func makeTranslation(_ source: EncodedSource, _ result: SearchResult) -> Translation {
    Translation(
      source: source.tokens,
      unknownWords: source.tokens.filter { !sourceVocab.contains($0) },
      tokens: targetVocab.tokens(at: result.tokens),
      logProbability: result.logProbability, endedWithEOS: result.endedWithEOS)
  }

  /// Runs `body` as translation runs: dropout off and no graph recorded, so that a step's
  /// tensors are freed when the next step starts (a batch of 256 over a vocabulary of 12,000
  /// would otherwise keep every step's logits alive until the end).
  public static func inference<R>(_ body: () throws -> R) rethrows -> R {
    try LearningPhase.inference { try GradientMode.withoutGradients(body) }
  }
}

/// The pieces of the searches that someone else's code may stand in for (a learner's 6.2 and
/// 6.3, in `exercises translator`): `nil` by default, and then the library's own searches run;
/// a substitute that returns `nil` declines, and the library's runs in its place.
public struct SearchPieces {
  /// 6.2: greedy search of one sentence from the decoder's first state, calling `step` with
  /// each token fed back; the tokens without `<eos>`. `Translator.greedy` runs it.
  public var greedyDecode:
    (
      (
        _ bos: Int, _ eos: Int, _ maxSteps: Int, _ initial: DecoderState,
        _ step: (Int, DecoderState) -> (logProbabilities: [Float], state: DecoderState)
      ) -> [Int]?
    )?
  /// 6.3: each step's continuations in beam search.
  public var beamStep:
    (
      (_ beamLogProbabilities: [Float], _ next: [[Float]], _ beamSize: Int) -> [(
        beam: Int, token: Int, logProbability: Float
      )]?
    )?

  /// The library's own searches.
  public init() {}
}

/// A forward pass whose scores are not all numbers: the model cannot translate.
public struct NonFiniteScores: Error, CustomStringConvertible {
  /// The model's file, or "the model".
  public let origin: String

  /// One line naming the model.
  public var description: String {
    "\(origin): the model's scores overflow to infinity or NaN (its weights are far larger "
      + "than training makes them): train it again"
  }
}
