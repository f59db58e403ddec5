import Formatting
import Traces

extension Figure {
  /// The figures of a model trained with a split, in a fixed order: its learning curve and its
  /// test BLEU by source length.
  public static func all(_ traces: RunTraces) -> [Figure] {
    [
      learningCurve(traces.learningCurve),
      bleuByLength(
        traces.bleuByLength, name: "bleu-by-length-test",
        title: "Corpus BLEU on the test split by source length", pooled: true),
    ]
  }

  /// A run epoch by epoch: on the left the training loss (red) and the validation loss (blue),
  /// on the right the validation BLEU (orange), the kept epoch marked. A validation loss that
  /// turns up while the training loss still falls is overfitting.
  public static func learningCurve(_ trace: LearningCurveTrace) -> Figure {
    let (width, height) = (820.0, 400.0)
    let epochs = trace.trainingLoss.count
    let losses = (trace.trainingLoss + trace.validationLoss).map(Double.init)
    let lossPlot = (x: 70.0, y: 60.0, width: 320.0, height: 270.0)
    let bleuPlot = (x: 480.0, y: 60.0, width: 320.0, height: 270.0)
    return Figure(
      name: "learning-curve",
      title: "Learning curve: loss and validation BLEU per epoch (kept: epoch \(trace.bestEpoch))",
      caption: trace.detail, width: width, height: height
    ) { canvas in
      let lossTop = niceCeiling(losses.max() ?? 1)
      chart(canvas, plot: lossPlot, epochs: epochs, top: lossTop, label: "loss") { fixed($0, 2) }
      series(
        canvas, plot: lossPlot, trace.trainingLoss.map(Double.init), top: lossTop, Style.positive)
      series(
        canvas, plot: lossPlot, trace.validationLoss.map(Double.init), top: lossTop, Style.negative)
      canvas.text(
        "training", x: lossPlot.x + lossPlot.width - 4, y: lossPlot.y - 8, size: Style.smallSize,
        color: Style.positive, align: .right)
      canvas.text(
        "validation", x: lossPlot.x + lossPlot.width - 64, y: lossPlot.y - 8,
        size: Style.smallSize, color: Style.negative, align: .right)
      let bleuTop = niceCeiling(max(trace.validationBLEU.max() ?? 1, 1))
      chart(canvas, plot: bleuPlot, epochs: epochs, top: bleuTop, label: "validation BLEU") {
        fixed($0, bleuTop < 10 ? 1 : 0)
      }
      series(canvas, plot: bleuPlot, trace.validationBLEU, top: bleuTop, Style.context)
      if (1...max(epochs, 1)).contains(trace.bestEpoch),
        trace.bestEpoch <= trace.validationBLEU.count
      {
        let x =
          bleuPlot.x + bleuPlot.width * Double(trace.bestEpoch - 1) / Double(max(epochs - 1, 1))
        let y =
          bleuPlot.y + bleuPlot.height * (1 - trace.validationBLEU[trace.bestEpoch - 1] / bleuTop)
        canvas.cell(x: x - 4, y: y - 4, width: 8, height: 8, fill: Style.ink, radius: 4)
        let rightHalf = x > bleuPlot.x + bleuPlot.width / 2
        canvas.text(
          "kept: \(fixed(trace.validationBLEU[trace.bestEpoch - 1], 1))",
          x: rightHalf ? x - 8 : x + 8,
          y: y - 10, size: Style.smallSize, align: rightHalf ? .right : .left)
      }
    }
  }

  /// Axes for a per-epoch chart: y from 0 to `top` in five ticks with grid lines, x from epoch 1
  /// to `epochs`.
  private static func chart(
    _ canvas: Canvas, plot: (x: Double, y: Double, width: Double, height: Double), epochs: Int,
    top: Double, label: String, format: (Double) -> String
  ) {
    canvas.line(from: (plot.x, plot.y), to: (plot.x, plot.y + plot.height))
    canvas.line(
      from: (plot.x, plot.y + plot.height), to: (plot.x + plot.width, plot.y + plot.height))
    for tick in 0...5 {
      let y = plot.y + plot.height * (1 - Double(tick) / 5)
      canvas.line(from: (plot.x, y), to: (plot.x + plot.width, y), color: Style.masked, width: 0.6)
      canvas.text(
        format(top * Double(tick) / 5), x: plot.x - 8, y: y + 4, size: Style.smallSize,
        align: .right)
    }
    let ticks = Array(Set([1, epochs] + (1...4).map { max(1, epochs * $0 / 4) })).sorted()
    for epoch in ticks {
      let x = plot.x + plot.width * Double(epoch - 1) / Double(max(epochs - 1, 1))
      canvas.line(from: (x, plot.y + plot.height), to: (x, plot.y + plot.height + 4))
      canvas.text("\(epoch)", x: x, y: plot.y + plot.height + 18, size: Style.smallSize)
    }
    canvas.text(
      "epoch", x: plot.x + plot.width / 2, y: plot.y + plot.height + 36, size: Style.smallSize,
      color: Style.muted)
    canvas.text(
      label, x: plot.x - 50, y: plot.y - 8, size: Style.smallSize, color: Style.muted,
      align: .left)
  }

  /// One line through a value per epoch, with a dot at each.
  private static func series(
    _ canvas: Canvas, plot: (x: Double, y: Double, width: Double, height: Double),
    _ values: [Double], top: Double, _ color: Style.Color
  ) {
    let points = values.enumerated().map { index, value in
      (
        plot.x + plot.width * Double(index) / Double(max(values.count - 1, 1)),
        plot.y + plot.height * (1 - value / top)
      )
    }
    for (from, to) in zip(points, points.dropFirst()) {
      canvas.line(from: from, to: to, color: color, width: 2)
    }
    for point in points {
      canvas.cell(x: point.0 - 3, y: point.1 - 3, width: 6, height: 6, fill: color, radius: 3)
    }
  }
}
