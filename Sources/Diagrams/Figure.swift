import CCairo
import Files
import Formatting
import Foundation
import Traces

/// A figure: its name, its size, and a function that draws it. The same drawing goes to an SVG
/// (units px) and a PNG.
public struct Figure: Sendable {
  /// The file name without extension, e.g. `seq2seq-train`.
  public let name: String
  /// The line at the top.
  public let title: String
  /// A note at the bottom, if any.
  public let caption: String?
  /// The size of the drawing, px.
  public let width: Double, height: Double
  /// Draws the figure.
  public let draw: @Sendable (Canvas) -> Void

  /// Makes a figure with a title at the top and an optional caption at the bottom; it is made
  /// wide enough for both.
  public init(
    name: String, title: String, caption: String? = nil, width: Double, height: Double,
    draw: @escaping @Sendable (Canvas) -> Void
  ) {
    self.name = name
    self.title = title
    self.caption = caption
    let textWidth = max(
      Canvas.textWidth(title, size: Style.titleSize),
      caption.map { Canvas.textWidth($0, size: Style.smallSize) } ?? 0)
    self.width = max(width, textWidth + 2 * Style.margin).rounded(.up)
    self.height = height.rounded(.up)
    self.draw = { canvas in
      canvas.text(title, x: Style.margin, y: 27, size: Style.titleSize, align: .left)
      if let caption {
        canvas.text(
          caption, x: Style.margin, y: canvas.height - 10, size: Style.smallSize,
          color: Style.muted, align: .left)
      }
      draw(canvas)
    }
  }

  /// The SVG's bytes. Cairo numbers its surfaces across a whole process (`surface7`); those ids
  /// are renumbered from 1 in order of appearance, so a figure's bytes do not depend on what was
  /// drawn before it.
  public func svg() throws -> [UInt8] {
    let path = temporaryPath("svg")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let surface = cairo_svg_surface_create(path, width, height)
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
    render(on: surface, scale: 1)
    cairo_surface_finish(surface)
    cairo_surface_destroy(surface)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FigureError(name: name, reason: "cairo wrote no SVG")
    }
    return Array(Figure.renumberSurfaces(String(decoding: data, as: UTF8.self)).utf8)
  }

  /// The PNG's bytes, `scale` pixels per px (2 for high-DPI screens).
  /// - Throws: `FigureError` when it would be wider or higher than the 32,767 pixels a Cairo
  ///   image can have (a trace of hundreds of tokens at `--scale 8`).
  public func png(scale: Double = 1) throws -> [UInt8] {
    let (wide, high) = ((width * scale).rounded(), (height * scale).rounded())
    guard wide.isFinite, high.isFinite, wide <= 32_767, high <= 32_767 else {
      throw FigureError(
        name: name,
        reason: "\(fixed(wide, 0)) x \(fixed(high, 0)) pixels, more than a PNG can have here "
          + "(32,767 a side); try a smaller --scale")
    }
    let path = temporaryPath("png")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(wide), Int32(high))
    render(on: surface, scale: scale)
    let status = cairo_surface_write_to_png(surface, path)
    cairo_surface_destroy(surface)
    guard status == CAIRO_STATUS_SUCCESS, let data = FileManager.default.contents(atPath: path)
    else {
      throw FigureError(name: name, reason: "cairo could not write the PNG")
    }
    return Array(data)
  }

  @discardableResult
  private func render(on surface: OpaquePointer?, scale: Double) -> [String] {
    let context = cairo_create(surface)!
    cairo_scale(context, scale, scale)
    let canvas = Canvas(context: context, width: width, height: height)
    draw(canvas)
    cairo_destroy(context)
    return canvas.overflows
  }

  /// The texts that do not fit their place in this figure (none in a good layout).
  public func overflowingText() -> [String] {
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
    defer { cairo_surface_destroy(surface) }
    return render(on: surface, scale: 1)
  }

  private func temporaryPath(_ ext: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "figure-\(UUID().uuidString).\(ext)"
    ).path
  }

  /// `surfaceN` ids renumbered 1, 2, ... in order of first appearance.
  static func renumberSurfaces(_ svg: String) -> String {
    var numbers: [Substring: Int] = [:]
    var result = ""
    var rest = svg[...]
    while let range = rest.range(of: "surface") {
      result += rest[..<range.upperBound]
      rest = rest[range.upperBound...]
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      if digits.isEmpty { continue }
      let number = numbers[digits] ?? numbers.count + 1
      numbers[digits] = number
      result += "\(number)"
      rest = rest.dropFirst(digits.count)
    }
    return result + rest
  }
}

/// A figure could not be drawn or written.
public struct FigureError: Error, CustomStringConvertible {
  /// The figure.
  public let name: String
  /// What went wrong.
  public let reason: String
  /// One line.
  public var description: String { "figure \(name): \(reason)" }
}

extension Figure {
  /// The nine figures of `seq2seq figures`, in a fixed order, drawn from the record of one run;
  /// the context's heatmap only for a model that has a context c (a Transformer has none).
  public static func all(_ traces: FigureTraces) -> [Figure] {
    let hasContext = traces.contexts.vectors.contains { !$0.isEmpty }
    return [
      teacherForcing(traces.teacherForcing),
      details(traces.model),
      prediction(traces.prediction, beams: traces.beams),
      maskedLoss(traces.maskedLoss),
      lossCurve(losses: traces.losses),
    ] + (hasContext ? [contextHeatmap(traces.contexts)] : []) + [
      bleu(traces.bleu),
      tokenLengths(traces.tokenLengths),
      bleuByLength(traces.bleuByLength),
    ] + (traces.attention.map { [attentionHeatmap([$0])] } ?? [])
      + (traces.transformer.map(all) ?? [])
  }
}

extension Figure {
  /// The figure of `exercises translator`: your loss beside the library's.
  public static func all(_ traces: TranslatorTraces) -> [Figure] { [lossCurves(traces)] }

  /// Writes `figures` (SVG and PNG) into `folder`, created when missing, and beside them
  /// `traces`, the record they were drawn from, as JSON: all of them as one change
  /// (`AtomicFolder`), and only once every figure is drawn, so that a figure that cannot be drawn
  /// or a kill leaves the folder as it was.
  public static func write(
    _ figures: [Figure], drawnFrom traces: some TraceFile, to folder: URL, scale: Double = 1
  ) throws {
    var files: [(name: String, bytes: [UInt8])] = []
    for figure in figures {
      files += [
        ("\(figure.name).svg", try figure.svg()),
        ("\(figure.name).png", try figure.png(scale: scale)),
      ]
    }
    files.append((type(of: traces).fileName, Array(try traces.json())))
    try AtomicFolder.write(files, into: folder.path)
  }
}

extension Figure {
  /// The version of the cairo library that draws the figures, e.g. `1.16.0`. Another version,
  /// or other fonts, may place a glyph a fraction of a pixel elsewhere.
  public static var cairoVersion: String { String(cString: cairo_version_string()) }
}
