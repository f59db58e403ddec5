import Foundation

/// What the figure tests read of an SVG and a PNG file.
public enum FigureFiles {
  /// A size as Cairo writes it in an SVG: `640` or `412.5`.
  public static func size(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value))" : "\(value)"
  }

  /// The value of the first attribute `name` in `svg`, e.g. `width` gives `640px`.
  public static func attribute(_ name: String, in svg: String) -> String? {
    guard let start = svg.range(of: " \(name)=\"") else { return nil }
    let rest = svg[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  /// A PNG's width (bytes 16..<20) or height (20..<24): big-endian bytes as a number.
  public static func bigEndian(_ bytes: some Collection<UInt8>) -> Int {
    bytes.reduce(0) { $0 << 8 | Int($1) }
  }
}
