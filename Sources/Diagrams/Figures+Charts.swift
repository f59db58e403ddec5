import Formatting
import Traces

/// The figures that only a live run can draw: losses, contexts, BLEU, the data's shape.
extension Figure {
  /// The masked loss as a grid: sentences by steps, each cell the token's loss (darker is worse),
  /// padding greyed out, each sentence's valid length marked, and its loss on the right.
  public static func maskedLoss(_ trace: MaskedLossTrace) -> Figure {
    let (tokens, losses, validLen) = (trace.tokens, trace.losses, trace.validLen)
    let (cellWidth, cellHeight) = (62.0, 26.0)
    let columns = tokens.first?.count ?? 0
    let width = Style.margin * 2 + 20 + Double(columns) * cellWidth + 150
    let height = 90 + Double(tokens.count) * cellHeight + 30
    let validLosses = losses.indices.flatMap { losses[$0].prefix(validLen[$0]) }
    let largest = max(validLosses.max() ?? 1, 1e-6)
    return Figure(
      name: "masked-loss",
      title: "The masked loss: each gold token's -log P; padding (grey) counts for nothing",
      caption:
        "thick line: the valid length; colour: the token's loss (white 0, red \(fixed(Double(largest), 2)))",
      width: width, height: height
    ) { canvas in
      canvas.text(
        "step", x: Style.margin + 20, y: 62, size: Style.smallSize, color: Style.muted, align: .left
      )
      for column in 0..<columns {
        canvas.text(
          "\(column + 1)", x: Style.margin + 20 + (Double(column) + 0.5) * cellWidth, y: 76,
          size: Style.smallSize, color: Style.muted)
      }
      canvas.text(
        "loss (D2L)", x: width - Style.margin - 60, y: 76, size: Style.smallSize, color: Style.muted
      )
      for (row, sentence) in tokens.enumerated() {
        let y = 84 + Double(row) * cellHeight
        for (column, token) in sentence.enumerated() {
          let x = Style.margin + 20 + Double(column) * cellWidth
          let valid = column < validLen[row]
          let fill =
            valid
            ? Style.decoder.mixed(with: Style.positive, Double(losses[row][column] / largest) * 0.8)
            : Style.masked
          canvas.cell(
            x: x, y: y, width: cellWidth, height: cellHeight, fill: fill, stroke: Style.muted,
            radius: 0)
          canvas.label(
            token, inCellAt: x, y: y, width: cellWidth, height: cellHeight, size: Style.smallSize,
            color: valid ? Style.ink : Style.muted)
        }
        let boundary = Style.margin + 20 + Double(validLen[row]) * cellWidth
        canvas.line(
          from: (boundary, y - 2), to: (boundary, y + cellHeight + 2), color: Style.ink, width: 2.5)
        canvas.text(
          fixed(Double(trace.sentenceLosses[row]), 4), x: width - Style.margin - 60,
          y: y + cellHeight * 0.65, size: Style.smallSize)
      }
    }
  }

  /// The training loss per epoch with axes and ticks, as D2L's animator plots it.
  public static func lossCurve(losses: [Float]) -> Figure {
    let final = fixed(Double(losses.last ?? 0), 3)
    return lossChart(
      name: "loss-curve",
      title: "Training loss per epoch (D2L's measure): \(final) after \(losses.count) epochs",
      series: [(nil, losses, Style.negative, 2)])
  }

  /// Your translator's loss per epoch beside the library's (`exercises translator`): the
  /// library's a wide light band, yours a thin line on it, so that where they agree the line
  /// stays inside the band.
  public static func lossCurves(_ trace: TranslatorTraces) -> Figure {
    let (yours, library) = (trace.yours.last ?? 0, trace.library.last ?? 0)
    return lossChart(
      name: "your-translator",
      title:
        "Your translator's loss and the library's: \(fixed(Double(yours), 3)) and \(fixed(Double(library), 3)) after \(trace.yours.count) epochs",
      series: [
        ("the library's", trace.library, Style.context, 7),
        ("yours", trace.yours, Style.negative, 2),
      ])
  }

  /// Losses per epoch as lines on one chart, each with a label in the corner when it has one.
  private static func lossChart(
    name: String, title: String,
    series: [(label: String?, losses: [Float], color: Style.Color, width: Double)]
  ) -> Figure {
    let (width, height) = (640.0, 400.0)
    let plot = (x: 70.0, y: 50.0, width: 540.0, height: 290.0)
    let top = niceCeiling(Double(series.flatMap(\.losses).filter(\.isFinite).max() ?? 1))
    let epochs = series.map(\.losses.count).max() ?? 0
    return Figure(name: name, title: title, width: width, height: height) { canvas in
      canvas.line(from: (plot.x, plot.y), to: (plot.x, plot.y + plot.height))
      canvas.line(
        from: (plot.x, plot.y + plot.height), to: (plot.x + plot.width, plot.y + plot.height))
      for tick in 0...5 {
        let value = top * Double(tick) / 5
        let y = plot.y + plot.height * (1 - Double(tick) / 5)
        canvas.line(from: (plot.x - 4, y), to: (plot.x, y))
        canvas.line(
          from: (plot.x, y), to: (plot.x + plot.width, y), color: Style.masked, width: 0.6)
        canvas.text(fixed(value, 2), x: plot.x - 8, y: y + 4, size: Style.smallSize, align: .right)
      }
      for tick in 0...5 {
        let epoch = Int((Double(epochs) * Double(tick) / 5).rounded())
        let x = plot.x + plot.width * Double(tick) / 5
        canvas.line(from: (x, plot.y + plot.height), to: (x, plot.y + plot.height + 4))
        canvas.text("\(epoch)", x: x, y: plot.y + plot.height + 18, size: Style.smallSize)
      }
      canvas.text(
        "epoch", x: plot.x + plot.width / 2, y: height - 14, size: Style.smallSize,
        color: Style.muted)
      canvas.text("loss", x: 22, y: plot.y - 12, size: Style.smallSize, color: Style.muted)
      for (number, line) in series.enumerated() {
        let losses = line.losses.map { $0.isFinite ? min(Double($0), top) : top }
        for (index, loss) in losses.enumerated().dropFirst() {
          let x0 = plot.x + plot.width * Double(index) / Double(max(epochs, 1))
          let x1 = plot.x + plot.width * Double(index + 1) / Double(max(epochs, 1))
          let y0 = plot.y + plot.height * (1 - losses[index - 1] / top)
          let y1 = plot.y + plot.height * (1 - loss / top)
          canvas.line(from: (x0, y0), to: (x1, y1), color: line.color, width: line.width)
        }
        if let label = line.label {
          let y = plot.y + 16 + 18 * Double(number)
          canvas.line(
            from: (plot.x + plot.width - 150, y - 4), to: (plot.x + plot.width - 126, y - 4),
            color: line.color, width: line.width)
          canvas.text(
            label, x: plot.x + plot.width - 120, y: y, size: Style.smallSize, align: .left)
        }
      }
    }
  }

  /// Context vectors side by side: one row per sentence, one cell per unit, blue negative, red
  /// positive.
  public static func contextHeatmap(_ trace: ContextTrace) -> Figure {
    let (sentences, vectors) = (trace.sentences, trace.vectors)
    let units = vectors.first?.count ?? 0
    let cellWidth = 16.0
    let labelWidth = 150.0
    let width = Style.margin * 2 + labelWidth + Double(units) * cellWidth
    let height = 80 + Double(sentences.count) * 22 + 30
    return Figure(
      name: "context-heatmap",
      title: "The context c of each sentence (\(units) numbers; blue < 0 < red)",
      caption: "columns: units 1 ... \(units) of c; similar sentences get similar rows",
      width: width, height: height
    ) { canvas in
      for (row, sentence) in sentences.enumerated() {
        let y = 60 + Double(row) * 22
        canvas.label(
          sentence, inCellAt: Style.margin, y: y, width: labelWidth - 8, height: 20,
          size: Style.smallSize)
        for (unit, value) in vectors[row].enumerated() {
          let strength = Double(min(abs(value), 1))
          let fill = Style.decoder.mixed(
            with: value < 0 ? Style.negative : Style.positive, strength)
          canvas.cell(
            x: Style.margin + labelWidth + Double(unit) * cellWidth, y: y, width: cellWidth,
            height: 20, fill: fill, stroke: nil, radius: 0)
        }
      }
    }
  }

  /// BLEU of one translation: the n-grams that match the reference highlighted, then p_n, the
  /// brevity penalty and the score.
  public static func bleu(_ trace: BLEUTrace) -> Figure {
    let (hypothesis, reference, matches) = (trace.hypothesis, trace.reference, trace.matches)
    let cellWidth = 78.0
    let width =
      Style.margin * 2 + 120 + Double(max(hypothesis.count, reference.count)) * (cellWidth + 6) + 90
    let height = 130 + Double(matches.count) * 34 + 60
    return Figure(
      name: "bleu", title: "BLEU of one translation (D2L's form, k = \(matches.count))",
      width: max(width, 560), height: height
    ) { canvas in
      func row(_ label: String, _ tokens: [String], y: Double, fills: [Style.Color]) {
        canvas.text(
          label, x: Style.margin, y: y + 18, size: Style.smallSize, color: Style.muted, align: .left
        )
        for (index, token) in tokens.enumerated() {
          let x = Style.margin + 120 + Double(index) * (cellWidth + 6)
          canvas.cell(x: x, y: y, width: cellWidth, height: 26, fill: fills[index])
          canvas.label(token, inCellAt: x, y: y, width: cellWidth, height: 26)
        }
      }
      row(
        "reference", reference, y: 50, fills: Array(repeating: Style.masked, count: reference.count)
      )
      row(
        "translation", hypothesis, y: 86,
        fills: Array(repeating: Style.decoder, count: hypothesis.count))
      let precisionX =
        Style.margin + 120 + Double(max(hypothesis.count, reference.count)) * (cellWidth + 6) + 10
      for (order, matched) in matches.enumerated() {
        let y = 130 + Double(order) * 34
        canvas.text(
          "\(order + 1)-grams", x: Style.margin, y: y + 16, size: Style.smallSize,
          color: Style.muted, align: .left)
        for (index, isMatch) in matched.enumerated() {
          // Overlapping n-grams alternate between two lanes so that each stays visible.
          let x = Style.margin + 120 + Double(index) * (cellWidth + 6)
          let span = Double(order + 1) * (cellWidth + 6) - 6
          canvas.cell(
            x: x + 2, y: y + Double(index % 2) * 13, width: span - 4, height: 11,
            fill: isMatch ? Style.good : Style.bad, stroke: nil, radius: 3)
        }
        canvas.text(
          "p_\(order + 1) = \(fixed(trace.precisions[order], 3))", x: precisionX, y: y + 16,
          size: Style.smallSize, align: .left)
      }
      let summary =
        "brevity penalty \(fixed(trace.brevityPenalty, 3)) x "
        + trace.precisions.enumerated().map { "p_\($0.offset + 1)^(1/\(1 << ($0.offset + 1)))" }
        .joined(
          separator: " x ") + " = BLEU \(fixed(trace.score, 3))"
      canvas.text(summary, x: Style.margin, y: height - 20, size: Style.textSize, align: .left)
    }
  }

  /// A histogram of sentence lengths in tokens, source and target side by side (D2L's figure of
  /// the dataset).
  public static func tokenLengths(_ histogram: [LengthCount]) -> Figure {
    let bars = histogram.count
    let (width, height) = (max(120 + Double(bars) * 44, 420), 360.0)
    let plot = (x: 60.0, y: 50.0, height: 250.0)
    let top = niceCeiling(Double(histogram.map { max($0.source, $0.target) }.max() ?? 1))
    return Figure(
      name: "token-lengths", title: "Tokens per sentence: English (blue) and French (white)",
      width: width, height: height
    ) { canvas in
      barAxes(canvas, plot: plot, right: width - Style.margin, top: top) { "\(Int($0))" }
      for (index, bin) in histogram.enumerated() {
        let x = plot.x + 12 + Double(index) * 44
        for (offset, count, fill) in [
          (0.0, bin.source, Style.encoder), (18.0, bin.target, Style.decoder),
        ] {
          let barHeight = plot.height * Double(count) / top
          canvas.cell(
            x: x + offset, y: plot.y + plot.height - barHeight, width: 16, height: barHeight,
            fill: fill, radius: 0)
        }
        canvas.text("\(bin.length)", x: x + 17, y: plot.y + plot.height + 16, size: Style.smallSize)
      }
      canvas.text(
        "tokens in the sentence", x: plot.x + 100, y: height - 14, size: Style.smallSize,
        color: Style.muted, align: .left)
    }
  }

  /// Corpus BLEU of held-out translations by source length: one fixed-size c must carry the
  /// whole sentence, so longer sentences fare worse, the motivation for attention.
  /// `name` and `title` tell the held-out pairs of D2L's run from a split's test pairs; with
  /// `pooled`, the last bar holds its length and every longer one (labelled `15+`).
  public static func bleuByLength(
    _ buckets: [LengthBLEU], name: String = "bleu-by-length",
    title: String = "Corpus BLEU on held-out pairs by source length", pooled: Bool = false
  ) -> Figure {
    let (width, height) = (max(140 + Double(buckets.count) * 60, 460), 360.0)
    let plot = (x: 60.0, y: 50.0, height: 250.0)
    let top = niceCeiling(max(buckets.map(\.bleu).max() ?? 1, 1))
    return Figure(name: name, title: title, width: width, height: height) { canvas in
      barAxes(canvas, plot: plot, right: width - Style.margin, top: top) { fixed($0, 1) }
      for (index, bucket) in buckets.enumerated() {
        let x = plot.x + 14 + Double(index) * 60
        let barHeight = plot.height * bucket.bleu / top
        canvas.cell(
          x: x, y: plot.y + plot.height - barHeight, width: 40, height: barHeight,
          fill: Style.context, radius: 0)
        let last = pooled && index == buckets.count - 1
        canvas.text(
          "\(bucket.length)\(last ? "+" : "")", x: x + 20, y: plot.y + plot.height + 16,
          size: Style.smallSize)
        canvas.text(
          "n=\(bucket.count)", x: x + 20, y: plot.y + plot.height - barHeight - 6,
          size: Style.smallSize, color: Style.muted)
      }
      canvas.text(
        "source tokens (BLEU 0-100; n = sentences)", x: plot.x + 60, y: height - 14,
        size: Style.smallSize, color: Style.muted, align: .left)
    }
  }
}

/// The axes of a bar chart: the y axis from 0 to `top` with five labelled ticks, the x axis to
/// `right`.
func barAxes(
  _ canvas: Canvas, plot: (x: Double, y: Double, height: Double), right: Double, top: Double,
  label: (Double) -> String
) {
  canvas.line(from: (plot.x, plot.y), to: (plot.x, plot.y + plot.height))
  canvas.line(from: (plot.x, plot.y + plot.height), to: (right, plot.y + plot.height))
  for tick in 0...4 {
    let y = plot.y + plot.height * (1 - Double(tick) / 4)
    canvas.text(
      label(top * Double(tick) / 4), x: plot.x - 6, y: y + 4, size: Style.smallSize, align: .right)
  }
}

/// A round number at or above `value` for an axis: 1, 2 or 5 times a power of ten.
func niceCeiling(_ value: Double) -> Double {
  guard value > 0 else { return 1 }
  var power = 1.0
  while power * 10 <= value { power *= 10 }
  while power > value { power /= 10 }
  for step in [1.0, 2.0, 5.0, 10.0] where step * power >= value { return step * power }
  return 10 * power
}
