import Decoder
import TensorCore
import Traces
import TranslationData

extension Translator {
  /// Where the decoder looks while it is fed each reference translation, as in training
  /// (teacher forcing: it reads `<bos>` and the reference's tokens, never its own): one trace per
  /// pair, row t' holding alpha_{t',t} of the step that predicts the reference's token t'
  /// (`<eos>` last, when it fits in numSteps). `nil` when the model does not attend.
  ///
  /// What a word aligner's links are compared with (`Benchmarks/alignment.py`): the reference
  /// is fixed, so the rows are the same French tokens whatever the model would have written.
  /// - Parameters:
  ///   - pairs: English sentences and their French references, in the corpus's spelling.
  ///   - padding: keep every source step as a column, the padding after `<eos>` included (its
  ///     tokens `<pad>`, its weights 0 by the masked softmax); without it, the valid steps only.
  ///   - batchSize: pairs run through the model at once.
  public func forcedAttention(
    _ pairs: [(source: String, reference: String)], padding: Bool = false, batchSize: Int = 256
  ) throws -> [AttentionTrace]? {
    guard model.attends else { return nil }
    var traces: [AttentionTrace] = []
    for start in stride(from: 0, to: pairs.count, by: batchSize) {
      let batch = pairs[start..<min(start + batchSize, pairs.count)]
      traces += try forcedAttentionBatch(Array(batch), padding: padding)
    }
    return traces
  }

  /// `forcedAttention` of one batch: one encoder call, one teacher-forced decoder call.
  private func forcedAttentionBatch(
    _ pairs: [(source: String, reference: String)], padding: Bool
  ) throws -> [AttentionTrace] {
    let sources = pairs.map { encodeSource($0.source) }
    let targets = pairs.map { encode($0.reference, with: targetVocab) }
    let batchSize = pairs.count
    let (weights, heads) = try Translator.inference {
      let state = try model.encode(
        sources.flatMap(\.ids), shape: [batchSize, numSteps], validLen: sources.map(\.validLen))
      let inputs = targets.flatMap { [targetVocab.bos] + $0.ids.dropLast() }
      let (_, next) = model.decode(inputs, shape: [batchSize, numSteps], state: state)
      // (batchSize, numSteps, numSteps), and a Transformer's (batchSize, numHeads, numSteps,
      // numSteps).
      return (next.attentionWeights!.scalars, next.attentionHeads.map { ($0.scalars, $0.shape[1]) })
    }
    return pairs.indices.map { row in
      let columns = padding ? numSteps : sources[row].validLen
      let alphas = (0..<targets[row].validLen).map { step in
        let offset = (row * numSteps + step) * numSteps
        return Array(weights[offset..<(offset + columns)])
      }
      let headAlphas = heads.map { scalars, numHeads in
        (0..<numHeads).map { head in
          (0..<targets[row].validLen).map { step in
            let offset = ((row * numHeads + head) * numSteps + step) * numSteps
            return Array(scalars[offset..<(offset + columns)])
          }
        }
      }
      return AttentionTrace(
        source: sourceVocab.tokens(at: Array(sources[row].ids.prefix(columns))),
        target: targetVocab.tokens(at: Array(targets[row].ids.prefix(targets[row].validLen))),
        weights: alphas, heads: headAlphas)
    }
  }

}
