// swift-tools-version: 6.1
// Seq2Seq in Swift: a runnable companion to D2L's "Sequence to Sequence Learning".
import PackageDescription

/// Which code the `Exercises` module is built from: the learner's stubs (unset or "stubs") or
/// the reference solutions ("solutions"). `.ci/check-exercises` sets it; SwiftPM re-reads this
/// manifest when it changes. "stubs" also makes the exercise tests run for unstarted exercises.
let exerciseSources =
  Context.environment["SEQ2SEQ_EXERCISES"] == "solutions"
  ? "Sources/ExerciseSolutions" : "Sources/Exercises"

let package = Package(
  name: "Seq2Seq",
  products: [
    .executable(name: "seq2seq", targets: ["Seq2SeqCommand"]),
    .executable(name: "exercises", targets: ["ExercisesCommand"]),
    .executable(name: "lesson-encoder", targets: ["LessonEncoder"]),
    .executable(name: "lesson-context", targets: ["LessonContext"]),
    .executable(name: "lesson-decoder", targets: ["LessonDecoder"]),
    .executable(name: "lesson-masked-loss", targets: ["LessonMaskedLoss"]),
    .executable(name: "lesson-teacher-forcing", targets: ["LessonTeacherForcing"]),
    .executable(name: "lesson-prediction", targets: ["LessonPrediction"]),
    .executable(name: "lesson-bleu", targets: ["LessonBLEU"]),
    .executable(name: "lesson-attention", targets: ["LessonAttention"]),
    .executable(name: "lesson-transformer", targets: ["LessonTransformer"]),
    .library(name: "TensorCore", targets: ["TensorCore"]),
    .library(name: "Layers", targets: ["Layers"]),
    .library(name: "TranslationData", targets: ["TranslationData"]),
    .library(name: "Seq2Seq", targets: ["Seq2Seq"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Reads D2L's fra-eng.zip (`seq2seq data --download`): a maintained zip reader, pure Swift.
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    // Floor 1: system libraries, installed by `.ci/install-packages`.
    .systemLibrary(
      name: "COpenBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .systemLibrary(
      name: "CCairo",
      pkgConfig: "cairo",
      providers: [.apt(["libcairo2-dev"])]
    ),

    // Floor 1 too: the one number formatter (printf's rounding) for every module that prints,
    // and the one atomic file writer (with what went wrong with a file, in words).
    .target(name: "Formatting"),
    .target(name: "Files"),

    // Floor 2: tensors, ops with their derivatives, autodiff, init, PRNG, optimizers.
    // The core is compiled with optimisation in every configuration: unoptimised, its vector
    // kernels run about 70 times slower, and the lessons and tests would crawl in debug builds.
    // (The price, by SwiftPM's rule for unsafe flags: no other package can depend on this one
    // by version. It is a companion to read and run, not a library to ship.)
    .target(
      name: "TensorCore", dependencies: ["COpenBLAS"],
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),

    // Floor 3: the bricks of the concepts.
    .target(name: "Layers", dependencies: ["TensorCore"]),
    .target(name: "TranslationData", dependencies: ["Files"], resources: [.copy("Resources")]),
    .target(name: "Traces", dependencies: ["Files"]),

    // Floor 4: the chapter's concepts, one module each.
    .target(name: "Encoder", dependencies: ["Layers", "TensorCore"]),
    .target(name: "ContextVariable", dependencies: ["Layers", "TensorCore"]),
    .target(name: "Attention", dependencies: ["Layers", "TensorCore"]),
    .target(
      name: "Decoder", dependencies: ["Attention", "ContextVariable", "Layers", "TensorCore"]),
    .target(name: "MaskedLoss", dependencies: ["Layers", "TensorCore"]),
    // Concept 10: layer norm, multi-head attention, positional encoding, the blocks.
    .target(name: "Transformer", dependencies: ["Layers", "TensorCore"]),
    .target(
      name: "EncoderDecoder",
      dependencies: [
        "Attention", "ContextVariable", "Decoder", "Encoder", "Layers", "TensorCore", "Transformer",
      ]),
    .target(name: "BLEU", dependencies: ["Formatting"]),

    .target(
      name: "Prediction",
      dependencies: [
        "Decoder", "EncoderDecoder", "Layers", "TensorCore", "Traces", "TranslationData",
      ]),
    .target(
      name: "Checkpoint",
      dependencies: [
        "EncoderDecoder", "Files", "Formatting", "TeacherForcing", "TensorCore", "TranslationData",
      ]),

    // Floor 4 too: D2L's whole corpus, downloaded, checked and unzipped into the cache.
    .target(
      name: "CorpusDownload",
      dependencies: [
        "Files", "TranslationData", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),

    // Floor 4 too: concept 5's trainer, sideways on the joined model it trains.
    .target(
      name: "TeacherForcing",
      dependencies: [
        "EncoderDecoder", "Layers", "MaskedLoss", "TensorCore", "TranslationData",
      ]),

    // Floor 5: the run (one epoch loop, validation, the best model, resume, presets, the trace
    // recorder) and the figures drawn from its traces.
    .target(
      name: "Run",
      dependencies: [
        "Attention", "BLEU", "Checkpoint", "ContextVariable", "EncoderDecoder", "Files",
        "Formatting", "Layers", "Prediction", "TeacherForcing", "TensorCore", "Traces",
        "TranslationData", "Transformer",
      ]),
    .target(name: "Diagrams", dependencies: ["CCairo", "Files", "Formatting", "Traces"]),

    // Floor 6: the whole library in one import.
    .target(
      name: "Seq2Seq",
      dependencies: [
        "Attention", "BLEU", "Checkpoint", "ContextVariable", "Decoder", "Encoder",
        "EncoderDecoder", "Layers", "MaskedLoss", "Prediction", "Run", "TeacherForcing",
        "TensorCore", "Traces", "TranslationData",
      ]),

    // Floor 6: the benchmark harness behind `seq2seq bench`.
    .target(
      name: "Bench",
      dependencies: [
        "BLEU", "COpenBLAS", "EncoderDecoder", "Formatting", "Layers", "Prediction", "Run",
        "TeacherForcing", "TensorCore", "TranslationData", "Transformer",
      ]),

    // Floor 5: what the lessons share.
    .target(
      name: "LessonSupport", dependencies: ["Formatting", "TensorCore"],
      path: "Sources/Lessons/LessonSupport"),

    // Floor 7: the lessons, one executable per concept.
    .executableTarget(
      name: "LessonEncoder",
      dependencies: ["Encoder", "Layers", "LessonSupport", "TensorCore", "TranslationData"],
      path: "Sources/Lessons/Encoder"),
    .executableTarget(
      name: "LessonContext",
      dependencies: [
        "ContextVariable", "Decoder", "Encoder", "Layers", "LessonSupport", "TensorCore",
        "TranslationData",
      ],
      path: "Sources/Lessons/Context"),
    .executableTarget(
      name: "LessonDecoder",
      dependencies: [
        "ContextVariable", "Decoder", "Encoder", "Layers", "LessonSupport", "MaskedLoss",
        "TensorCore", "TranslationData",
      ],
      path: "Sources/Lessons/Decoder"),
    .executableTarget(
      name: "LessonMaskedLoss", dependencies: ["LessonSupport", "MaskedLoss", "TensorCore"],
      path: "Sources/Lessons/MaskedLoss"),

    .executableTarget(
      name: "LessonTeacherForcing",
      dependencies: [
        "EncoderDecoder", "Layers", "LessonSupport", "Prediction", "TeacherForcing", "TensorCore",
        "TranslationData",
      ],
      path: "Sources/Lessons/TeacherForcing"),
    .executableTarget(
      name: "LessonPrediction",
      dependencies: [
        "EncoderDecoder", "Layers", "LessonSupport", "Prediction", "TeacherForcing", "TensorCore",
        "TranslationData",
      ],
      path: "Sources/Lessons/Prediction"),
    .executableTarget(
      name: "LessonBLEU", dependencies: ["BLEU", "LessonSupport"], path: "Sources/Lessons/BLEU"),
    .executableTarget(
      name: "LessonTransformer",
      dependencies: ["Layers", "LessonSupport", "TensorCore", "Transformer"],
      path: "Sources/Lessons/Transformer"),
    .executableTarget(
      name: "LessonAttention",
      dependencies: [
        "Attention", "Decoder", "Encoder", "Layers", "LessonSupport", "TensorCore",
        "TranslationData",
      ],
      path: "Sources/Lessons/Attention"),

    // The exercises: the learner's code (or the solutions), their checks, and the progress tool.
    // Floor 1: the concepts' list and the exercises' errors.
    .target(name: "ExerciseSupport"),
    // Floor 5: the learner's code.
    .target(
      name: "Exercises",
      dependencies: [
        "ContextVariable", "EncoderDecoder", "ExerciseSupport", "Layers", "MaskedLoss",
        "TensorCore", "Transformer",
      ],
      path: exerciseSources),
    // Floor 6: the registry of exercises with their checks, and the learner's translator.
    .target(
      name: "ExerciseChecks",
      dependencies: [
        "Attention", "BLEU", "ContextVariable", "Decoder", "EncoderDecoder", "ExerciseSupport",
        "Exercises",
        "Formatting", "Layers", "MaskedLoss", "Prediction", "TeacherForcing", "TensorCore",
        "TranslationData", "Transformer",
      ]),
    .target(
      name: "LearnerTranslator",
      dependencies: [
        "Attention", "BLEU", "ContextVariable", "EncoderDecoder", "ExerciseChecks",
        "ExerciseSupport",
        "Exercises", "Formatting", "Layers", "MaskedLoss", "Prediction", "Run", "TeacherForcing",
        "TensorCore", "Traces", "TranslationData", "Transformer",
      ]),
    // Floor 7: the `exercises` command.
    .executableTarget(
      name: "ExercisesCommand",
      dependencies: [
        "BLEU", "ContextVariable", "Diagrams", "ExerciseChecks", "ExerciseSupport", "Files",
        "Formatting", "LearnerTranslator", "Run", "Traces",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Floor 7: the command-line tool: parse flags, call the library, print.
    .executableTarget(
      name: "Seq2SeqCommand",
      dependencies: [
        "Attention", "Bench", "BLEU", "Checkpoint", "ContextVariable", "CorpusDownload",
        "Diagrams", "EncoderDecoder", "Files", "Formatting", "Layers", "Prediction", "Run",
        "TensorCore", "Traces", "TranslationData",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Tests: checkers shared by every test target (floor 3), then one test target per module.
    // Floor 3: the test support.
    .target(name: "TestSupport", dependencies: ["TensorCore"]),
    .testTarget(
      name: "TensorCoreTests",
      dependencies: ["TensorCore", "TestSupport"],
      exclude: ["Reference"]
    ),
    .testTarget(
      name: "LayersTests",
      dependencies: ["Layers", "TensorCore", "TestSupport"],
      exclude: ["Reference"]
    ),
    .testTarget(
      name: "TranslationDataTests",
      dependencies: ["TranslationData", "TensorCore"],
      exclude: ["Reference"]
    ),
    .testTarget(
      name: "CorpusDownloadTests", dependencies: ["CorpusDownload", "Files", "TestSupport"],
      exclude: ["Server"]),
    .testTarget(
      name: "EncoderTests", dependencies: ["Encoder", "Layers", "TensorCore", "TestSupport"]),
    .testTarget(
      name: "ContextVariableTests",
      dependencies: ["ContextVariable", "Layers", "TensorCore", "TestSupport"]),
    .testTarget(
      name: "DecoderTests",
      dependencies: [
        "Decoder", "Encoder", "ContextVariable", "Layers", "TensorCore", "TestSupport",
      ]),
    .testTarget(
      name: "AttentionTests",
      dependencies: [
        "Attention", "ContextVariable", "Decoder", "Encoder", "EncoderDecoder", "Layers",
        "TensorCore", "TestSupport",
      ]),
    .testTarget(
      name: "MaskedLossTests", dependencies: ["MaskedLoss", "TensorCore", "TestSupport"]),
    .testTarget(
      name: "TransformerTests",
      dependencies: ["EncoderDecoder", "Layers", "TensorCore", "TestSupport", "Transformer"]),
    .testTarget(
      name: "LessonTests",
      dependencies: [
        "LessonEncoder", "LessonContext", "LessonDecoder", "LessonMaskedLoss",
        "LessonTeacherForcing",
        "LessonPrediction", "LessonBLEU", "LessonAttention", "LessonTransformer", "LessonSupport",
        "TestSupport",
      ],
      exclude: ["Expected"]),
    .testTarget(
      name: "TeacherForcingTests",
      dependencies: [
        "TeacherForcing", "EncoderDecoder", "Layers", "TensorCore", "TestSupport",
        "TranslationData",
      ]),
    .testTarget(
      name: "PredictionTests",
      dependencies: [
        "Attention", "Prediction", "TeacherForcing", "EncoderDecoder", "Layers", "TensorCore",
        "Traces",
        "TranslationData",
      ]),
    .testTarget(
      name: "CheckpointTests",
      dependencies: [
        "Attention", "Checkpoint", "EncoderDecoder", "Layers", "TeacherForcing", "TranslationData",
      ]),
    .testTarget(
      name: "ExerciseTests",
      dependencies: [
        "Attention", "BLEU", "ContextVariable", "EncoderDecoder", "ExerciseChecks",
        "ExerciseSupport",
        "ExercisesCommand", "Layers", "MaskedLoss", "TeacherForcing", "TensorCore", "Transformer",
      ]),
    .testTarget(
      name: "LearnerTranslatorTests",
      dependencies: [
        "EncoderDecoder", "ExerciseChecks", "ExerciseSupport", "Layers", "LearnerTranslator",
        "MaskedLoss", "Prediction", "Run", "TeacherForcing", "TensorCore", "Transformer",
      ]),
    .testTarget(
      name: "FuzzTests",
      dependencies: [
        "BLEU", "Checkpoint", "EncoderDecoder", "Prediction", "TensorCore", "TranslationData",
      ]),
    .testTarget(name: "BLEUTests", dependencies: ["BLEU"], exclude: ["Reference"]),
    .testTarget(name: "Seq2SeqTests", dependencies: ["Seq2Seq"]),
    .testTarget(name: "SystemLibraryTests", dependencies: ["CCairo", "COpenBLAS", "TensorCore"]),
    .testTarget(
      name: "RunTests",
      dependencies: [
        "Checkpoint", "Diagrams", "EncoderDecoder", "Prediction", "Run", "TestSupport", "Traces",
        "TranslationData",
      ]),
    .testTarget(name: "DiagramsTests", dependencies: ["Diagrams", "TestSupport", "Traces"]),
    .testTarget(name: "FilesTests", dependencies: ["Files"]),
    .testTarget(name: "TracesTests", dependencies: ["Traces"]),
    .testTarget(
      name: "Seq2SeqCommandTests",
      dependencies: [
        "Checkpoint", "EncoderDecoder", "Files", "Prediction", "Run", "Seq2SeqCommand",
        "TeacherForcing",
        "TensorCore", "TestSupport", "Traces", "TranslationData",
      ]),
  ]
)
