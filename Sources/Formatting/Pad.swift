/// `text` padded with spaces to `width` characters (at least one space after it), for columns.
public func pad(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: max(width - text.count, 1))
}
