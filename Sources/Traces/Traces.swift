// Plain records of what the model did, for the figures: tokens, probabilities, vectors as
// `[Float]`. The model code fills them; the renderer reads them and nothing else, so a figure can
// be drawn, tested and restyled without training anything.

/// A token with its probability.
public struct ScoredToken: Sendable, Equatable, Codable {
  /// The token.
  public var token: String
  /// Its probability.
  public var probability: Float

  /// Makes a scored token.
  public init(_ token: String, _ probability: Float) {
    self.token = token
    self.probability = probability
  }
}

/// One training pair run with teacher forcing (D2L's seq2seq.svg, from a real pair).
public struct TeacherForcingTrace: Sendable, Equatable, Codable {
  /// The source tokens, `<eos>` and padding included.
  public var sourceTokens: [String]
  /// How many source tokens are real; the rest is padding.
  public var sourceValidLen: Int
  /// The decoder's inputs: `<bos>` and the gold tokens shifted right.
  public var decoderInputs: [String]
  /// The gold labels.
  public var labels: [String]
  /// How many label positions count in the loss.
  public var targetValidLen: Int
  /// The probability the model gave each gold label.
  public var labelProbabilities: [Float]
  /// Whether c starts the decoder's state, and whether it joins every decoder input.
  public var contextToInitialState: Bool, contextToEveryInput: Bool

  /// Makes a trace.
  public init(
    sourceTokens: [String], sourceValidLen: Int, decoderInputs: [String], labels: [String],
    targetValidLen: Int, labelProbabilities: [Float], contextToInitialState: Bool,
    contextToEveryInput: Bool
  ) {
    self.sourceTokens = sourceTokens
    self.sourceValidLen = sourceValidLen
    self.decoderInputs = decoderInputs
    self.labels = labels
    self.targetValidLen = targetValidLen
    self.labelProbabilities = labelProbabilities
    self.contextToInitialState = contextToInitialState
    self.contextToEveryInput = contextToEveryInput
  }
}

/// One step of greedy decoding: the token read and the most probable next tokens.
public struct PredictionStep: Sendable, Equatable, Codable {
  /// The token fed in (`<bos>`, then the previous prediction).
  public var input: String
  /// The top-k next tokens, most probable first; the first is the one chosen.
  public var top: [ScoredToken]

  /// Makes a step.
  public init(input: String, top: [ScoredToken]) {
    self.input = input
    self.top = top
  }
}

/// One sentence translated greedily, step by step (D2L's seq2seq-predict.svg).
public struct PredictionTrace: Sendable, Equatable, Codable {
  /// The source tokens the encoder read, without padding.
  public var sourceTokens: [String]
  /// The decoding steps.
  public var steps: [PredictionStep]
  /// Whether the decoder ended with `<eos>` (else it hit numSteps).
  public var endedWithEOS: Bool
  /// The context vector c.
  public var context: [Float]

  /// Makes a trace.
  public init(sourceTokens: [String], steps: [PredictionStep], endedWithEOS: Bool, context: [Float])
  {
    self.sourceTokens = sourceTokens
    self.steps = steps
    self.endedWithEOS = endedWithEOS
    self.context = context
  }
}

/// A partial translation kept by beam search.
public struct Beam: Sendable, Equatable, Codable {
  /// The tokens so far.
  public var tokens: [String]
  /// Their log-probability.
  public var logProbability: Float

  /// Makes a beam.
  public init(tokens: [String], logProbability: Float) {
    self.tokens = tokens
    self.logProbability = logProbability
  }
}

/// The beams of a beam search, step by step.
public struct BeamTrace: Sendable, Equatable, Codable {
  /// At each step, the beams kept.
  public var steps: [[Beam]]
  /// The chosen translation.
  public var best: [String]

  /// Makes a trace.
  public init(steps: [[Beam]], best: [String]) {
    self.steps = steps
    self.best = best
  }
}

/// Where the decoder looked while writing one sentence (greedily, or fed a reference):
/// alpha_{t',t} for every output token t' (rows) and source token t (columns).
public struct AttentionTrace: Sendable, Equatable, Codable {
  /// The source tokens the encoder read (`<unk>` for unknown words, `<eos>` last), the valid
  /// steps only unless the padding was asked for (`<pad>`, weights 0): the columns.
  public var source: [String]
  /// The tokens the decoder wrote or was fed, `<eos>` included when it ended the sentence: the
  /// rows.
  public var target: [String]
  /// weights[t'][t] = alpha_{t',t}; each row sums to 1.
  public var weights: [[Float]]
  /// When a word aligner has aligned the pair: links[t'] holds the source columns it links row
  /// t' to (none for a token it leaves unaligned), to compare the weights with.
  public var links: [[Int]]?
  /// A Transformer's weights of each head of its top block's cross-attention, heads[h][t'][t]
  /// (`weights` is their mean); `nil` for a model with one attention (Bahdanau's).
  public var heads: [[[Float]]]?

  /// Makes a trace.
  public init(
    source: [String], target: [String], weights: [[Float]], links: [[Int]]? = nil,
    heads: [[[Float]]]? = nil
  ) {
    self.source = source
    self.target = target
    self.weights = weights
    self.links = links
    self.heads = heads
  }

  /// For each output token, the source tokens it weighted most, strongest first: at most
  /// `count` of them, each with its weight.
  public func strongest(_ count: Int) -> [(token: String, sources: [ScoredToken])] {
    zip(target, weights).map { token, row in
      let ranked = row.indices.sorted { (row[$0], $1) > (row[$1], $0) }
      return (token, ranked.prefix(count).map { ScoredToken(source[$0], row[$0]) })
    }
  }
}
