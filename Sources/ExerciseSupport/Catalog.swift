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

/// The concepts and D2L's experiments, in the chapter's order (the exercises are
/// `Registry.exercises`, in ExerciseChecks).
public enum Catalog {
  /// The concepts with exercises: their number, name, exercise file and chapter (concept 9,
  /// putting it together, has none).
  public static let concepts: [(number: Int, name: String, file: String, chapter: String)] = [
    (1, "encoder", "EncoderExercises.swift", "Chapters/01-encoder.md"),
    (2, "context variable", "ContextVariableExercises.swift", "Chapters/02-context-variable.md"),
    (3, "decoder", "DecoderExercises.swift", "Chapters/03-decoder.md"),
    (4, "masked loss", "MaskedLossExercises.swift", "Chapters/04-masked-loss.md"),
    (5, "teacher forcing", "TeacherForcingExercises.swift", "Chapters/05-teacher-forcing.md"),
    (6, "prediction", "PredictionExercises.swift", "Chapters/06-prediction.md"),
    (7, "BLEU", "BLEUExercises.swift", "Chapters/07-bleu.md"),
    (8, "attention", "AttentionExercises.swift", "Chapters/08-attention.md"),
    (10, "the Transformer", "TransformerExercises.swift", "Chapters/10-transformer.md"),
  ]

  /// Concept `number`'s entry.
  public static func concept(_ number: Int) -> (
    number: Int, name: String, file: String, chapter: String
  ) {
    concepts.first { $0.number == number }!
  }

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
}
