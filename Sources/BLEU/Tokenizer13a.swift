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
      scalars += [" ", scalar, " "]
    } else {
      scalars.append(scalar)
    }
  }
  scalars.append(" ")
  // ([^0-9])([\.,]) -> "\1 \2 "
  scalars = substitutePairs(scalars) {
    !isDigit($0) && isPeriodOrComma($1)
  } with: {
    [$0, " ", $1, " "]
  }
  // ([\.,])([^0-9]) -> " \1 \2"
  scalars = substitutePairs(scalars) {
    isPeriodOrComma($0) && !isDigit($1)
  } with: {
    [" ", $0, " ", $1]
  }
  // ([0-9])(-) -> "\1 \2 "
  scalars = substitutePairs(scalars) {
    isDigit($0) && $1 == "-"
  } with: {
    [$0, " ", $1, " "]
  }
  return splitAtWhitespace(scalars)
}

/// The runs of non-whitespace scalars, as Python's `str.split()`.
func splitAtWhitespace(_ scalars: some Sequence<Unicode.Scalar>) -> [String] {
  var tokens: [String] = []
  var current = String.UnicodeScalarView()
  for scalar in scalars {
    if isPythonWhitespace(scalar) {
      if !current.isEmpty {
        tokens.append(String(current))
        current = String.UnicodeScalarView()
      }
    } else {
      current.append(scalar)
    }
  }
  if !current.isEmpty { tokens.append(String(current)) }
  return tokens
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

/// One pass of a two-character regular expression: left to right, non-overlapping, as
/// Python's `re.sub` scans.
private func substitutePairs(
  _ scalars: [Unicode.Scalar], matching matches: (Unicode.Scalar, Unicode.Scalar) -> Bool,
  with replacement: (Unicode.Scalar, Unicode.Scalar) -> [Unicode.Scalar]
) -> [Unicode.Scalar] {
  var result: [Unicode.Scalar] = []
  result.reserveCapacity(scalars.count + scalars.count / 2)
  var index = 0
  while index < scalars.count {
    if index + 1 < scalars.count, matches(scalars[index], scalars[index + 1]) {
      result += replacement(scalars[index], scalars[index + 1])
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
