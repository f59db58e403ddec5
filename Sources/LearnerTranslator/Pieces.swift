import ExerciseChecks
import ExerciseSupport

/// One piece of the translator that an exercise writes: the learner's function when it is
/// solved, the library's until then (or when the learner's traps, or is set aside by
/// `--library`).
public final class Piece {
  /// The exercise.
  public let key: ExerciseID
  /// What the piece does in the translator, in a few words.
  public let role: String
  /// The exercise's number, "1.3".
  public var id: String { key.rawValue }
  /// Whether the learner's code runs (true until it says it is not written yet).
  public private(set) var isLearners: Bool
  /// Why the library's runs instead, when it does.
  public private(set) var reason: String?

  init(_ key: ExerciseID, _ role: String, library: Set<String>) {
    self.key = key
    self.role = role
    isLearners = !library.contains(key.rawValue)
    reason = isLearners ? nil : "set aside with --library"
  }

  /// The learner's `learner()` while it is theirs, else `nil` (and the library's own code runs
  /// in its place). A learner's function that throws `notImplemented` (its own, or that of an
  /// exercise it calls) or any other error hands the piece to the library for good. `announce`
  /// hears the piece start ("running 1.3 on ...") and end ("returned 1.3"), so that a trap is
  /// traced to the piece running when it came (`Pieces.running(in:)`).
  func run<T>(on inputs: @autoclosure () -> String, _ learner: () throws -> T) -> T? {
    guard isLearners else { return nil }
    Piece.announce?("running \(id) on \(inputs())")
    defer { Piece.announce?("returned \(id)") }
    do {
      return try learner()
    } catch ExerciseError.notImplemented(let missing) {
      setAside(missing == id ? "not written yet" : "it calls \(missing), not written yet")
    } catch {
      setAside("it threw: \(error)")
    }
    return nil
  }

  /// Told when each of your functions starts and ends, while a probe is under way.
  nonisolated(unsafe) public static var announce: ((String) -> Void)?

  /// Hands the piece to the library from now on, for `reason`.
  func setAside(_ reason: String) {
    isLearners = false
    self.reason = reason
  }
}

/// Every piece the translator is built from, in the chapter's order.
public final class Pieces {
  /// One piece each; 1.2 runs only in a vanilla RNN, which D2L's model is not.
  public let timeMajor, rnnStep, gruStep, runCell, context, concatenateContext, initialState,
    decoderStep, maskedLoss, lossPerToken, teacherForcingInput, trainStep, greedyDecode, bleu,
    maskedSoftmax, additiveScores, weightedContext, beamSearch: Piece
  /// The Transformer's pieces (concept 10).
  public let attend, causalMask, splitHeads, mergeHeads, positionalEncoding, layerNorm,
    addNorm: Piece
  /// Whether the model is D2L's Transformer (then 10.1-10.7 replace concepts 1-3 and 8).
  public let transformer: Bool
  /// Whether the decoder attends (concept 8): then 8.1-8.3 make c_t' at every step and 3.1 is
  /// not used.
  public let attends: Bool

  /// The functions your pieces call: the ones you wrote.
  public let yours: Yours

  /// The beam size of the translations, 1 for greedy search (then 6.3 is not used).
  public let beamSize: Int

  /// The pieces, the learner's unless `library` names them.
  public init(
    library: Set<String> = [], pooling: String = "last", attends: Bool = false,
    beamSize: Int = 1, transformer: Bool = false, yours: Yours = Yours()
  ) {
    self.yours = yours
    self.attends = attends
    self.transformer = transformer
    self.beamSize = beamSize
    let piece = { (key: ExerciseID, role: String) in Piece(key, role, library: library) }
    timeMajor = piece(.timeMajor, "token ids time first, for the encoder and the decoder")
    rnnStep = piece(.rnnStep, "the vanilla RNN step (not used: D2L's model is a GRU)")
    gruStep = piece(.gruStep, "the GRU step of every layer, encoder and decoder")
    runCell = piece(.runCell, "each layer run over the time steps")
    context = piece(
      pooling == "mean" ? .meanOverTime : pooling == "max" ? .maxOverTime : .lastState,
      "the context variable c (\(pooling))")
    concatenateContext = piece(.concatenateContext, "c beside every decoder input")
    initialState = piece(.initialState, "the decoder's first state from the encoder's")
    decoderStep = piece(.decoderStep, "one decoder step while translating")
    maskedLoss = piece(.maskedLoss, "the masked loss of every batch (and the 4.1 it calls)")
    lossPerToken = piece(.lossPerToken, "the loss printed per epoch")
    teacherForcingInput = piece(
      .teacherForcingInput, "<bos> + the gold tokens, the decoder's training input")
    trainStep = piece(.trainStep, "every training step: loss, backward, clipping, Adam")
    greedyDecode = piece(
      .greedyDecode, "greedy decoding of the test sentences (and the 6.1 it calls)")
    bleu = piece(.bleu, "D2L's BLEU of the translations (and the 7.1, 7.2 it calls)")
    beamSearch = piece(
      .beamStep, "each step of beam search (\(beamSize) beams) on the test sentences")
    additiveScores = piece(
      .additiveScore, "the additive scores of the encoder's states, every step")
    maskedSoftmax = piece(.maskedWeights, "the attention weights over the valid source steps")
    weightedContext = piece(.context, "c_t', the weighted sum of the encoder's states")
    attend = piece(
      .scaledDotProductAttention, "every attention but the decoder's self-attention, every head")
    causalMask = piece(.causalMask, "the decoder's self-attention mask, training and prediction")
    splitHeads = piece(.splitHeads, "the queries, keys and values split into heads")
    mergeHeads = piece(.mergeHeads, "the heads merged before W_o")
    positionalEncoding = piece(.positionalEncoding, "the positions' codes of both halves")
    layerNorm = piece(.layerNorm, "every layer normalisation")
    addNorm = piece(.addNorm, "every add & norm around a sublayer")
  }

  /// Every piece the model runs, in order: D2L's GRU model's (c and 3.1 give way to 8.1-8.3
  /// when it attends), or the Transformer's.
  public var all: [Piece] {
    if transformer {
      return [
        positionalEncoding, splitHeads, attend, causalMask, mergeHeads, layerNorm, addNorm,
        maskedLoss, lossPerToken, teacherForcingInput, trainStep,
        beamSize > 1 ? beamSearch : greedyDecode, bleu,
      ]
    }
    return [timeMajor, gruStep, runCell, initialState]
      + (attends
        ? [additiveScores, maskedSoftmax, weightedContext] : [context, concatenateContext])
      + [
        decoderStep, maskedLoss, lossPerToken, teacherForcingInput, trainStep,
        beamSize > 1 ? beamSearch : greedyDecode, bleu,
      ]
  }

  /// The piece that was running when a run's transcript (the lines `Piece.announce` heard)
  /// stopped, and what it was running on: the innermost piece started and not yet returned, so
  /// that a trap is blamed on the piece it came from and on no other; `nil` when none was.
  public static func running(in transcript: [String]) -> (id: String, inputs: String)? {
    var stack: [(id: String, inputs: String)] = []
    for line in transcript {
      if line.hasPrefix("running ") {
        let what = line.dropFirst("running ".count)
        let id = String(what.prefix { $0 != " " })
        stack.append((id, String(what.dropFirst(id.count + " on ".count))))
      } else if line.hasPrefix("returned "),
        let index = stack.lastIndex(where: {
          $0.id == line.dropFirst("returned ".count)
        })
      {
        stack.removeSubrange(index...)
      }
    }
    return stack.last
  }
}
