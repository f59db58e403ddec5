/// `text` with each control character written as an escape (`\n`, `\t`, `\r`, `\u{1B}`), so that
/// a message naming a path or a word that holds one stays on one line and shows it.
public func escapingControlCharacters(_ text: String) -> String {
  var escaped = ""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n": escaped += "\\n"
    case "\t": escaped += "\\t"
    case "\r": escaped += "\\r"
    case _ where scalar.properties.generalCategory == .control:
      escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    default: escaped.unicodeScalars.append(scalar)
    }
  }
  return escaped
}
