/// The figures' style sheet: D2L's visual language (light-blue encoder cells, white decoder cells,
/// thin dark strokes), in one place.
public enum Style {
  /// An RGB colour, components 0...1.
  public struct Color: Sendable, Equatable {
    /// Red, green, blue.
    public var red, green, blue: Double

    /// A colour from 0-255 components, as written in CSS.
    public init(_ red: Int, _ green: Int, _ blue: Int) {
      self.red = Double(red) / 255
      self.green = Double(green) / 255
      self.blue = Double(blue) / 255
    }

    /// The colour a fraction `t` (0...1) of the way to `other`.
    public func mixed(with other: Color, _ t: Double) -> Color {
      var result = self
      result.red += (other.red - red) * t
      result.green += (other.green - green) * t
      result.blue += (other.blue - blue) * t
      return result
    }
  }

  /// D2L's encoder cells, #B2D9FF.
  public static let encoder = Color(0xB2, 0xD9, 0xFF)
  /// Decoder cells.
  public static let decoder = Color(255, 255, 255)
  /// The context variable and its arrows.
  public static let context = Color(0xFF, 0xB8, 0x6C)
  /// Strokes and text.
  public static let ink = Color(0x1F, 0x2A, 0x37)
  /// Secondary text: shapes, probabilities.
  public static let muted = Color(0x6B, 0x72, 0x80)
  /// Padding and masked positions.
  public static let masked = Color(0xE5, 0xE7, 0xEB)
  /// Matches, correct predictions.
  public static let good = Color(0x86, 0xEF, 0xAC)
  /// Mismatches, wrong predictions.
  public static let bad = Color(0xFC, 0xA5, 0xA5)
  /// The page.
  public static let background = Color(255, 255, 255)
  /// A diverging scale's ends, for heatmaps: negative, positive.
  public static let negative = Color(0x25, 0x63, 0xEB)
  /// The positive end of the diverging scale.
  public static let positive = Color(0xDC, 0x26, 0x26)

  /// The font of every label (comes with Debian's fonts-dejavu-core).
  public static let font = "DejaVu Sans"
  /// Body text size, px.
  public static let textSize = 13.0
  /// Small text (shapes, probabilities), px.
  public static let smallSize = 10.5
  /// Title size, px.
  public static let titleSize = 15.0
  /// Stroke width, px.
  public static let stroke = 1.2
  /// Corner radius of cells, px.
  public static let radius = 5.0
  /// Margin around a figure, px.
  public static let margin = 20.0
  /// Cell size in the sequence diagrams, px.
  public static let cell = (width: 64.0, height: 30.0)
  /// Horizontal gap between cells, px.
  public static let gap = 14.0
}
