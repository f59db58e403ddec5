import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A drawing surface over Cairo with the few shapes the figures need: cells, arrows, lines and
/// text whose size is measured, so that layouts can check that labels fit.
public final class Canvas {
  let context: OpaquePointer
  /// The width and height of the drawing, px.
  public let width: Double, height: Double
  /// Labels that did not fit their cell even at the smallest size, and text that ran off the
  /// page: empty in a good layout (the tests check it).
  public private(set) var overflows: [String] = []

  init(context: OpaquePointer, width: Double, height: Double) {
    self.context = context
    self.width = width
    self.height = height
    cairo_select_font_face(context, Style.font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    setColor(Style.background)
    cairo_paint(context)
  }

  private func setColor(_ color: Style.Color) {
    cairo_set_source_rgb(context, color.red, color.green, color.blue)
  }

  private func roundedRectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ r: Double) {
    let r = min(r, w / 2, h / 2)
    cairo_new_sub_path(context)
    cairo_arc(context, x + w - r, y + r, r, -Double.pi / 2, 0)
    cairo_arc(context, x + w - r, y + h - r, r, 0, Double.pi / 2)
    cairo_arc(context, x + r, y + h - r, r, Double.pi / 2, Double.pi)
    cairo_arc(context, x + r, y + r, r, Double.pi, 3 * Double.pi / 2)
    cairo_close_path(context)
  }

  /// A filled cell with a thin dark border (rounded unless `radius` is 0).
  public func cell(
    x: Double, y: Double, width: Double, height: Double, fill: Style.Color,
    stroke: Style.Color? = Style.ink, radius: Double = Style.radius, dashed: Bool = false
  ) {
    roundedRectangle(x, y, width, height, radius)
    setColor(fill)
    if let stroke {
      cairo_fill_preserve(context)
      setColor(stroke)
      cairo_set_line_width(context, Style.stroke)
      if dashed { cairo_set_dash(context, [4, 3], 2, 0) }
      cairo_stroke(context)
      cairo_set_dash(context, nil, 0, 0)
    } else {
      cairo_fill(context)
    }
  }

  /// A straight line.
  public func line(
    from start: (Double, Double), to end: (Double, Double), color: Style.Color = Style.ink,
    width: Double = Style.stroke
  ) {
    setColor(color)
    cairo_set_line_width(context, width)
    cairo_move_to(context, start.0, start.1)
    cairo_line_to(context, end.0, end.1)
    cairo_stroke(context)
  }

  /// A line with an arrowhead at `end`.
  public func arrow(
    from start: (Double, Double), to end: (Double, Double), color: Style.Color = Style.ink
  ) {
    line(from: start, to: end, color: color)
    let angle = atan2(end.1 - start.1, end.0 - start.0)
    let size = 7.0
    cairo_move_to(context, end.0, end.1)
    cairo_line_to(context, end.0 - size * cos(angle - 0.4), end.1 - size * sin(angle - 0.4))
    cairo_line_to(context, end.0 - size * cos(angle + 0.4), end.1 - size * sin(angle + 0.4))
    cairo_close_path(context)
    setColor(color)
    cairo_fill(context)
  }

  /// The width of `text` at `size` px, measured without a figure (for sizing one).
  public static func textWidth(_ text: String, size: Double) -> Double {
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
    let context = cairo_create(surface)!
    defer {
      cairo_destroy(context)
      cairo_surface_destroy(surface)
    }
    return Canvas(context: context, width: 1, height: 1).measure(text, size: size).width
  }

  /// The width and height of `text` at `size` px.
  public func measure(_ text: String, size: Double = Style.textSize) -> (
    width: Double, height: Double
  ) {
    cairo_set_font_size(context, size)
    var extents = cairo_text_extents_t()
    cairo_text_extents(context, text, &extents)
    return (extents.x_advance, size)
  }

  /// How text lines up with its point: by its left end, centre or right end.
  public enum Alignment: Sendable { case left, center, right }

  /// Draws `text` with its baseline's middle (or end) at (x, y).
  @discardableResult
  public func text(
    _ text: String, x: Double, y: Double, size: Double = Style.textSize,
    color: Style.Color = Style.ink, align: Alignment = .center
  ) -> Double {
    let width = measure(text, size: size).width
    let left =
      switch align {
      case .left: x
      case .center: x - width / 2
      case .right: x - width
      }
    if left < 0 || left + width > self.width || y > height { overflows.append(text) }
    setColor(color)
    cairo_move_to(context, left, y)
    cairo_show_text(context, text)
    return width
  }

  /// `text` centred in a cell, shrunk until it fits the cell's width with 4 px to spare.
  public func label(
    _ text: String, inCellAt x: Double, y: Double, width: Double, height: Double,
    size: Double = Style.textSize, color: Style.Color = Style.ink
  ) {
    var size = size
    while measure(text, size: size).width > width - 8 && size > 7 { size -= 0.5 }
    // Still too long at the smallest size: cut it and end it with an ellipsis.
    var shown = text
    while measure(shown, size: size).width > width - 4 && shown.count > 1 {
      shown = String(shown.dropLast(shown.hasSuffix("…") ? 2 : 1)) + "…"
    }
    if measure(shown, size: size).width > width - 4 { overflows.append(text) }
    self.text(shown, x: x + width / 2, y: y + height / 2 + size * 0.35, size: size, color: color)
  }
}
