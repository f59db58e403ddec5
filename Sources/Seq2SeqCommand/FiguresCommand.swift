import ArgumentParser
import Checkpoint
import Diagrams
import Files
import Foundation
import Run
import Traces

/// `seq2seq figures`: the chapter's drawings, and more, from a real model's run.
struct FiguresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "figures",
    abstract: "Draw the figures (SVG and PNG) from a real model's run.",
    discussion: """
      Writes seq2seq-train, seq2seq-details, seq2seq-predict, masked-loss, loss-curve, \
      context-heatmap, bleu, token-lengths and bleu-by-length, and traces.json, the record of the \
      run they are drawn from. Without --model it first trains D2L's configuration for --epochs \
      epochs (seeded: the same figures every time on one machine; on another CPU the numbers \
      differ in their last digits). A model with attention adds attention-heatmap. \
      --from-traces draws from a traces.json without any model.

      A --model trained with --split (--data its corpus) gets the figures of its run instead: \
      learning-curve, bleu-by-length-test and, when it attends, attention-heatmap of three test \
      sentences (5, 8 and 11 English tokens, chosen by a rule: TraceRecorder.heatmapPairs), \
      with a word aligner's links framed when --links gives them; with --baseline, \
      bleu-by-length-attention.
      """
  )

  @Option(help: "A checkpoint from `seq2seq train`; trains a model first when absent.")
  var model: String?
  @Option(
    help:
      "The sentence whose prediction is drawn (i lost .); with a --model trained with --split, the one sentence of its heatmap."
  )
  var sentence: String?
  @Option(help: "The training pair (corpus line, from 0) drawn with teacher forcing.")
  var pair = 577
  @Option(help: "The folder to write into (created if missing; its parent must exist).")
  var out = "Figures"
  @Option(help: "PNG pixels per SVG px (2 for high-DPI screens).")
  var scale = 1.0
  @Option(help: "Epochs of the model trained when there is no --model.")
  var epochs = 100
  @Option(help: "Draw from the traces.json in this folder instead of a model: no training.")
  var fromTraces: String?
  @Option(help: "With a --model trained with --split: the corpus file it was trained on.")
  var data: String?
  @Option(
    help:
      "With a --model trained with --split: a folder with another model's run-traces.json on the same split, drawn beside it (bleu-by-length-attention); up to two, the first leftmost."
  )
  var baseline: [String] = []
  @Option(
    help:
      "With an attending --model trained with --split: the links file of Benchmarks/alignment.py, framed on the heatmap."
  )
  var links: String?

  func validate() throws {
    // Below 0.05 the smallest figure would be under 10 pixels wide (and Cairo refuses 0).
    guard scale >= 0.05, scale <= 8 else {
      throw ValidationError("--scale must be in [0.05, 8], got \(scale).")
    }
    try require("--epochs", epochs, in: 1...Limit.epochs)
    if fromTraces != nil, model != nil {
      throw ValidationError("--from-traces draws without a model: give --model or --from-traces.")
    }
    if !baseline.isEmpty || links != nil, model == nil {
      throw ValidationError(
        "--baseline and --links go with a --model trained with --split.")
    }
    if baseline.count > 2 {
      throw ValidationError("--baseline: at most two, got \(baseline.count).")
    }
  }

  func run() throws {
    // A missing or unreadable baseline or links file is named before anything is translated
    // or written.
    let baselines = try baseline.map {
      (traces: try RunTraces.read(from: URL(fileURLWithPath: $0)), path: $0)
    }
    let alignment = try links.map(AlignmentLinks.read)
    try Destination.writing(into: out) { try draw(baselines: baselines, links: alignment) }
  }

  /// Draws the figures the options ask for into `out`, which exists.
  private func draw(
    baselines: [(traces: RunTraces, path: String)], links alignment: AlignmentLinks?
  ) throws {
    if model == nil && fromTraces == nil { Interruption.install() }
    let source = try FigureSource.choose(
      model: model, fromTraces: fromTraces, data: data, sentence: sentence, pair: pair,
      epochs: epochs, links: alignment, baselines: baselines,
      shouldStop: { Interruption.isRequested }, say: { print($0) })
    let folder = URL(fileURLWithPath: out)
    switch source {
    case .run(let traces): try write(Figure.all(traces), drawnFrom: traces, to: folder)
    case .translator(let traces): try write(Figure.all(traces), drawnFrom: traces, to: folder)
    case .model(let traces): try write(Figure.all(traces), drawnFrom: traces, to: folder)
    }
  }

  /// Writes the figures and their traces, and says so.
  private func write(_ figures: [Figure], drawnFrom traces: some TraceFile, to folder: URL) throws {
    try Figure.write(figures, drawnFrom: traces, to: folder, scale: scale)
    for figure in figures { print("wrote \(out)/\(figure.name).svg and .png") }
    print("wrote \(out)/\(type(of: traces).fileName)")
  }
}
