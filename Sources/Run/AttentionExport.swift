import Checkpoint
import Foundation
import Prediction
import Traces
import TranslationData

/// The attention weights of a model on every pair of one part of its split, each reference
/// force-decoded (`Translator.forcedAttention`): what `seq2seq attention` writes as JSON for a
/// word aligner's links to be compared with (`Benchmarks/alignment.py`).
public struct AttentionExport: Codable, Sendable, Equatable {
  /// One pair: its line in the corpus file and where the decoder looked.
  public struct Pair: Codable, Sendable, Equatable {
    /// The pair's line in the corpus file, from 0.
    public var line: Int
    /// Its weights over every source step, padding included (`<pad>`, weights 0): each row
    /// sums to 1 over the valid steps; the rows are the reference's tokens, `<eos>` last when
    /// it fits.
    public var attention: AttentionTrace
  }

  /// The checkpoint the weights come from.
  public var model: String
  /// The part of the split: `test`, `validation` or `train`.
  public var split: String
  /// The length sources were cut or padded to, the number of columns.
  public var numSteps: Int
  /// The pairs, in corpus order.
  public var pairs: [Pair]

  /// The weights of `checkpoint` (read from `path`) on the pairs of `part` of its split, taken
  /// again from the corpus at `data`.
  /// - Throws: `InputError` when the model does not attend or has no split, or `data` is
  ///   another corpus; `CorpusError`.
  public static func make(
    _ part: SplitName, of checkpoint: Checkpoint, at path: String, data: String?
  ) throws -> AttentionExport {
    let translator = try checkpoint.translator()
    guard translator.model.attends else {
      throw InputError(
        description: "\(path) has no attention to export: it was trained without --attention")
    }
    let (pairs, _, lines) = try RunData.pairs(part, of: checkpoint, at: path, data: data)
    let traces = try translator.forcedAttention(
      zip(pairs.source, pairs.target).map {
        ($0.joined(separator: " "), $1.joined(separator: " "))
      }, padding: true)!
    return AttentionExport(
      model: path, split: part.rawValue, numSteps: translator.numSteps,
      pairs: zip(lines, traces).map { Pair(line: $0, attention: $1) })
  }

  /// The export as JSON, keys sorted: the same bytes for the same model and pairs.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(self)
  }
}
