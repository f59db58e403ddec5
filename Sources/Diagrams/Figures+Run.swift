import Formatting
import Traces

extension Figure {
  /// The figures of a model trained with a split, in a fixed order: its learning curve and its
  /// test BLEU by source length; then, when the traces hold them, the attention heatmap and the
  /// comparison with the baselines.
  public static func all(_ traces: RunTraces) -> [Figure] {
    var figures = [
      learningCurve(traces.learningCurve),
      bleuByLength(
        traces.bleuByLength, name: "bleu-by-length-test",
        title: "Corpus BLEU on the test split by source length", pooled: true),
    ]
    if let attention = traces.attention, !attention.isEmpty {
      figures.append(attentionHeatmap(attention))
    }
    if let baselines = traces.baselines, !baselines.isEmpty {
      figures.append(
        bleuByLengthComparison(
          baselines + [BaselineTrace(name: traces.modelName, bleuByLength: traces.bleuByLength)]))
    }
    return figures + (traces.transformer.map(all) ?? [])
  }

  /// Where the decoder looked, one panel per sentence, one above the other: a row per output
  /// token, a column per source token, each cell alpha_{t',t} as colour (white 0 to orange 1)
  /// and, from 0.1, as a number; a word aligner's links, when the traces hold them, framed. A
  /// trained model's weights run roughly down the diagonal, bending where French orders words
  /// otherwise.
  public static func attentionHeatmap(_ traces: [AttentionTrace]) -> Figure {
    let cell = (width: 58.0, height: 26.0)
    let labelWidth = 90.0
    let left = Style.margin + labelWidth
    let header = 40.0  // the column labels above each panel
    let gap = 24.0  // between panels
    let panelHeights = traces.map { header + Double($0.target.count) * cell.height }
    let columns = traces.map(\.source.count).max() ?? 0
    let width = max(left + Double(columns) * cell.width + Style.margin, 460)
    let height = 50 + panelHeights.reduce(0, +) + gap * Double(max(traces.count - 1, 0)) + 46
    let linked = traces.contains { $0.links != nil }
    return Figure(
      name: "attention-heatmap",
      title: traces.count == 1
        ? "Attention weights alpha_{t',t} of one sentence"
        : "Attention weights alpha_{t',t} of \(traces.count) test sentences",
      caption: "rows: the French tokens; columns: the English tokens read"
        + (linked ? "; framed: the word aligner's links" : ""),
      width: width, height: height
    ) { canvas in
      var top = 50.0
      for (trace, panelHeight) in zip(traces, panelHeights) {
        heatmapPanel(canvas, trace, left: left, top: top + header, cell: cell)
        top += panelHeight + gap
      }
    }
  }

  /// One sentence of `attentionHeatmap`: the English tokens above, the French ones on the left.
  private static func heatmapPanel(
    _ canvas: Canvas, _ trace: AttentionTrace, left: Double, top: Double,
    cell: (width: Double, height: Double)
  ) {
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
        token, inCellAt: Style.margin, y: y, width: left - Style.margin - 6, height: cell.height,
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
      for column in trace.links?[row] ?? [] where trace.source.indices.contains(column) {
        frame(canvas, x: left + Double(column) * cell.width, y: y, cell: cell)
      }
    }
  }

  /// A dark frame just inside a cell: a word aligner's link.
  private static func frame(
    _ canvas: Canvas, x: Double, y: Double, cell: (width: Double, height: Double)
  ) {
    let (x0, y0, x1, y1) = (x + 2, y + 2, x + cell.width - 2, y + cell.height - 2)
    for (from, to) in [
      ((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0)),
    ] {
      canvas.line(from: from, to: to, color: Style.ink, width: 2)
    }
  }

  /// Test BLEU by source length of several models on the same split, side by side in the order
  /// given (two or three of them: light blue, blue, orange, the last always orange), with the
  /// last minus the first above each group.
  public static func bleuByLengthComparison(_ models: [BaselineTrace]) -> Figure {
    let colors = Array([Style.encoder, Style.negative, Style.context].suffix(models.count))
    let colorNames = Array(["light blue", "blue", "orange"].suffix(models.count))
    let buckets = models.last?.bleuByLength ?? []
    let barWidth = 60.0 / Double(models.count) - 2
    let (width, height) = (max(140 + Double(buckets.count) * 72, 560), 380.0)
    let plot = (x: 60.0, y: 70.0, height: 250.0)
    let top = niceCeiling(max(models.flatMap(\.bleuByLength).map(\.bleu).max() ?? 1, 1))
    let (first, last) = (models.first?.name ?? "", models.last?.name ?? "")
    return Figure(
      name: "bleu-by-length-attention",
      title: "Test BLEU by source length: "
        + zip(models, colorNames).map { "\($0.name) (\($1))" }.joined(separator: ", "),
      width: width, height: height
    ) { canvas in
      barAxes(canvas, plot: plot, right: width - Style.margin, top: top) { fixed($0, 1) }
      for (index, bucket) in buckets.enumerated() {
        let x = plot.x + 10 + Double(index) * 72
        let scores = models.map { model in
          model.bleuByLength.first { $0.length == bucket.length }?.bleu ?? 0
        }
        for (slot, (bleu, fill)) in zip(scores, colors).enumerated() {
          let barHeight = plot.height * bleu / top
          canvas.cell(
            x: x + Double(slot) * (barWidth + 2), y: plot.y + plot.height - barHeight,
            width: barWidth, height: barHeight, fill: fill, radius: 0)
        }
        let last = index == buckets.count - 1
        canvas.text(
          "\(bucket.length)\(last ? "+" : "")", x: x + 30, y: plot.y + plot.height + 16,
          size: Style.smallSize)
        let gap = (scores.last ?? 0) - (scores.first ?? 0)
        canvas.text(
          "\(gap >= 0 ? "+" : "")\(fixed(gap, 1))", x: x + 30,
          y: plot.y + plot.height - plot.height * (scores.max() ?? 0) / top - 6,
          size: Style.smallSize, color: Style.muted)
      }
      canvas.text(
        "source tokens (BLEU 0-100; above each group: \(last) minus \(first))",
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
