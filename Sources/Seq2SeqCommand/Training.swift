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
  let epochs = options.epochs
  let start = Date()
  Interruption.install()
  let reports = try Trainer(model: model, dataset: dataset, options: options).train(
    shouldStop: { Interruption.isRequested },
    progress: { report in
      guard report.epoch % every == 0 || report.epoch == epochs else { return }
      let elapsed = Date().timeIntervalSince(start)
      let remaining = elapsed / Double(report.epoch) * Double(epochs - report.epoch)
      print(
        "\(indent)epoch \(pad("\(report.epoch)/\(epochs)", eta ? 9 : 8)) loss "
          + "\(fixed(Double(report.loss), 3))  \(fixed(report.tokensPerSecond, 0)) tokens/s"
          + (eta ? "  ETA \(fixed(remaining, 1)) s" : ""))
      fflush(nil)
    })
  let seconds = Date().timeIntervalSince(start)
  let tokens = reports.reduce(0) { $0 + $1.tokens }
  print(
    "\(indent)loss \(fixed(Double(reports[reports.count - 1].loss), 3)), "
      + "\(fixed(Double(tokens) / seconds, 1)) tokens/sec on cpu (\(fixed(seconds, 1)) s)")
  fflush(nil)
  return reports
}
