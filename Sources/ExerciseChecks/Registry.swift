import ExerciseSupport

/// Every exercise by name, in the chapter's order; the raw value is its number as the book's
/// reader sees it ("4.2": concept 4, exercise 2). `Registry` (ExerciseChecks) gives each one its
/// title, hint and check in one exhaustive `switch`, so that a new case does not compile until
/// it has them.
public enum ExerciseID: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
  /// 1.1: reorder token ids time first.
  case timeMajor = "1.1"
  /// 1.2: one vanilla RNN step.
  case rnnStep = "1.2"
  /// 1.3: one GRU step from its equations.
  case gruStep = "1.3"
  /// 1.4: run a cell over a whole sequence.
  case runCell = "1.4"
  /// 2.1: c = h_T.
  case lastState = "2.1"
  /// 2.2: c = mean over the valid steps.
  case meanOverTime = "2.2"
  /// 2.3: c = max over the valid steps.
  case maxOverTime = "2.3"
  /// 3.1: put c beside every decoder input.
  case concatenateContext = "3.1"
  /// 3.2: start the decoder from the encoder's state.
  case initialState = "3.2"
  /// 3.3: one decoder step by hand, through every layer.
  case decoderStep = "3.3"
  /// 4.1: sequenceMask.
  case sequenceMask = "4.1"
  /// 4.2: the masked softmax cross-entropy.
  case maskedLoss = "4.2"
  /// 4.3: D2L's printed loss.
  case lossPerToken = "4.3"
  /// 5.1: the teacher-forcing input.
  case teacherForcingInput = "5.1"
  /// 5.2: scheduled sampling's choice.
  case scheduledInput = "5.2"
  /// 5.3: one training step.
  case trainStep = "5.3"
  /// 6.1: argmax.
  case argmax = "6.1"
  /// 6.2: the greedy decoding loop.
  case greedyDecode = "6.2"
  /// 6.3: one beam-search step.
  case beamStep = "6.3"
  /// 7.1: clipped n-gram precision.
  case clippedPrecision = "7.1"
  /// 7.2: the brevity penalty.
  case brevityPenalty = "7.2"
  /// 7.3: D2L's BLEU.
  case bleu = "7.3"
  /// 8.1: the masked softmax over source steps.
  case maskedWeights = "8.1"
  /// 8.2: the additive score.
  case additiveScore = "8.2"
  /// 8.3: the weighted context.
  case context = "8.3"
  /// 10.1: scaled dot-product attention with a padding mask.
  case scaledDotProductAttention = "10.1"
  /// 10.2: the causal mask.
  case causalMask = "10.2"
  /// 10.3: splitting the features into heads.
  case splitHeads = "10.3"
  /// 10.4: merging the heads.
  case mergeHeads = "10.4"
  /// 10.5: the positional encoding.
  case positionalEncoding = "10.5"
  /// 10.6: layer normalisation.
  case layerNorm = "10.6"
  /// 10.7: add & norm.
  case addNorm = "10.7"

  /// The concept's number: 1 to 8, or 10.
  public var concept: Int { Int(rawValue.split(separator: ".")[0])! }

  /// "4.2".
  public var description: String { rawValue }

  /// In the chapter's order.
  public static func < (a: ExerciseID, b: ExerciseID) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// One exercise: which it is, what it asks, a hint kept apart from the stub, and its check.
public struct Exercise: Sendable {
  /// Which exercise.
  public let key: ExerciseID
  /// What to write, in a few words.
  public let title: String
  /// A nudge that does not give the answer away.
  public let hint: String
  /// The learner's function against the book's numbers and the library's piece: throws
  /// `ExerciseFailure` naming what differs, or `ExerciseError.notImplemented` while not started.
  public let check: @Sendable () throws -> Void

  init(
    _ key: ExerciseID, title: String, hint: String, check: @escaping @Sendable () throws -> Void
  ) {
    self.key = key
    self.title = title
    self.hint = hint
    self.check = check
  }

  /// "4.2": concept 4, exercise 2.
  public var id: String { key.rawValue }
  /// The concept's number, 1 to 8.
  public var concept: Int { key.concept }
  /// The file the learner edits, e.g. `Sources/Exercises/MaskedLossExercises.swift`.
  public var file: String { "Sources/Exercises/\(Catalog.concept(concept).file)" }
  /// The reference solution's file.
  public var solutionFile: String {
    "Sources/ExerciseSolutions/\(Catalog.concept(concept).file)"
  }
}

/// The one list of exercises, from which the catalog (`exercises list`), the watch loop, the
/// checks, the tests and the translator's pieces are derived. Adding an exercise touches its
/// stub and solution, its check, and this file: a case of `ExerciseID` and its entry in
/// `exercise` (the `switch` does not compile without it).
public enum Registry {
  /// Every exercise, in the chapter's order.
  public static let exercises: [Exercise] = ExerciseID.allCases.map(\.exercise)

  /// The exercise numbered `id` ("4.2"), if there is one.
  public static func exercise(_ id: String) -> Exercise? {
    ExerciseID(rawValue: id).map(\.exercise)
  }
}

extension ExerciseID {
  /// Its title, hint and check.
  public var exercise: Exercise {
    switch self {
    case .timeMajor:
      Exercise(
        self, title: "reorder token ids time first",
        hint:
          "Entry [t][b] of the result is tokens[b * numSteps + t]: loop over t outside, b inside.",
        check: { try EncoderChecks.timeMajor() })
    case .rnnStep:
      Exercise(
        self, title: "one vanilla RNN step",
        hint:
          "Start from the worked example above it, then add weights.inputBias and weights.hiddenBias before the tanh.",
        check: { try EncoderChecks.rnnStep() })
    case .gruStep:
      Exercise(
        self, title: "one GRU step from its equations",
        hint:
          "Project once: gx = weights.projectInputs(x), gh = weights.projectHidden(h); gate k is weights.gate(gx, k). Only the candidate multiplies R into the hidden part.",
        check: { try EncoderChecks.gruStep() })
    case .runCell:
      Exercise(
        self, title: "run a cell over a whole sequence",
        hint:
          "inputs.select(axis: 0, t) is step t; call cell(x_t, state: state) and keep each state.hidden; Tensor.stack joins them.",
        check: { try EncoderChecks.runCell() })
    case .lastState:
      Exercise(
        self, title: "c = h_T",
        hint:
          "The top layer is the last entry along axis 0: state.select(axis: 0, state.shape[0] - 1).",
        check: { try ContextChecks.lastState() })
    case .meanOverTime:
      Exercise(
        self, title: "c = mean over the valid steps",
        hint:
          "Build a (numSteps, batchSize, 1) mask of 1s and 0s, multiply, sum over axis 0, divide by each sentence's count (broadcast a (batchSize, 1) tensor).",
        check: { try ContextChecks.meanOverTime() })
    case .maxOverTime:
      Exercise(
        self, title: "c = max over the valid steps",
        hint:
          "masked(by:fill:) with a fill of -1e9 hides the padding from max(axis: 0); expand the mask to the outputs' shape first.",
        check: { try ContextChecks.maxOverTime() })
    case .concatenateContext:
      Exercise(
        self, title: "put c beside every decoder input",
        hint:
          "context.expanded(to: [numSteps, batchSize, contextSize]) repeats c; Tensor.concatenate along axis 2 joins it to the embeddings.",
        check: { try DecoderChecks.concatenateContext() })
    case .initialState:
      Exercise(
        self, title: "start the decoder from the encoder's state",
        hint:
          "Compare encoderState.shape with [numLayers, batchSize, numHiddens] and throw ContextError.stateMismatch(encoder:decoder:) with both shapes.",
        check: { try DecoderChecks.initialState() })
    case .decoderStep:
      Exercise(
        self, title: "one decoder step by hand, through every layer",
        hint:
          "embedding(tokens, shape: [batchSize]) gives (batchSize, embedSize); concatenate c on axis 1; each layer steps once, reading the new hidden state of the layer below; dense turns the top layer's hidden state into logits.",
        check: { try DecoderChecks.decoderStep() })
    case .sequenceMask:
      Exercise(
        self, title: "sequenceMask",
        hint:
          "The worked example gives one row of the mask; build all rows into a (batchSize, numSteps) tensor and use x.masked(by:fill:).",
        check: { try MaskedLossChecks.sequenceMask() })
    case .maskedLoss:
      Exercise(
        self, title: "the masked softmax cross-entropy",
        hint:
          "logits.crossEntropy(labels:) gives (batchSize, numSteps); zero the padding with your sequenceMask on ones; mean over axis 1, as D2L.",
        check: { try MaskedLossChecks.maskedLoss() })
    case .lossPerToken:
      Exercise(
        self, title: "D2L's printed loss",
        hint:
          "Sum the sentence losses, sum the valid lengths, divide; think about a batch with no valid tokens.",
        check: { try MaskedLossChecks.lossPerToken() })
    case .teacherForcingInput:
      Exercise(
        self, title: "the teacher-forcing input",
        hint:
          "For each row: [bos] + the row without its last token. The worked example cuts out a row.",
        check: { try TeacherForcingChecks.teacherForcingInput() })
    case .scheduledInput:
      Exercise(
        self, title: "scheduled sampling's choice",
        hint:
          "A draw below goldProbability picks the gold token; goldProbability 1 is teacher forcing, 0 is the model's own.",
        check: { try TeacherForcingChecks.scheduledInput() })
    case .trainStep:
      Exercise(
        self, title: "one training step",
        hint:
          "zeroGrad, logits from model(source:sourceValidLen:decoderInput:shape:), maskedSoftmaxCrossEntropy(...).sum(), backward, clipGradients, step. Return loss.scalar.",
        check: { try TeacherForcingChecks.trainStep() })
    case .argmax:
      Exercise(
        self, title: "argmax",
        hint:
          "Keep the index of the best score so far; replace it only on a strictly larger score, so ties keep the first.",
        check: { try PredictionChecks.argmax() })
    case .greedyDecode:
      Exercise(
        self, title: "the greedy decoding loop",
        hint:
          "token = bos; repeat maxSteps times: (logProbabilities, state) = step(token, state); token = argmax; stop on eos before appending.",
        check: { try PredictionChecks.greedyDecode() })
    case .beamStep:
      Exercise(
        self, title: "one beam-search step",
        hint:
          "List (beam, token, beamLogProbability + next[beam][token]) for every pair, sort by total (descending, stable), keep beamSize.",
        check: { try PredictionChecks.beamStep() })
    case .clippedPrecision:
      Exercise(
        self, title: "clipped n-gram precision",
        hint:
          "Count the reference n-grams in a dictionary; each predicted n-gram that finds a count above 0 matches and uses it up.",
        check: { try BLEUChecks.clippedPrecision() })
    case .brevityPenalty:
      Exercise(
        self, title: "the brevity penalty",
        hint:
          "exp(min(0, 1 - labelLength / predictionLength)) with Double division; an empty prediction gets 0.",
        check: { try BLEUChecks.brevityPenalty() })
    case .bleu:
      Exercise(
        self, title: "D2L's BLEU",
        hint:
          "Split at spaces, start from the brevity penalty, multiply by p_n^(1/2^n) for n = 1...k using your 7.1 and 7.2.",
        check: { try BLEUChecks.bleu() })
    case .maskedWeights:
      Exercise(
        self, title: "the masked softmax over source steps",
        hint:
          "Build a (batchSize, numSteps) mask of 1s for t < max(validLen[b], 1); masked(by:fill:) with -1e6 before softmax(), not after: exp(-1e6) is exactly 0.",
        check: { try AttentionChecks.maskedWeights() })
    case .additiveScore:
      Exercise(
        self, title: "the additive score",
        hint:
          "Reshape the states to (batchSize * numSteps, keySize) to multiply by W_k; reshape W_q s to (batchSize, 1, numHiddens) so that + broadcasts it over the steps; tanh, then w_v.",
        check: { try AttentionChecks.additiveScore() })
    case .context:
      Exercise(
        self, title: "the weighted context",
        hint:
          "Reshape the weights to (batchSize, numSteps, 1): * broadcasts them over the state's units; then sum over the steps, axis 1.",
        check: { try AttentionChecks.context() })
    case .scaledDotProductAttention:
      Exercise(
        self, title: "masked scaled dot-product attention",
        hint:
          "queries.batchedMatmul(keys, transposeOther: true) / sqrt(d); a (batch, querySteps, keySteps) mask of 1 for j < validLen[b]; masked(by:fill: -1e6), softmax(); multiply the weights by 0 for an entry with validLen 0, then batchedMatmul(values).",
        check: { try TransformerChecks.scaledDotProductAttention() })
    case .causalMask:
      Exercise(
        self, title: "the decoder's causal mask",
        hint:
          "Query i stands at position i + (keySteps - querySteps): it sees key j when j <= i + keySteps - querySteps, itself included.",
        check: { try TransformerChecks.causalMask() })
    case .splitHeads:
      Exercise(
        self, title: "split the features into heads",
        hint:
          "reshaped([batch, numSteps, numHeads, headSize]) first (the features of a step are the heads side by side), then permuted([0, 2, 1, 3]) to put the heads before the steps.",
        check: { try TransformerChecks.splitHeads() })
    case .mergeHeads:
      Exercise(
        self, title: "merge the heads back",
        hint:
          "Undo 10.3 in reverse order: permuted([0, 2, 1, 3]) to (batch, numSteps, numHeads, headSize), then reshaped([batch, numSteps, -1]).",
        check: { try TransformerChecks.mergeHeads() })
    case .positionalEncoding:
      Exercise(
        self, title: "the sinusoidal positional encoding",
        hint:
          "For every even column 2j the angle is i / pow(10000, 2j / numHiddens): sin of it in column 2j, cos of the same angle in column 2j + 1.",
        check: { try TransformerChecks.positionalEncoding() })
    case .layerNorm:
      Exercise(
        self, title: "layer normalisation",
        hint:
          "mean(axis: -1) and reshape to keep a last axis of 1; the variance is the mean of the squared centred values (not divided by n - 1); add epsilon before squareRoot(); then * gamma + beta.",
        check: { try TransformerChecks.layerNorm() })
    case .addNorm:
      Exercise(
        self, title: "add & norm",
        hint:
          "Dropout on the sublayer's output y only, then the residual x, then the norm: norm(x + dropout(y)).",
        check: { try TransformerChecks.addNorm() })
    }
  }
}

extension ExerciseFailure {
  /// Makes a failure of exercise `key`.
  init(_ key: ExerciseID, _ message: String) {
    self.init(key.rawValue, message)
  }
}
