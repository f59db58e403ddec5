import Files
import Foundation

/// One box of the model drawing: a layer's name and its sizes.
public struct LayerBox: Sendable, Equatable, Codable {
  /// The layer, e.g. `GRU encoder, 2 layers`.
  public var name: String
  /// Its sizes, e.g. `32 -> 32 units`.
  public var detail: String
  /// Whether it is part of the encoder (else the decoder).
  public var isEncoder: Bool

  /// Makes a box.
  public init(_ name: String, _ detail: String, isEncoder: Bool) {
    self.name = name
    self.detail = detail
    self.isEncoder = isEncoder
  }
}

/// The model's layers with their real sizes, bottom up (D2L's seq2seq-details.svg).
public struct ModelTrace: Sendable, Equatable, Codable {
  /// The layers, encoder and decoder, each bottom up.
  public var layers: [LayerBox]
  /// The shape of what flows out of each layer, `""` for none.
  public var flows: [String]
  /// What goes from the encoder's top box to the decoder: `nil` is the recurrent model's
  /// "state, c"; a Transformer's decoder attends to the encoder's outputs as keys and values.
  public var handoff: String?

  /// Makes a trace.
  public init(layers: [LayerBox], flows: [String], handoff: String? = nil) {
    self.layers = layers
    self.flows = flows
    self.handoff = handoff
  }
}

/// The masked loss of a few real sentences: each gold token's -log P and each sentence's loss.
public struct MaskedLossTrace: Sendable, Equatable, Codable {
  /// The gold tokens of each sentence, padding included.
  public var tokens: [[String]]
  /// Each token's loss, -log P(gold token), padding included.
  public var losses: [[Float]]
  /// How many tokens of each sentence count.
  public var validLen: [Int]
  /// Each sentence's loss as D2L reports it (the masked sum over numSteps).
  public var sentenceLosses: [Float]

  /// Makes a trace.
  public init(tokens: [[String]], losses: [[Float]], validLen: [Int], sentenceLosses: [Float]) {
    self.tokens = tokens
    self.losses = losses
    self.validLen = validLen
    self.sentenceLosses = sentenceLosses
  }
}

/// The context vector c of a few sentences.
public struct ContextTrace: Sendable, Equatable, Codable {
  /// The sentences, as the encoder read them.
  public var sentences: [String]
  /// Each sentence's c.
  public var vectors: [[Float]]

  /// Makes a trace.
  public init(sentences: [String], vectors: [[Float]]) {
    self.sentences = sentences
    self.vectors = vectors
  }
}

/// D2L's BLEU of one translation, piece by piece.
public struct BLEUTrace: Sendable, Equatable, Codable {
  /// The translation's tokens.
  public var hypothesis: [String]
  /// The reference's tokens.
  public var reference: [String]
  /// For each n from 1, whether each n-gram of the translation matched (clipped counts).
  public var matches: [[Bool]]
  /// p_n for each n from 1.
  public var precisions: [Double]
  /// exp(min(0, 1 - len(reference) / len(hypothesis))).
  public var brevityPenalty: Double
  /// The score.
  public var score: Double

  /// Makes a trace.
  public init(
    hypothesis: [String], reference: [String], matches: [[Bool]], precisions: [Double],
    brevityPenalty: Double, score: Double
  ) {
    self.hypothesis = hypothesis
    self.reference = reference
    self.matches = matches
    self.precisions = precisions
    self.brevityPenalty = brevityPenalty
    self.score = score
  }
}

/// How many sentences have a given length in tokens, on each side of the corpus.
public struct LengthCount: Sendable, Equatable, Codable {
  /// The length in tokens.
  public var length: Int
  /// How many English sentences have it.
  public var source: Int
  /// How many French sentences have it.
  public var target: Int

  /// Makes a count.
  public init(length: Int, source: Int, target: Int) {
    self.length = length
    self.source = source
    self.target = target
  }
}

/// Corpus BLEU of the translations of sources of one length.
public struct LengthBLEU: Sendable, Equatable, Codable {
  /// The source length in tokens (the last bucket holds this length and longer).
  public var length: Int
  /// Corpus BLEU, 0 to 100.
  public var bleu: Double
  /// How many sentences were scored.
  public var count: Int

  /// Makes a bucket.
  public init(length: Int, bleu: Double, count: Int) {
    self.length = length
    self.bleu = bleu
    self.count = count
  }
}

/// Everything the nine figures show, recorded from one model's run. `seq2seq figures` writes it
/// as `traces.json` beside the figures and can draw them again from it without training, so the
/// committed `Figures/` are reproducible on any CPU.
public struct FigureTraces: Sendable, Equatable, TraceFile {
  /// A training pair through the model with teacher forcing (`seq2seq-train`).
  public var teacherForcing: TeacherForcingTrace
  /// The layers and their sizes (`seq2seq-details`).
  public var model: ModelTrace
  /// One sentence predicted greedily (`seq2seq-predict`)...
  public var prediction: PredictionTrace
  /// ... and by beam search.
  public var beams: BeamTrace
  /// The masked loss of five sentences (`masked-loss`).
  public var maskedLoss: MaskedLossTrace
  /// The training loss of each epoch (`loss-curve`).
  public var losses: [Float]
  /// The context vectors of eight sentences (`context-heatmap`).
  public var contexts: ContextTrace
  /// D2L's BLEU of one translation (`bleu`).
  public var bleu: BLEUTrace
  /// Sentence lengths in the corpus (`token-lengths`).
  public var tokenLengths: [LengthCount]
  /// Held-out corpus BLEU by source length (`bleu-by-length`).
  public var bleuByLength: [LengthBLEU]
  /// A model with attention: the weights of the predicted sentence (`attention-heatmap`).
  public var attention: AttentionTrace?
  /// A Transformer: its positional codes and every head's weights (`positional-encoding`,
  /// `heads-encoder`, `heads-decoder`, `heads-cross`).
  public var transformer: TransformerTrace?

  /// Makes the record of a run.
  public init(
    teacherForcing: TeacherForcingTrace, model: ModelTrace, prediction: PredictionTrace,
    beams: BeamTrace, maskedLoss: MaskedLossTrace, losses: [Float], contexts: ContextTrace,
    bleu: BLEUTrace, tokenLengths: [LengthCount], bleuByLength: [LengthBLEU],
    attention: AttentionTrace? = nil, transformer: TransformerTrace? = nil
  ) {
    self.attention = attention
    self.transformer = transformer
    self.teacherForcing = teacherForcing
    self.model = model
    self.prediction = prediction
    self.beams = beams
    self.maskedLoss = maskedLoss
    self.losses = losses
    self.contexts = contexts
    self.bleu = bleu
    self.tokenLengths = tokenLengths
    self.bleuByLength = bleuByLength
  }

  /// The file the traces are kept in, inside a figures folder.
  public static let fileName = "traces.json"
}

/// A record figures are drawn from, kept as JSON in a file of its own beside them.
public protocol TraceFile: Codable {
  /// The file's name inside a figures folder.
  static var fileName: String { get }
  /// The first inconsistency of the record, naming its field (`teacherForcing.sourceValidLen is
  /// -1, must be within 0...10`), or `nil` when every figure can be drawn from it.
  var problem: String? { get }
}

extension TraceFile {
  /// The traces as JSON: keys sorted, one value per line, numbers in their shortest form that
  /// reads back to the same bits.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }

  /// Reads the traces from `fileName` in `folder` (or from `folder` when it is a file) and checks them as a whole (`problem`): a file
  /// larger than `TraceLimit.fileBytes` is refused unread, one that parses but does not fit
  /// together is refused before anything is drawn.
  /// - Throws: `TraceError`, naming the file and, for an inconsistency, the field.
  public static func read(from folder: URL) throws -> Self {
    // The file itself, given instead of its folder, is read too.
    var isFolder: ObjCBool = true
    let given = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
    let file = given && !isFolder.boolValue ? folder : folder.appendingPathComponent(fileName)
    let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int
    if let size, size > TraceLimit.fileBytes {
      throw TraceError(
        path: file.path, reason: "\(size) bytes; traces files are at most \(TraceLimit.fileBytes)")
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
      throw TraceError(path: file.path, reason: FileProblem.unreadable(file.path) ?? "unreadable")
    }
    let traces: Self
    do {
      traces = try JSONDecoder().decode(Self.self, from: data)
    } catch let error as DecodingError {
      throw TraceError(path: file.path, reason: error.summary)
    }
    if let problem = traces.problem { throw TraceError(path: file.path, reason: problem) }
    return traces
  }
}

/// Traces that cannot be read, with the file and the reason, on one line.
public struct TraceError: Error, CustomStringConvertible {
  /// The file.
  public let path: String
  /// What is wrong.
  public let reason: String

  /// `path: reason`.
  public var description: String { "\(path): \(reason)" }
}

extension DecodingError {
  /// What is wrong and where, on one line: `not valid JSON`, `missing "losses"`.
  fileprivate var summary: String {
    func at(_ context: Context) -> String {
      let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
      return path.isEmpty ? "" : " at \(path.joined(separator: "."))"
    }
    switch self {
    case .dataCorrupted(let context): return "not valid trace JSON\(at(context))"
    case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(at(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "a value of the wrong type\(at(context))"
    @unknown default: return "not valid trace JSON"
    }
  }
}

/// What `exercises translator` records: the loss after each epoch of your translator and of the
/// library's, trained side by side from the same weights on the same batches.
public struct TranslatorTraces: TraceFile, Equatable, Sendable {
  /// Your model's loss per epoch (D2L's measure).
  public var yours: [Float]
  /// The library's model's loss per epoch.
  public var library: [Float]

  /// The two curves.
  public init(yours: [Float], library: [Float]) {
    self.yours = yours
    self.library = library
  }

  /// The file the traces are kept in, inside a figures folder.
  public static let fileName = "translator-traces.json"
}
