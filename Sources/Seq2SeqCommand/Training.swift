import EncoderDecoder
import Formatting
import Foundation
import TeacherForcing
import TranslationData

/// Trains `model` on `dataset` as `options` say, the one training run of `train`, `tour` and
/// `figures`: a progress line every `every` epochs and after the last (with the time left when
/// `eta`), then the summary D2L prints, `loss 0.019, 133211.2 tokens/sec on cpu (5.7 s)`, each
/// line flushed at once (so a log file follows along). Ctrl-C stops it after the current epoch.
/// Every line starts with `indent`.
func trainWithProgress(
  _ model: EncoderDecoder, on dataset: TranslationDataset, options: TrainingOptions, every: Int,
  eta: Bool, indent: String = ""
) throws -> [EpochReport] {
  try trainWithProgress(
    Trainer(model: model, dataset: dataset, options: options), every: every, eta: eta,
    indent: indent)
}

/// Trains with `trainer` until its epochs are done, as above. After each epoch `afterEpoch` may
/// add validation numbers to the report (they are then printed) and ask to stop early.
func trainWithProgress(
  _ trainer: Trainer, every: Int, eta: Bool, indent: String = "",
  afterEpoch: (EpochReport) throws -> (report: EpochReport, stop: Bool) = { ($0, false) }
) throws -> [EpochReport] {
  let epochs = trainer.options.epochs
  let (start, startEpoch) = (Date(), trainer.epochsDone)
  Interruption.install()
  var reports: [EpochReport] = []
  while trainer.epochsDone < epochs {
    if Interruption.isRequested { throw TrainingError.interrupted(afterEpoch: trainer.epochsDone) }
    let (report, stop) = try afterEpoch(try trainer.trainEpoch())
    reports.append(report)
    if report.epoch % every == 0 || report.epoch == epochs || stop {
      let elapsed = Date().timeIntervalSince(start)
      let remaining =
        elapsed / Double(report.epoch - startEpoch) * Double(epochs - report.epoch)
      var line = "\(indent)epoch \(pad("\(report.epoch)/\(epochs)", eta ? 9 : 8)) loss "
      line += fixed(Double(report.loss), 3)
      if let loss = report.validationLoss { line += "  val loss \(fixed(Double(loss), 3))" }
      if let bleu = report.validationBLEU { line += "  val BLEU \(fixed(bleu, 1))" }
      line += "  \(fixed(report.tokensPerSecond, 0)) tokens/s"
      if eta {
        line +=
          "  ETA "
          + (remaining < 120 ? "\(fixed(remaining, 1)) s" : "\(fixed(remaining / 60, 1)) min")
      }
      print(line)
      fflush(nil)
    }
    if stop { break }
  }
  let seconds = Date().timeIntervalSince(start)
  let tokens = reports.reduce(0) { $0 + $1.tokens }
  print(
    "\(indent)loss \(fixed(Double(reports[reports.count - 1].loss), 3)), "
      + "\(fixed(Double(tokens) / seconds, 1)) tokens/sec on cpu (\(fixed(seconds, 1)) s)")
  fflush(nil)
  return reports
}
