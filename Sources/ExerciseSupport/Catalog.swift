/// One exercise: where it is, what it asks, and a hint kept apart from the stub.
public struct Exercise: Sendable {
  /// "4.2": concept 4, exercise 2.
  public let id: String
  /// What to write, in a few words.
  public let title: String
  /// A nudge that does not give the answer away.
  public let hint: String

  /// The concept's number, 1 to 8.
  public var concept: Int { Int(id.split(separator: ".")[0])! }
  /// The file the learner edits, e.g. `Sources/Exercises/MaskedLossExercises.swift`.
  public var file: String { "Sources/Exercises/\(Catalog.concepts[concept - 1].file)" }
  /// The reference solution's file.
  public var solutionFile: String {
    "Sources/ExerciseSolutions/\(Catalog.concepts[concept - 1].file)"
  }
}

/// One of D2L's questions at the end of the chapter, as an experiment to run.
public struct GuidedExperiment: Sendable {
  /// D2L's numbering, 1 to 6.
  public let number: Int
  /// The question.
  public let question: String
  /// The commands that run it.
  public let commands: [String]
  /// What to look for, and why it happens.
  public let lookFor: String
}

/// Every exercise and experiment, in the chapter's order.
public enum Catalog {
  /// The eight concepts: name, exercise file, and the command that tests them.
  public static let concepts: [(name: String, file: String, chapter: String)] = [
    ("encoder", "EncoderExercises.swift", "Chapters/01-encoder.md"),
    ("context variable", "ContextVariableExercises.swift", "Chapters/02-context-variable.md"),
    ("decoder", "DecoderExercises.swift", "Chapters/03-decoder.md"),
    ("masked loss", "MaskedLossExercises.swift", "Chapters/04-masked-loss.md"),
    ("teacher forcing", "TeacherForcingExercises.swift", "Chapters/05-teacher-forcing.md"),
    ("prediction", "PredictionExercises.swift", "Chapters/06-prediction.md"),
    ("BLEU", "BLEUExercises.swift", "Chapters/07-bleu.md"),
    ("attention", "AttentionExercises.swift", "Chapters/08-attention.md"),
  ]

  /// The exercises.
  public static let exercises: [Exercise] = [
    Exercise(
      id: "1.1", title: "reorder token ids time first",
      hint: "Entry [t][b] of the result is tokens[b * numSteps + t]: loop over t outside, b inside."
    ),
    Exercise(
      id: "1.2", title: "one vanilla RNN step",
      hint:
        "Start from the worked example above it, then add weights.inputBias and weights.hiddenBias before the tanh."
    ),
    Exercise(
      id: "1.3", title: "one GRU step from its equations",
      hint:
        "Project once: gx = weights.projectInputs(x), gh = weights.projectHidden(h); gate k is weights.gate(gx, k). Only the candidate multiplies R into the hidden part."
    ),
    Exercise(
      id: "1.4", title: "run a cell over a whole sequence",
      hint:
        "inputs.select(axis: 0, t) is step t; call cell(x_t, state: state) and keep each state.hidden; Tensor.stack joins them."
    ),
    Exercise(
      id: "2.1", title: "c = h_T",
      hint:
        "The top layer is the last entry along axis 0: state.select(axis: 0, state.shape[0] - 1)."),
    Exercise(
      id: "2.2", title: "c = mean over the valid steps",
      hint:
        "Build a (numSteps, batchSize, 1) mask of 1s and 0s, multiply, sum over axis 0, divide by each sentence's count (broadcast a (batchSize, 1) tensor)."
    ),
    Exercise(
      id: "2.3", title: "c = max over the valid steps",
      hint:
        "masked(by:fill:) with a fill of -1e9 hides the padding from max(axis: 0); expand the mask to the outputs' shape first."
    ),
    Exercise(
      id: "3.1", title: "put c beside every decoder input",
      hint:
        "context.expanded(to: [numSteps, batchSize, contextSize]) repeats c; Tensor.concatenate along axis 2 joins it to the embeddings."
    ),
    Exercise(
      id: "3.2", title: "start the decoder from the encoder's state",
      hint:
        "Compare encoderState.shape with [numLayers, batchSize, numHiddens] and throw ContextError.stateMismatch(encoder:decoder:) with both shapes."
    ),
    Exercise(
      id: "3.3", title: "one decoder step by hand, through every layer",
      hint:
        "embedding(tokens, shape: [batchSize]) gives (batchSize, embedSize); concatenate c on axis 1; each layer steps once, reading the new hidden state of the layer below; dense turns the top layer's hidden state into logits."
    ),
    Exercise(
      id: "4.1", title: "sequenceMask",
      hint:
        "The worked example gives one row of the mask; build all rows into a (batchSize, numSteps) tensor and use x.masked(by:fill:)."
    ),
    Exercise(
      id: "4.2", title: "the masked softmax cross-entropy",
      hint:
        "logits.crossEntropy(labels:) gives (batchSize, numSteps); zero the padding with your sequenceMask on ones; mean over axis 1, as D2L."
    ),
    Exercise(
      id: "4.3", title: "D2L's printed loss",
      hint:
        "Sum the sentence losses, sum the valid lengths, divide; think about a batch with no valid tokens."
    ),
    Exercise(
      id: "5.1", title: "the teacher-forcing input",
      hint:
        "For each row: [bos] + the row without its last token. The worked example cuts out a row."),
    Exercise(
      id: "5.2", title: "scheduled sampling's choice",
      hint:
        "A draw below goldProbability picks the gold token; goldProbability 1 is teacher forcing, 0 is the model's own."
    ),
    Exercise(
      id: "5.3", title: "one training step",
      hint:
        "zeroGrad, logits from model(source:sourceValidLen:decoderInput:shape:), maskedSoftmaxCrossEntropy(...).sum(), backward, clipGradients, step. Return loss.scalar."
    ),
    Exercise(
      id: "6.1", title: "argmax",
      hint:
        "Keep the index of the best score so far; replace it only on a strictly larger score, so ties keep the first."
    ),
    Exercise(
      id: "6.2", title: "the greedy decoding loop",
      hint:
        "token = bos; repeat maxSteps times: (logProbabilities, state) = step(token, state); token = argmax; stop on eos before appending."
    ),
    Exercise(
      id: "6.3", title: "one beam-search step",
      hint:
        "List (beam, token, beamLogProbability + next[beam][token]) for every pair, sort by total (descending, stable), keep beamSize."
    ),
    Exercise(
      id: "7.1", title: "clipped n-gram precision",
      hint:
        "Count the reference n-grams in a dictionary; each predicted n-gram that finds a count above 0 matches and uses it up."
    ),
    Exercise(
      id: "7.2", title: "the brevity penalty",
      hint:
        "exp(min(0, 1 - labelLength / predictionLength)) with Double division; an empty prediction gets 0."
    ),
    Exercise(
      id: "7.3", title: "D2L's BLEU",
      hint:
        "Split at spaces, start from the brevity penalty, multiply by p_n^(1/2^n) for n = 1...k using your 7.1 and 7.2."
    ),
    Exercise(
      id: "8.1", title: "the masked softmax over source steps",
      hint:
        "Build a (batchSize, numSteps) mask of 1s for t < max(validLen[b], 1); masked(by:fill:) with -1e6 before softmax(), not after: exp(-1e6) is exactly 0."
    ),
    Exercise(
      id: "8.2", title: "the additive score",
      hint:
        "Reshape the states to (batchSize * numSteps, keySize) to multiply by W_k; reshape W_q s to (batchSize, 1, numHiddens) so that + broadcasts it over the steps; tanh, then w_v."
    ),
    Exercise(
      id: "8.3", title: "the weighted context",
      hint:
        "Reshape the weights to (batchSize, numSteps, 1): * broadcasts them over the state's units; then sum over the steps, axis 1."
    ),
  ]

  /// D2L's six questions for the chapter, as experiments.
  public static let experiments: [GuidedExperiment] = [
    GuidedExperiment(
      number: 1, question: "Can you adjust the hyperparameters to improve the translation results?",
      commands: [
        "swift run -c release seq2seq train --num-hiddens 64 --epochs 300 --out big.ckpt",
        "swift run -c release seq2seq evaluate --model big.ckpt",
      ],
      lookFor:
        "The four test sentences and the held-out BLEU. More units fit the 601 pairs faster, but the held-out BLEU stays low: the vocabulary, not the model, is the limit. Try --num-examples 5000 too."
    ),
    GuidedExperiment(
      number: 2,
      question:
        "Rerun the experiment without using masks in the loss. What results do you observe? Why?",
      commands: [
        "swift run -c release seq2seq train --no-mask --out nomask.ckpt",
        "swift run -c release seq2seq evaluate --model nomask.ckpt",
      ],
      lookFor:
        "The loss looks lower (predicting <pad> after <eos> is easy and now counts), but the model spends capacity on padding; translations can lose their end or repeat."
    ),
    GuidedExperiment(
      number: 3,
      question:
        "If the encoder and the decoder differ in the number of layers or hidden units, how can we initialize the hidden state of the decoder?",
      commands: [
        "swift run -c release seq2seq train --decoder-layers 1 --decoder-hiddens 48 --context-mode bridge --out bridge.ckpt",
        "swift run -c release seq2seq evaluate --model bridge.ckpt",
      ],
      lookFor:
        "With --context-mode both the sizes must match (a one-line error says so). The bridge learns s_0 = tanh(c W + b) for each decoder layer; concat alone starts from zeros."
    ),
    GuidedExperiment(
      number: 4,
      question:
        "In training, replace teacher forcing with feeding the prediction at the previous time step into the decoder. How does this influence the performance?",
      commands: [
        "swift run lesson-teacher-forcing",
        "swift run -c release seq2seq train --feed own --out own.ckpt",
        "swift run -c release seq2seq train --feed scheduled --gold-ratio 0.75 --out mixed.ckpt",
      ],
      lookFor:
        "The loss falls more slowly: early predictions are noise, so the decoder learns from wrong prefixes. Scheduled sampling sits in between."
    ),
    GuidedExperiment(
      number: 5, question: "Rerun the experiment by replacing GRU with LSTM.",
      commands: [
        "swift run -c release seq2seq train --cell lstm --out lstm.ckpt",
        "swift run -c release seq2seq evaluate --model lstm.ckpt",
      ],
      lookFor:
        "The LSTM's state is (h, c): the decoder starts from both. Compare the loss after 300 epochs and the time per epoch (four gates instead of three)."
    ),
    GuidedExperiment(
      number: 6, question: "Are there any other ways to design the output layer of the decoder?",
      commands: ["swift run -c release seq2seq train --output-context --out outctx.ckpt"],
      lookFor:
        "--output-context feeds [s_t'; c] to the dense layer (as Cho et al. 2014 do), so every prediction sees c directly. Other designs: tie the output layer to the target embedding, or put a hidden layer before it."
    ),
  ]

  /// The exercise with this id.
  public static func exercise(_ id: String) -> Exercise? {
    exercises.first { $0.id == id }
  }
}
