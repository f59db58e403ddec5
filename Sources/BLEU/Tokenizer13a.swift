/// sacrebleu's default tokenizer, "13a" (mteval-v13a.pl, used by WMT), as a scanner instead of
/// regular expressions but with the same result on every input:
///
/// 1. remove `<skipped>`, join `-\n` line breaks, newlines become spaces;
/// 2. unescape `&quot;` `&amp;` `&lt;` `&gt;`, in that order;
/// 3. put spaces around ASCII punctuation and symbols except `' - . ,` (and digits, letters);
/// 4. split `.` and `,` off unless between digits; split `-` after a digit;
/// 5. split at whitespace.
///
/// ```
/// tokenize13a("Hello, world! It's 3.14-ish.")
/// // ["Hello", ",", "world", "!", "It's", "3.14", "-", "ish", "."]
/// ```
public func tokenize13a(_ line: some StringProtocol) -> [String] {
  let (scalars, tokens) = tokenize13aRuns(line)
  return tokens.map { String(String.UnicodeScalarView(scalars[$0])) }
}

/// 13a's tokens as runs of code points: the tokenised text and each token's range in it. Corpus
/// BLEU compares these directly, as Python compares strings: code point by code point.
func tokenize13aRuns(_ line: some StringProtocol) -> (
  scalars: [Unicode.Scalar], tokens: [Range<Int>]
) {
  // Python's str.replace works on code points, so this does too (Swift's String would compare
  // whole characters, which differ once combining marks are involved).
  var text = Array(line.unicodeScalars)
  text = replaceAll(text, "<skipped>", "")
  text = replaceAll(replaceAll(text, "-\n", ""), "\n", " ")
  if text.contains("&") {
    for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
      text = replaceAll(text, entity, character)
    }
  }
  var scalars: [Unicode.Scalar] = [" "]
  scalars.reserveCapacity(text.count * 2 + 2)
  // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> " \1 "
  for scalar in text {
    if isSeparatedSymbol(scalar) {
      scalars.append(" ")
      scalars.append(scalar)
      scalars.append(" ")
    } else {
      scalars.append(scalar)
    }
  }
  scalars.append(" ")
  // ([^0-9])([\.,]) -> "\1 \2 "
  scalars = substitutePairs(scalars, spaced: .afterEach) {
    !isDigit($0) && isPeriodOrComma($1)
  }
  // ([\.,])([^0-9]) -> " \1 \2"
  scalars = substitutePairs(scalars, spaced: .beforeEach) {
    isPeriodOrComma($0) && !isDigit($1)
  }
  // ([0-9])(-) -> "\1 \2 "
  scalars = substitutePairs(scalars, spaced: .afterEach) {
    isDigit($0) && $1 == "-"
  }
  return (scalars, whitespaceRuns(scalars))
}

/// The ranges of the runs of non-whitespace scalars: the tokens of Python's `str.split()`.
func whitespaceRuns(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
  var runs: [Range<Int>] = []
  var start: Int? = nil
  for (index, scalar) in scalars.enumerated() {
    if isPythonWhitespace(scalar) {
      if let first = start { runs.append(first..<index) }
      start = nil
    } else if start == nil {
      start = index
    }
  }
  if let first = start { runs.append(first..<scalars.count) }
  return runs
}

/// Every occurrence of `pattern` replaced, left to right and without overlaps, as Python's
/// `str.replace`.
private func replaceAll(
  _ scalars: [Unicode.Scalar], _ pattern: String, _ replacement: String
) -> [Unicode.Scalar] {
  let pattern = Array(pattern.unicodeScalars)
  guard let first = pattern.first, scalars.contains(first) else { return scalars }
  var result: [Unicode.Scalar] = []
  result.reserveCapacity(scalars.count)
  var index = 0
  while index < scalars.count {
    if scalars[index] == first, scalars[index...].starts(with: pattern) {
      result += replacement.unicodeScalars
      index += pattern.count
    } else {
      result.append(scalars[index])
      index += 1
    }
  }
  return result
}

/// Where a substitution puts spaces around the two scalars it matched.
private enum Spacing {
  /// "\1 \2 "
  case afterEach
  /// " \1 \2"
  case beforeEach
}

/// One pass of a two-character regular expression whose replacement spaces out the pair: left to
/// right, non-overlapping, as Python's `re.sub` scans.
private func substitutePairs(
  _ scalars: [Unicode.Scalar], spaced spacing: Spacing,
  matching matches: (Unicode.Scalar, Unicode.Scalar) -> Bool
) -> [Unicode.Scalar] {
  var result: [Unicode.Scalar] = []
  result.reserveCapacity(scalars.count + scalars.count / 2)
  var index = 0
  while index < scalars.count {
    if index + 1 < scalars.count, matches(scalars[index], scalars[index + 1]) {
      for scalar in scalars[index...(index + 1)] {
        if spacing == .beforeEach { result.append(" ") }
        result.append(scalar)
        if spacing == .afterEach { result.append(" ") }
      }
      index += 2
    } else {
      result.append(scalars[index])
      index += 1
    }
  }
  return result
}

/// The characters 13a surrounds with spaces: `{|}~ [\]^_` and backquote, space to `&`,
/// `()*+`, `:;<=>?@`, `/`.
@inline(__always)
private func isSeparatedSymbol(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
  default: false
  }
}

@inline(__always)
private func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

@inline(__always)
private func isPeriodOrComma(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "," }
