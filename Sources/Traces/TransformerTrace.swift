/// What a Transformer shows of itself (concept 10): the positional codes it adds to its inputs,
/// and the weights of every head of every block for one sentence: the encoder's self-attention,
/// the decoder's self-attention (nothing above the diagonal: the causal mask) and its
/// cross-attention over the source.
public struct TransformerTrace: Sendable, Equatable, Codable {
  /// P, a row per position and a column per feature, each within -1...1.
  public var positionalEncoding: [[Float]]
  /// The English tokens the encoder read (the valid steps).
  public var source: [String]
  /// The French tokens fed to the decoder: `<bos>` and its greedy translation.
  public var target: [String]
  /// encoder[block][head][i][j]: source position i's weight on position j.
  public var encoder: [[[[Float]]]]
  /// decoderSelf[block][head][t'][s']: target position t''s weight on position s' <= t'.
  public var decoderSelf: [[[[Float]]]]
  /// cross[block][head][t'][t]: target position t''s weight on source position t.
  public var cross: [[[[Float]]]]

  /// Makes a trace.
  public init(
    positionalEncoding: [[Float]], source: [String], target: [String], encoder: [[[[Float]]]],
    decoderSelf: [[[[Float]]]], cross: [[[[Float]]]]
  ) {
    self.positionalEncoding = positionalEncoding
    self.source = source
    self.target = target
    self.encoder = encoder
    self.decoderSelf = decoderSelf
    self.cross = cross
  }
}
