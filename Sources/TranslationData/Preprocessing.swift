/// D2L's `preprocess_nmt`: replace the no-break spaces U+202F and U+00A0 with spaces, lowercase,
/// and put a space before `,` `.` `!` `?` where the character before is not a space.
///
/// D2L runs this on the whole file, so the first character of a line follows a newline and the
/// first character of a French sentence follows a tab: pass that character as `previous` to get
/// the same result line by line (`nil` for the very first character of the file).
///
/// ```
/// preprocessNMT("Go.\tVa\u{202F}!")  // "go .\tva !"
/// ```
public func preprocessNMT(_ text: String, after previous: Unicode.Scalar? = nil) -> String {
  var spaced = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    spaced.append(scalar == "\u{202F}" || scalar == "\u{A0}" ? " " : scalar)
  }
  let lowered = String(spaced).lowercased()
  var result = String.UnicodeScalarView()
  var before = previous
  for scalar in lowered.unicodeScalars {
    if ",.!?".unicodeScalars.contains(scalar), let before, before != " " {
      result.append(" ")
    }
    result.append(scalar)
    before = scalar
  }
  return String(result)
}

/// D2L's word tokenisation: split at every single space, as Python's `str.split(' ')`, so two
/// spaces in a row give an empty token, exactly as in the book.
public func tokenizeNMT(_ sentence: String) -> [String] {
  sentence.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
}
