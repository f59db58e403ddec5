import Checkpoint
import Foundation
import Traces

/// What `seq2seq figures` draws from, chosen in one place from what it is given: the traces of a
/// run on a split (a checkpoint trained with `--split`), traces read back from a folder (a run's,
/// a translator's or D2L's figures'), or D2L's figures of a model, the one given or one trained
/// now. Each case's figures are `Figure.all` of its traces.
public enum FigureSource {
  /// A run on a split: its learning curve, BLEU by length on the test pairs, heatmaps.
  case run(RunTraces)
  /// `exercises translator`'s two loss curves.
  case translator(TranslatorTraces)
  /// The chapter's figures of one model.
  case model(FigureTraces)

  /// The traces to draw: read from `fromTraces` when given; else those of the checkpoint at
  /// `model` (read once), a run's when it was trained with a split (`data` its corpus,
  /// `sentence` its heatmap's, `links` and `baselines` drawn beside it), else D2L's figures of it;
  /// with no model, of D2L's configuration trained now for `epochs` epochs (its progress to
  /// `say`). `sentence` (default "i lost .") and the training pair `pair` are the ones drawn.
  /// - Throws: `CheckpointError`, `TraceFileError`, `InputError` (baselines or links for a model
  ///   without a split, a pair out of range), `TrainingError`.
  public static func choose(
    model: String?, fromTraces: String?, data: String?, sentence: String?, pair: Int, epochs: Int,
    links: AlignmentLinks?, baselines: [(traces: RunTraces, path: String)],
    shouldStop: () -> Bool, say: (String) -> Void
  ) throws -> FigureSource {
    if let fromTraces { return try read(fromTraces) }
    let checkpoint = try model.map { (checkpoint: try Checkpoint.read(from: $0), path: $0) }
    if let checkpoint, checkpoint.checkpoint.header.run?.split != nil {
      return .run(
        try TraceRecorder.runTraces(
          of: checkpoint.checkpoint, at: checkpoint.path, data: data, sentence: sentence,
          links: links, baselines: baselines))
    }
    if let model, !baselines.isEmpty || links != nil {
      throw InputError(
        description:
          "--baseline and --links compare test splits: \(model) was trained without --split")
    }
    if model == nil {
      say("Training D2L's configuration for \(epochs) epochs (no --model given)...")
    }
    // The pair is checked against the training pairs before any training.
    let (trained, dataset, losses) = try D2L.loadOrTrain(
      checkpoint, epochs: epochs, every: max(epochs / 4, 1), eta: true, indent: "  ",
      shouldStop: shouldStop,
      check: { dataset in
        guard (0..<dataset.corpus.count).contains(pair) else {
          throw InputError(
            description:
              "--pair must be a training pair, 0..<\(dataset.corpus.count), got \(pair).")
        }
      }, say: say)
    return .model(
      try TraceRecorder(model: trained, dataset: dataset, losses: losses).traces(
        sentence: sentence ?? "i lost .", pair: pair))
  }

  /// The traces in `folder`, by the file it holds: a run's, a translator's, else D2L's figures'.
  static func read(_ folder: String) throws -> FigureSource {
    let url = URL(fileURLWithPath: folder)
    let holds = { (name: String) in FileManager.default.fileExists(atPath: "\(folder)/\(name)") }
    if holds(RunTraces.fileName) { return .run(try RunTraces.read(from: url)) }
    if holds(TranslatorTraces.fileName) { return .translator(try TranslatorTraces.read(from: url)) }
    return .model(try FigureTraces.read(from: url))
  }
}
