import EncoderDecoder
import Layers
import Prediction
import TensorCore
import Traces
import Transformer

extension TransformerTrace {
  /// The positions a figure of the positional encoding shows, as D2L's does.
  public static let encodingPositions = 60

  /// What `translator`'s model shows of itself when it is a Transformer (`nil` otherwise): its
  /// positional codes for `encodingPositions` positions, and every head's weights for
  /// `sentence`, the decoder fed `<bos>` and the model's own greedy translation, with dropout
  /// off.
  public static func record(_ sentence: String, with translator: Translator) throws
    -> TransformerTrace?
  {
    guard case .transformer(let encoder, let decoder) = translator.model.halves else {
      return nil
    }
    let (source, vocab) = (translator.encodeSource(sentence), translator.targetVocab)
    let translation = try translator.greedy(sentence)
    let fed = Array(
      ([vocab.bos] + vocab.indices(of: translation.tokens)).prefix(translator.numSteps))
    let valid = source.validLen
    return LearningPhase.inference {
      GradientMode.withoutGradients {
        let (outputs, encoderWeights) = encoder(
          source.ids, shape: [1, translator.numSteps], validLen: [valid])
        let state = decoder.features(
          fed, shape: [1, fed.count],
          state: decoder.initState(encoderOutputs: outputs, validLen: [valid])
        ).state
        let table = PositionalEncoding(
          numHiddens: translator.model.configuration.numHiddens, maxLen: encodingPositions
        ).table
        return TransformerTrace(
          positionalEncoding: (0..<encodingPositions).map { table.select(axis: 0, $0).scalars },
          source: translator.sourceVocab.tokens(at: Array(source.ids.prefix(valid))),
          target: vocab.tokens(at: fed),
          encoder: encoderWeights.map { heads($0, rows: valid, columns: valid) },
          decoderSelf: state.selfWeights.map { heads($0, rows: fed.count, columns: fed.count) },
          cross: state.crossWeights.map { heads($0, rows: fed.count, columns: valid) })
      }
    }
  }

  /// Every head of one sentence's weights, (1, numHeads, R, C), as [head][row][column], the
  /// first `rows` rows and `columns` columns (the rest is padding).
  private static func heads(_ weights: Tensor, rows: Int, columns: Int) -> [[[Float]]] {
    let (numHeads, allRows, allColumns) = (weights.shape[1], weights.shape[2], weights.shape[3])
    let scalars = weights.scalars
    return (0..<numHeads).map { head in
      (0..<rows).map { row in
        let start = (head * allRows + row) * allColumns
        return Array(scalars[start..<(start + columns)])
      }
    }
  }
}
