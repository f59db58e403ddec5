import ArgumentParser
import BLEU
import Checkpoint
import Diagrams
import Files
import Formatting
import Foundation
import Run
import TranslationData

/// `seq2seq tour`: the whole chapter in one run, about a minute.
struct TourCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tour",
    abstract: "Run the chapter end to end: data, training, translation, BLEU, figures.",
    discussion: """
      Loads the shipped English-French pairs, trains D2L's configuration with progress, \
      translates D2L's four test sentences with their BLEU, shows one prediction step by step, \
      draws the figures, and says where to go next. Build in release mode for speed: \
      swift run -c release seq2seq tour
      """
  )

  @Option(help: "Training epochs (D2L trains 300; fewer is quicker and worse).")
  var epochs = 300
  @Option(
    help: "Use this checkpoint instead of training (from `seq2seq train` or an earlier tour).")
  var model: String?
  @Option(help: "Where to save the trained model (its folder must exist).")
  var save = "model.ckpt"
  @Option(help: "The folder to write the figures into (created if missing; its parent must exist).")
  var figures = "tour-figures"
  @Option(help: "Seed of the weights, batches and dropout.")
  var seed: UInt64 = 0

  func validate() throws {
    try require("--epochs", epochs, in: 1...Limit.epochs)
  }

  func run() throws {
    if model == nil { try Destination.checkFile(save) }
    // An interrupted or failed tour leaves no empty figures folder behind.
    try Destination.writing(into: figures) { try tour() }
  }

  /// The tour itself, once the destinations are checked.
  private func tour() throws {
    print("Sequence to sequence learning, end to end: D2L's chapter in one run\n")
    print("1. The data")
    let dataset = try D2L.dataset()
    for line in D2L.describe(dataset, indent: "   ") { print(line) }

    let recorder = try train()
    let translator = recorder.translator

    print("\n3. D2L's test sentences, translated greedily, with D2L's BLEU")
    for line in try Evaluation.d2lTestSentences(with: translator, indent: "   ") { print(line) }

    print("\n4. One prediction, step by step: \"i lost .\"")
    for line in try translator.greedyTrace("i lost .").stepLines(indent: "   ") { print(line) }

    print("\n5. Figures, drawn from this run")
    let traces = try recorder.traces(sentence: "i lost .", pair: 577)
    let drawn = Figure.all(traces)
    try Figure.write(drawn, drawnFrom: traces, to: URL(fileURLWithPath: figures))
    print(
      "   wrote \(drawn.count) figures (SVG and PNG) to \(figures)/: \(drawn.map(\.name).joined(separator: ", "))"
    )

    print(
      """

      6. What next
         the lessons, one idea each:  swift run lesson-encoder, lesson-context, lesson-decoder,
                                      lesson-masked-loss, lesson-teacher-forcing, lesson-prediction, lesson-bleu,
                                      lesson-attention
         the chapter pages:           Chapters/README.md, or as a website: bash Scripts/build-site
         the exercises:               swift run exercises watch
         your own sentences:          swift run -c release seq2seq translate --model \(model ?? save) "I am cold."
      """)
  }

  /// The model from `--model` with the pairs it was trained on, or D2L's configuration trained
  /// now (and saved).
  private func train() throws -> TraceRecorder {
    let d2l = RunConfiguration.d2l
    print(
      model.map { "\n2. Training: skipped, using \($0)" }
        ?? "\n2. Training D2L's configuration: \(d2l.model.numLayers)-layer \(d2l.model.cell.rawValue.uppercased()), "
        + "\(d2l.model.numHiddens) units, Adam \(d2l.lr), \(epochs) epochs,\n   each batch split "
        + "between \(d2l.workers) copies of the model (one per core)")
    Interruption.install()
    return try D2L.tourModel(
      model, save: save, epochs: epochs, seed: seed, shouldStop: { Interruption.isRequested },
      say: { print($0) })
  }
}
