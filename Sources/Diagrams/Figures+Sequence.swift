import Formatting
import Traces

/// The chapter's three drawings, from real runs.
extension Figure {
  /// D2L's seq2seq.svg from a real training pair: the encoder over the source, c into the
  /// decoder's state and inputs, the decoder reading `<bos>` + gold tokens and scoring each label.
  public static func teacherForcing(_ trace: TeacherForcingTrace) -> Figure {
    let (cellWidth, cellHeight, gap) = (58.0, Style.cell.height, 8.0)
    let step = cellWidth + gap
    let encoderColumns = trace.sourceTokens.count
    let decoderColumns = trace.decoderInputs.count
    let contextGap = 70.0
    let width = Style.margin * 2 + Double(encoderColumns + decoderColumns) * step + contextGap
    let height = 330.0
    return Figure(
      name: "seq2seq-train",
      title:
        "Training with teacher forcing: the encoder reads the source, the decoder reads <bos> + the gold target",
      width: width, height: height
    ) { canvas in
      let (inputY, cellY, outputY, labelY) = (270.0, 200.0, 120.0, 70.0)
      // Encoder: source tokens below light-blue cells, arrows from cell to cell.
      for (index, token) in trace.sourceTokens.enumerated() {
        let x = Style.margin + Double(index) * step
        let padding = index >= trace.sourceValidLen
        canvas.label(
          token, inCellAt: x, y: inputY, width: cellWidth, height: 22,
          color: padding ? Style.muted : Style.ink)
        canvas.arrow(from: (x + cellWidth / 2, inputY), to: (x + cellWidth / 2, cellY + cellHeight))
        canvas.cell(
          x: x, y: cellY, width: cellWidth, height: cellHeight,
          fill: padding ? Style.masked : Style.encoder)
        if index > 0 {
          canvas.arrow(from: (x - gap, cellY + cellHeight / 2), to: (x, cellY + cellHeight / 2))
        }
      }
      canvas.text(
        "Encoder", x: Style.margin, y: cellY - 12, size: Style.smallSize, color: Style.muted,
        align: .left)
      // The context c between the two.
      let encoderEnd = Style.margin + Double(encoderColumns) * step - gap
      let contextX = encoderEnd + (contextGap - 36) / 2 + gap / 2
      canvas.arrow(
        from: (encoderEnd, cellY + cellHeight / 2), to: (contextX, cellY + cellHeight / 2))
      canvas.cell(x: contextX, y: cellY, width: 36, height: cellHeight, fill: Style.context)
      canvas.label("c", inCellAt: contextX, y: cellY, width: 36, height: cellHeight)
      let decoderStart = encoderEnd + contextGap + gap
      if trace.contextToInitialState {
        canvas.arrow(
          from: (contextX + 36, cellY + cellHeight / 2), to: (decoderStart, cellY + cellHeight / 2),
          color: Style.context)
      }
      if trace.contextToEveryInput {
        let busY = cellY + cellHeight + 22
        canvas.line(
          from: (contextX + 18, cellY + cellHeight), to: (contextX + 18, busY), color: Style.context
        )
        let lastX = decoderStart + Double(decoderColumns - 1) * step + cellWidth * 0.75
        canvas.line(from: (contextX + 18, busY), to: (lastX, busY), color: Style.context)
        for index in 0..<decoderColumns {
          let x = decoderStart + Double(index) * step + cellWidth * 0.75
          canvas.arrow(from: (x, busY), to: (x, cellY + cellHeight), color: Style.context)
        }
      }
      // Decoder: inputs, white cells, the gold label above with the probability it got.
      for index in 0..<decoderColumns {
        let x = decoderStart + Double(index) * step
        let masked = index >= trace.targetValidLen
        canvas.label(
          trace.decoderInputs[index], inCellAt: x, y: inputY, width: cellWidth, height: 22)
        canvas.arrow(from: (x + cellWidth / 3, inputY), to: (x + cellWidth / 3, cellY + cellHeight))
        canvas.cell(
          x: x, y: cellY, width: cellWidth, height: cellHeight,
          fill: masked ? Style.masked : Style.decoder)
        if index > 0 {
          canvas.arrow(from: (x - gap, cellY + cellHeight / 2), to: (x, cellY + cellHeight / 2))
        }
        canvas.arrow(
          from: (x + cellWidth / 2, cellY), to: (x + cellWidth / 2, outputY + cellHeight))
        let probability = trace.labelProbabilities[index]
        let fill = masked ? Style.masked : Style.bad.mixed(with: Style.good, Double(probability))
        canvas.cell(
          x: x, y: outputY, width: cellWidth, height: cellHeight, fill: fill, dashed: masked)
        canvas.label(
          trace.labels[index], inCellAt: x, y: outputY, width: cellWidth, height: cellHeight,
          color: masked ? Style.muted : Style.ink)
        canvas.label(
          masked ? "masked" : "P \(percent(probability))", inCellAt: x, y: labelY, width: cellWidth,
          height: 22, size: Style.smallSize, color: Style.muted)
      }
      canvas.text(
        "Decoder", x: decoderStart, y: cellY - 12, size: Style.smallSize, color: Style.muted,
        align: .left)
      canvas.text(
        "labels, coloured by the probability the model gives them; padding is masked out of the loss",
        x: decoderStart, y: labelY - 12, size: Style.smallSize, color: Style.muted, align: .left)
    }
  }

  /// D2L's seq2seq-predict.svg from a real run: `<bos>` in, each prediction fed back, the top-3
  /// probabilities at every step, until `<eos>`; the beams of a beam search below.
  public static func prediction(_ trace: PredictionTrace, beams: BeamTrace) -> Figure {
    let (cellWidth, cellHeight) = (96.0, Style.cell.height)
    let step = cellWidth + 26
    let columns = max(trace.steps.count, min(beams.steps.count, beams.best.count + 1))
    let width = Style.margin * 2 + Double(columns + 1) * step + 40
    let beamRows = beams.steps.map(\.count).max() ?? 0
    let height = 330.0 + Double(beamRows) * 22
    let source = trace.sourceTokens.joined(separator: " ")
    return Figure(
      name: "seq2seq-predict",
      title: "Prediction of \"\(source)\": each output is fed back as the next input", width: width,
      height: height
    ) { canvas in
      let (inputY, cellY, topY) = (240.0, 180.0, 60.0)
      canvas.cell(x: Style.margin, y: cellY, width: 40, height: cellHeight, fill: Style.context)
      canvas.label("c", inCellAt: Style.margin, y: cellY, width: 40, height: cellHeight)
      for (index, stepTrace) in trace.steps.enumerated() {
        let x = Style.margin + 60 + Double(index) * step
        canvas.arrow(
          from: (x - (index == 0 ? 20 : 26), cellY + cellHeight / 2),
          to: (x, cellY + cellHeight / 2))
        canvas.cell(x: x, y: cellY, width: cellWidth, height: cellHeight, fill: Style.decoder)
        canvas.label(stepTrace.input, inCellAt: x, y: inputY, width: cellWidth, height: 22)
        canvas.arrow(from: (x + cellWidth / 2, inputY), to: (x + cellWidth / 2, cellY + cellHeight))
        canvas.arrow(from: (x + cellWidth / 2, cellY), to: (x + cellWidth / 2, topY + 3 * 24 + 6))
        for (rank, scored) in stepTrace.top.prefix(3).enumerated() {
          let y = topY + Double(2 - rank) * 24
          let fill = rank == 0 ? Style.good : Style.masked
          canvas.cell(
            x: x, y: y, width: cellWidth, height: 20, fill: fill,
            stroke: rank == 0 ? Style.ink : nil, radius: 3)
          canvas.label(
            "\(scored.token)  \(percent(scored.probability))", inCellAt: x, y: y, width: cellWidth,
            height: 20, size: Style.smallSize)
        }
        if index + 1 < trace.steps.count {
          let nextX = Style.margin + 60 + Double(index + 1) * step
          canvas.line(
            from: (x + cellWidth, topY + 58), to: (nextX - 10, topY + 58), color: Style.muted)
          canvas.line(
            from: (nextX - 10, topY + 58), to: (nextX - 10, inputY + 11), color: Style.muted)
          canvas.arrow(
            from: (nextX - 10, inputY + 11), to: (nextX + 8, inputY + 11), color: Style.muted)
        }
      }
      let ending = trace.endedWithEOS ? "stopped at <eos>" : "stopped after numSteps tokens"
      canvas.text(
        "top 3 next tokens at each step (green: chosen); \(ending)", x: Style.margin, y: topY - 14,
        size: Style.smallSize, color: Style.muted, align: .left)
      // The beams, one column per step.
      let beamY = 300.0
      canvas.text(
        "Beam search, \(beamRows) beams: the partial translations kept at each step (log-probability); chosen: \(beams.best.joined(separator: " "))",
        x: Style.margin, y: beamY, size: Style.smallSize, color: Style.muted, align: .left)
      for (index, kept) in beams.steps.prefix(beams.best.count + 1).enumerated() {
        for (rank, beam) in kept.enumerated() {
          let x = Style.margin + 60 + Double(index) * step
          let y = beamY + 10 + Double(rank) * 22
          let text = "\(beam.tokens.last ?? "") \(fixed(Double(beam.logProbability), 2))"
          canvas.cell(
            x: x, y: y, width: cellWidth, height: 19,
            fill: rank == 0 ? Style.encoder : Style.decoder, radius: 3)
          canvas.label(text, inCellAt: x, y: y, width: cellWidth, height: 19, size: Style.smallSize)
        }
      }
    }
  }

  /// D2L's seq2seq-details.svg with the real sizes: every layer and the shape of what flows
  /// between them.
  public static func details(_ trace: ModelTrace) -> Figure {
    let (layers, flows) = (trace.layers, trace.flows)
    let (boxWidth, boxHeight, rowGap) = (250.0, 40.0, 36.0)
    let encoder = layers.enumerated().filter { $0.element.isEncoder }
    let decoder = layers.enumerated().filter { !$0.element.isEncoder }
    let rows = max(encoder.count, decoder.count)
    let width = Style.margin * 2 + 2 * boxWidth + 160
    let height = 70 + Double(rows) * (boxHeight + rowGap) + 20
    return Figure(
      name: "seq2seq-details", title: "The model in detail, with the real sizes (read bottom up)",
      width: width, height: height
    ) { canvas in
      func draw(
        _ column: [(offset: Int, element: LayerBox)],
        x: Double
      ) {
        for (row, item) in column.enumerated() {
          let y = height - 30 - Double(row + 1) * (boxHeight + rowGap) + rowGap
          canvas.cell(
            x: x, y: y, width: boxWidth, height: boxHeight,
            fill: item.element.isEncoder ? Style.encoder : Style.decoder)
          canvas.label(
            item.element.name, inCellAt: x, y: y, width: boxWidth, height: boxHeight * 0.6)
          canvas.label(
            item.element.detail, inCellAt: x, y: y + boxHeight * 0.45, width: boxWidth,
            height: boxHeight * 0.55, size: Style.smallSize, color: Style.muted)
          if row + 1 < column.count {
            canvas.arrow(from: (x + boxWidth / 2, y), to: (x + boxWidth / 2, y - rowGap))
            canvas.text(
              flows[item.offset], x: x + boxWidth / 2 + 6, y: y - rowGap / 2 + 4,
              size: Style.smallSize, color: Style.muted, align: .left)
          }
        }
      }
      let leftX = Style.margin
      let rightX = Style.margin + boxWidth + 160
      draw(encoder, x: leftX)
      draw(decoder, x: rightX)
      // The encoder's final state (its top box) starts the decoder's recurrent layers.
      let rowY = { (row: Int) in
        height - 30 - Double(row + 1) * (boxHeight + rowGap) + rowGap + boxHeight / 2
      }
      let stateY = rowY(encoder.count - 1)
      canvas.arrow(
        from: (leftX + boxWidth, stateY), to: (rightX, rowY(decoder.count - 2)),
        color: Style.context)
      canvas.text(
        trace.handoff ?? "state, c", x: leftX + boxWidth + 80, y: stateY - 8, size: Style.smallSize,
        color: Style.context)
    }
  }
}

/// A probability as a percentage: `93%`, `<1%`.
func percent(_ probability: Float) -> String {
  probability < 0.01 ? "<1%" : "\(Int((probability * 100).rounded()))%"
}
