import Foundation

/// `value` with `digits` decimals: `fixed(0.01934, 3)` is `0.019`.
func fixed(_ value: Double, _ digits: Int) -> String {
  String(format: "%.\(digits)f", value)
}

/// `text` padded with spaces to `width` characters (at least one space after it).
func pad(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: max(width - text.count, 1))
}
