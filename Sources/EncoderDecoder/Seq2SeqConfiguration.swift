import Attention
import ContextVariable
import Layers

/// Everything needed to rebuild a model: sizes, cell, context, and how c reaches the decoder.
/// The defaults are D2L v0.17's configuration; checkpoints store it as JSON.
public struct Seq2SeqConfiguration: Codable, Equatable, Sendable {
  /// The number of English tokens.
  public var sourceVocabSize: Int
  /// The number of French tokens.
  public var targetVocabSize: Int
  /// The length every sentence is cut or padded to, and the most tokens a translation gets.
  public var numSteps: Int
  /// The width of the token embeddings.
  public var embedSize: Int
  /// The encoder's hidden units per layer (and the decoder's, unless `decoderNumHiddens`).
  public var numHiddens: Int
  /// The encoder's recurrent layers (and the decoder's, unless `decoderNumLayers`).
  public var numLayers: Int
  /// The decoder's hidden units, when they differ from the encoder's (D2L's exercise 3).
  public var decoderNumHiddens: Int?
  /// The decoder's layers, when they differ from the encoder's.
  public var decoderNumLayers: Int?
  /// Dropout between recurrent layers while training.
  public var dropout: Float
  /// Vanilla RNN, GRU or LSTM, for both encoder and decoder.
  public var cell: CellKind
  /// Whether the encoder reads both ways.
  public var bidirectional: Bool
  /// q in c = q(h_1, ..., h_T).
  public var context: ContextVariable
  /// How c reaches the decoder.
  public var contextMode: ContextMode
  /// Whether the decoder's output layer also reads c (D2L's exercise 6).
  public var outputContext: Bool
  /// Attention over the encoder's states (concept 8): c_t' at every decoder step instead of
  /// one c; `nil` is the chapter's model. Checkpoints written before it existed read as `nil`.
  public var attention: AttentionKind?
  /// The Transformer's own sizes (concept 10), when the model is a Transformer instead of an
  /// RNN; `nil` is the recurrent model. A Transformer reads numHiddens (its d_model, also the
  /// embeddings' width: `embedSize` is not used), numLayers (blocks on each side), dropout and
  /// numSteps; the recurrent choices (cell, context, attention) do not apply. Checkpoints
  /// written before it existed read as `nil`.
  public var transformer: TransformerSizes?

  /// Makes a configuration; every choice not given is D2L's.
  public init(
    sourceVocabSize: Int, targetVocabSize: Int, numSteps: Int = 10, embedSize: Int = 32,
    numHiddens: Int = 32, numLayers: Int = 2, decoderNumHiddens: Int? = nil,
    decoderNumLayers: Int? = nil, dropout: Float = 0.1, cell: CellKind = .gru,
    bidirectional: Bool = false, context: ContextVariable = .lastState,
    contextMode: ContextMode = .both, outputContext: Bool = false,
    attention: AttentionKind? = nil, transformer: TransformerSizes? = nil
  ) {
    self.sourceVocabSize = sourceVocabSize
    self.targetVocabSize = targetVocabSize
    self.numSteps = numSteps
    self.embedSize = embedSize
    self.numHiddens = numHiddens
    self.numLayers = numLayers
    self.decoderNumHiddens = decoderNumHiddens
    self.decoderNumLayers = decoderNumLayers
    self.dropout = dropout
    self.cell = cell
    self.bidirectional = bidirectional
    self.context = context
    self.contextMode = contextMode
    self.outputContext = outputContext
    self.attention = attention
    self.transformer = transformer
  }

  /// The decoder's hidden units.
  public var resolvedDecoderNumHiddens: Int { decoderNumHiddens ?? numHiddens }
  /// The decoder's layers.
  public var resolvedDecoderNumLayers: Int { decoderNumLayers ?? numLayers }
}

extension Seq2SeqConfiguration {
  /// The largest sizes a model may have: what `seq2seq train` accepts, and what a checkpoint is
  /// checked against when it is read, so that a typo or an edited file cannot ask for terabytes.
  public enum Limit {
    /// Tokens per sentence (numSteps).
    public static let numSteps = 1_000
    /// Embedding and hidden sizes.
    public static let width = 4_096
    /// Recurrent layers.
    public static let layers = 16
    /// Tokens of a vocabulary: `<unk>`, `<pad>`, `<bos>`, `<eos>` and at least one word...
    public static let minVocabSize = 5
    /// ... and at most ten million (Tatoeba's French has 45,000 words).
    public static let maxVocabSize = 10_000_000
  }

  /// What is wrong with these sizes, in words (`numSteps is 0, must be within 1...1000`), or
  /// `nil` when every one is within `Limit` and dropout is a probability.
  public var problem: String? {
    let sizes: [(String, Int?, ClosedRange<Int>)] = [
      ("sourceVocabSize", sourceVocabSize, Limit.minVocabSize...Limit.maxVocabSize),
      ("targetVocabSize", targetVocabSize, Limit.minVocabSize...Limit.maxVocabSize),
      ("numSteps", numSteps, 1...Limit.numSteps), ("embedSize", embedSize, 1...Limit.width),
      ("numHiddens", numHiddens, 1...Limit.width), ("numLayers", numLayers, 1...Limit.layers),
      ("decoderNumHiddens", decoderNumHiddens, 1...Limit.width),
      ("decoderNumLayers", decoderNumLayers, 1...Limit.layers),
    ]
    for (name, value, range) in sizes {
      if let value, !range.contains(value) {
        return "\(name) is \(value), must be within \(range.lowerBound)...\(range.upperBound)"
      }
    }
    guard (0..<1).contains(dropout) else { return "dropout is \(dropout), must be in [0, 1)" }
    if let transformer { return transformer.problem(numHiddens: numHiddens) }
    return nil
  }
}

/// The sizes a Transformer has beyond numHiddens and numLayers (D2L's `num_heads` and
/// `ffn_num_hiddens`).
public struct TransformerSizes: Codable, Equatable, Sendable {
  /// h, the attention heads of every multi-head attention; numHiddens must be a multiple of it.
  public var numHeads: Int
  /// The hidden units of the position-wise feed-forward network.
  public var ffnNumHiddens: Int

  /// Sizes of `numHeads` heads and a feed-forward network of `ffnNumHiddens`: D2L's 4 and 64.
  public init(numHeads: Int = 4, ffnNumHiddens: Int = 64) {
    self.numHeads = numHeads
    self.ffnNumHiddens = ffnNumHiddens
  }

  /// What is wrong with these sizes for a model of `numHiddens`, in words, or `nil`.
  public func problem(numHiddens: Int) -> String? {
    let limit = Seq2SeqConfiguration.Limit.width
    guard (1...limit).contains(numHeads) else {
      return "numHeads is \(numHeads), must be within 1...\(limit)"
    }
    guard (1...limit).contains(ffnNumHiddens) else {
      return "ffnNumHiddens is \(ffnNumHiddens), must be within 1...\(limit)"
    }
    guard numHiddens % numHeads == 0 else {
      return "numHiddens \(numHiddens) is not a multiple of numHeads \(numHeads)"
    }
    return nil
  }
}
