import Formatting
import Traces

extension Figure {
  /// The figures of a model trained with a split, in a fixed order: its learning curve and its
  /// test BLEU by source length; then, when the traces hold them, the attention heatmap and the
  /// comparison with a baseline.
  public static func all(_ traces: RunTraces) -> [Figure] {
    var figures = [
      learningCurve(traces.learningCurve),
      bleuByLength(
        traces.bleuByLength, name: "bleu-by-length-test",
        title: "Corpus BLEU on the test split by source length", pooled: true),
    ]
    if let attention = traces.attention { figures.append(attentionHeatmap(attention)) }
    if let baseline = traces.baseline {
      figures.append(
        bleuByLengthComparison(
          baseline, traces.bleuByLength,
          name: traces.attention == nil ? "this model" : "with attention"))
    }
    return figures
  }

  /// Where the decoder looked: one row per output token, one column per source token, each
  /// cell alpha_{t',t} as colour (white 0 to orange 1) and, from 0.1, as a number. A trained
  /// model's weights run roughly down the diagonal, bending where French orders words otherwise.
  public static func attentionHeatmap(_ trace: AttentionTrace) -> Figure {
    let cell = (width: 58.0, height: 26.0)
    let labelWidth = 90.0
    let left = Style.margin + labelWidth
    let top = 78.0
    let width = max(left + Double(trace.source.count) * cell.width + Style.margin, 460)
    let height = top + Double(trace.target.count) * cell.height + 46
    return Figure(
      name: "attention-heatmap",
      title: "Attention weights alpha_{t',t} of one test sentence",
      caption: "rows: the French tokens written; columns: the English tokens read",
      width: width, height: height
    ) { canvas in
      canvas.text(
        "English (source) ->", x: left, y: top - 32, size: Style.smallSize, color: Style.muted,
        align: .left)
      for (column, token) in trace.source.enumerated() {
        canvas.label(
          token, inCellAt: left + Double(column) * cell.width, y: top - 26, width: cell.width,
          height: 24, size: Style.smallSize)
      }
      for (row, token) in trace.target.enumerated() {
        let y = top + Double(row) * cell.height
        canvas.label(
          token, inCellAt: Style.margin, y: y, width: labelWidth - 6, height: cell.height,
          size: Style.smallSize)
        for (column, weight) in trace.weights[row].enumerated() {
          let x = left + Double(column) * cell.width
          let strength = Double(min(max(weight, 0), 1))
          canvas.cell(
            x: x, y: y, width: cell.width, height: cell.height,
            fill: Style.decoder.mixed(with: Style.context, strength), stroke: Style.masked,
            radius: 0)
          if weight >= 0.1 {
            canvas.label(
              fixed(Double(weight), 2), inCellAt: x, y: y, width: cell.width, height: cell.height,
              size: Style.smallSize)
          }
        }
      }
    }
  }

  /// Test BLEU by source length of two models on the same split, side by side: the baseline
  /// (blue) and this one, called `name` (orange), with the difference above each pair.
  public static func bleuByLengthComparison(
    _ baseline: BaselineTrace, _ buckets: [LengthBLEU], name: String
  ) -> Figure {
    let (width, height) = (max(140 + Double(buckets.count) * 64, 520), 380.0)
    let plot = (x: 60.0, y: 70.0, height: 250.0)
    let top = niceCeiling(max((buckets + baseline.bleuByLength).map(\.bleu).max() ?? 1, 1))
    return Figure(
      name: "bleu-by-length-attention",
      title: "Test BLEU by source length: \(baseline.name) (blue), \(name) (orange)",
      width: width, height: height
    ) { canvas in
      barAxes(canvas, plot: plot, right: width - Style.margin, top: top) { fixed($0, 1) }
      for (index, bucket) in buckets.enumerated() {
        let x = plot.x + 14 + Double(index) * 64
        let other = baseline.bleuByLength.first { $0.length == bucket.length }?.bleu ?? 0
        for (offset, bleu, fill) in [
          (0.0, other, Style.encoder), (22.0, bucket.bleu, Style.context),
        ] {
          let barHeight = plot.height * bleu / top
          canvas.cell(
            x: x + offset, y: plot.y + plot.height - barHeight, width: 20, height: barHeight,
            fill: fill, radius: 0)
        }
        let last = index == buckets.count - 1
        canvas.text(
          "\(bucket.length)\(last ? "+" : "")", x: x + 21, y: plot.y + plot.height + 16,
          size: Style.smallSize)
        let gap = bucket.bleu - other
        canvas.text(
          "\(gap >= 0 ? "+" : "")\(fixed(gap, 1))", x: x + 21,
          y: plot.y + plot.height - plot.height * max(bucket.bleu, other) / top - 6,
          size: Style.smallSize, color: Style.muted)
      }
      canvas.text(
        "source tokens (BLEU 0-100; above each pair: \(name) minus \(baseline.name))",
        x: plot.x, y: height - 14, size: Style.smallSize, color: Style.muted, align: .left)
    }
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
