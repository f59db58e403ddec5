import Formatting
import Traces

extension Figure {
  /// A Transformer's figures, from its trace: the positional encoding, then every head of the
  /// encoder's self-attention, the decoder's self-attention and the cross-attention.
  public static func all(_ trace: TransformerTrace) -> [Figure] {
    [
      positionalEncoding(trace.positionalEncoding),
      heads(
        trace.encoder, rows: trace.source, columns: trace.source, name: "heads-encoder",
        title: "The encoder's self-attention, every block and head",
        caption: "rows: each English position's query; columns: the positions it reads"),
      heads(
        trace.decoderSelf, rows: trace.target, columns: trace.target, name: "heads-decoder",
        title: "The decoder's self-attention: nothing above the diagonal (the causal mask)",
        caption:
          "rows: each French position's query; columns: the positions before it, itself included"),
      heads(
        trace.cross, rows: trace.target, columns: trace.source, name: "heads-cross",
        title: "The decoder's attention over the English sentence, every block and head",
        caption: "rows: the French tokens fed; columns: the English tokens read"),
    ]
  }

  /// D2L's figure of the positional encoding: a row per position, a column per feature, each
  /// code from -1 (blue) through 0 (white) to 1 (red). The left columns turn fast, the right
  /// ones slowly: each pair of columns is a clock of its own frequency.
  public static func positionalEncoding(_ table: [[Float]]) -> Figure {
    let columns = table.first?.count ?? 0
    let cell = (width: max(3.0, min(14.0, 640.0 / Double(max(columns, 1)))), height: 5.0)
    let left = Style.margin + 70
    let top = 60.0
    let width = left + Double(columns) * cell.width + Style.margin
    let height = top + Double(table.count) * cell.height + 50
    return Figure(
      name: "positional-encoding",
      title: "The positional encoding: \(table.count) positions of \(columns) features",
      caption:
        "rows: positions 0 to \(table.count - 1); columns: features; blue -1, white 0, red 1",
      width: max(width, 420), height: height
    ) { canvas in
      _ = canvas.text(
        "feature ->", x: left, y: top - 12, size: Style.smallSize, color: Style.muted,
        align: .left)
      for (row, codes) in table.enumerated() {
        let y = top + Double(row) * cell.height
        if row % 10 == 0 {
          canvas.label(
            "position \(row)", inCellAt: Style.margin, y: y - 4, width: left - Style.margin - 6,
            height: 12, size: Style.smallSize)
        }
        for (column, code) in codes.enumerated() {
          let value = Double(min(max(code, -1), 1))
          canvas.cell(
            x: left + Double(column) * cell.width, y: y, width: cell.width, height: cell.height,
            fill: value < 0
              ? Style.decoder.mixed(with: Style.negative, -value)
              : Style.decoder.mixed(with: Style.positive, value),
            stroke: nil, radius: 0)
        }
      }
    }
  }

  /// Small heatmaps of attention weights, one per block (rows of the grid) and head (columns),
  /// white 0 to orange 1; the tokens label the first panel of each row of the grid.
  public static func heads(
    _ weights: [[[[Float]]]], rows: [String], columns: [String], name: String, title: String,
    caption: String
  ) -> Figure {
    let numHeads = weights.map(\.count).max() ?? 0
    let cell = 24.0
    let labelWidth = 70.0
    let panel = (width: Double(columns.count) * cell, height: Double(rows.count) * cell)
    let gap = 18.0
    let header = 56.0  // the head's name and the column tokens, written upwards
    let width = Style.margin * 2 + labelWidth + Double(numHeads) * (panel.width + gap)
    let height = 50 + Double(weights.count) * (header + panel.height + gap) + 40
    return Figure(
      name: name, title: title, caption: caption, width: max(width, 460), height: height
    ) { canvas in
      for (block, heads) in weights.enumerated() {
        let top = 50 + Double(block) * (header + panel.height + gap) + header
        _ = canvas.text(
          "block \(block + 1)", x: Style.margin, y: top - header + 12, size: Style.smallSize,
          color: Style.muted, align: .left)
        for (row, token) in rows.enumerated() {
          canvas.label(
            token, inCellAt: Style.margin, y: top + Double(row) * cell, width: labelWidth - 6,
            height: cell, size: Style.smallSize)
        }
        for (index, head) in heads.enumerated() {
          let left = Style.margin + labelWidth + Double(index) * (panel.width + gap)
          _ = canvas.text(
            "head \(index + 1)", x: left, y: top - header + 12, size: Style.smallSize,
            color: Style.muted, align: .left)
          for (column, token) in columns.enumerated() where block == 0 {
            canvas.label(
              String(token.prefix(5)), inCellAt: left + Double(column) * cell, y: top - 16,
              width: cell, height: 14, size: 8)
          }
          for (row, values) in head.enumerated() {
            for (column, weight) in values.enumerated() {
              canvas.cell(
                x: left + Double(column) * cell, y: top + Double(row) * cell, width: cell,
                height: cell,
                fill: Style.decoder.mixed(with: Style.context, Double(min(max(weight, 0), 1))),
                stroke: Style.masked, radius: 0)
            }
          }
        }
      }
    }
  }
}
