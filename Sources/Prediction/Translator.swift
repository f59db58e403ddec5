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
    try translate(sentence) { state in
      greedySearch(
        maxSteps: numSteps, bos: targetVocab.bos, eos: targetVocab.eos, initial: state,
        step: decodeStep)
    }
  }

  /// The best translation found by beam search with `beamSize` beams and length penalty `alpha`.
  public func beamSearch(
    _ sentence: String, beamSize: Int, alpha: Float = 0.75
  ) throws -> Translation {
    try translate(sentence) { state in
      Prediction.beamSearch(
        beamSize: beamSize, maxSteps: numSteps, bos: targetVocab.bos, eos: targetVocab.eos,
        alpha: alpha, initial: state, step: decodeStep)[0]
    }
  }

  /// A greedy translation recorded step by step for a figure: each step's input and top-k next
  /// tokens, and the context c. The same translation as `greedy`.
  public func greedyTrace(_ sentence: String, topK: Int = 3) throws -> PredictionTrace {
    try LearningPhase.inference {
      let source = encodeSource(sentence)
      var state = try model.encode(source.ids, shape: [1, numSteps], validLen: [source.validLen])
      let context = state.context.scalars
      var token = targetVocab.bos
      var steps: [PredictionStep] = []
      for _ in 0..<numSteps {
        let (logits, next) = model.decoder([token], shape: [1, 1], state: state)
        state = next
        let probabilities = logits.softmax().scalars
        let ranked = probabilities.indices.sorted {
          (probabilities[$0], $1) > (probabilities[$1], $0)
        }
        let top = ranked.prefix(topK).map {
          ScoredToken(targetVocab.idxToToken[$0], probabilities[$0])
        }
        steps.append(PredictionStep(input: targetVocab.idxToToken[token], top: top))
        token = ranked[0]
        if token == targetVocab.eos {
          return PredictionTrace(
            sourceTokens: source.tokens, steps: steps, endedWithEOS: true, context: context)
        }
      }
      return PredictionTrace(
        sourceTokens: source.tokens, steps: steps, endedWithEOS: false, context: context)
    }
  }

  /// A beam search recorded for a figure: the beams kept at every step, and the chosen result.
  public func beamTrace(_ sentence: String, beamSize: Int, alpha: Float = 0.75) throws -> BeamTrace
  {
    var steps: [[Beam]] = []
    let best = try translate(sentence) { state in
      Prediction.beamSearch(
        beamSize: beamSize, maxSteps: numSteps, bos: targetVocab.bos, eos: targetVocab.eos,
        alpha: alpha, initial: state,
        record: { kept in
          steps.append(
            kept.map {
              Beam(tokens: targetVocab.tokens(at: $0.tokens), logProbability: $0.logProbability)
            })
        }, step: decodeStep)[0]
    }
    return BeamTrace(steps: steps, best: best.tokens)
  }

  /// Greedy translations of many sentences at once: one encoder call, then one decoder call per
  /// step for the whole batch. The same results as `greedy` one by one.
  public func greedyBatch(_ sentences: [String]) throws -> [Translation] {
    guard !sentences.isEmpty else { return [] }
    return try LearningPhase.inference {
      let sources = sentences.map(encodeSource)
      let batchSize = sources.count
      var state = try model.encode(
        sources.flatMap(\.ids), shape: [batchSize, numSteps], validLen: sources.map(\.validLen))
      var input = [Int](repeating: targetVocab.bos, count: batchSize)
      var outputs = [[Int]](repeating: [], count: batchSize)
      var logProbabilities = [Float](repeating: 0, count: batchSize)
      var finished = [Bool](repeating: false, count: batchSize)
      for _ in 0..<numSteps where finished.contains(false) {
        let (logits, next) = model.decoder(input, shape: [batchSize, 1], state: state)
        state = next
        let rows = logits.logSoftmax().scalars
        let vocabSize = targetVocab.count
        for row in 0..<batchSize where !finished[row] {
          let scores = rows[(row * vocabSize)..<((row + 1) * vocabSize)]
          let token = scores.indices.max { scores[$0] < scores[$1] }! - row * vocabSize
          logProbabilities[row] += scores[row * vocabSize + token]
          if token == targetVocab.eos { finished[row] = true } else { outputs[row].append(token) }
          input[row] = token
        }
      }
      return (0..<batchSize).map { row in
        makeTranslation(
          sources[row],
          SearchResult(
            tokens: outputs[row], logProbability: logProbabilities[row],
            endedWithEOS: finished[row]))
      }
    }
  }

  /// A source sentence as the encoder reads it.
  struct EncodedSource {
    let tokens: [String]
    let ids: [Int]
    let validLen: Int
  }

  /// D2L's source handling: the tokens' ids, then `<eos>`, cut or padded to numSteps.
  func encodeSource(_ sentence: String) -> EncodedSource {
    let tokens = sourceTokens(sentence)
    let ids = sourceVocab.indices(of: tokens) + [sourceVocab.eos]
    let padded = truncatePad(ids, numSteps: numSteps, paddingToken: sourceVocab.pad)
    return EncodedSource(tokens: tokens, ids: padded, validLen: min(ids.count, numSteps))
  }

  /// Encodes `sentence` and runs `search` from the decoder's first state.
  private func translate(
    _ sentence: String, search: (Seq2SeqDecoder.State) throws -> SearchResult
  ) throws -> Translation {
    try LearningPhase.inference {
      let source = encodeSource(sentence)
      let state = try model.encode(source.ids, shape: [1, numSteps], validLen: [source.validLen])
      return makeTranslation(source, try search(state))
    }
  }

  /// One decoder step for one sentence: log-probabilities of the next token.
  private func decodeStep(
    _ token: Int, _ state: Seq2SeqDecoder.State
  ) -> (logProbabilities: [Float], state: Seq2SeqDecoder.State) {
    let (logits, next) = model.decoder([token], shape: [1, 1], state: state)
    return (logits.logSoftmax().scalars, next)
  }

  private func makeTranslation(_ source: EncodedSource, _ result: SearchResult) -> Translation {
    Translation(
      source: source.tokens,
      unknownWords: source.tokens.filter { !sourceVocab.contains($0) },
      tokens: targetVocab.tokens(at: result.tokens),
      logProbability: result.logProbability, endedWithEOS: result.endedWithEOS)
  }
}
