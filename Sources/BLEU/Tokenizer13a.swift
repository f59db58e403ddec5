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
  let (bytes, tokens) = tokenize13aRuns(line)
  return tokens.map { String(decoding: bytes[$0], as: UTF8.self) }
}

/// 13a's tokens as runs of UTF-8 bytes: the tokenised text and each token's range in it.
///
/// Every rule of 13a is about ASCII characters, and no byte of a multi-byte UTF-8 sequence is
/// ASCII, so the rules run on the bytes as they would on code points (Python's `str.replace` and
/// `re.sub` work on code points; Swift's `String` would compare whole characters instead). Equal
/// byte runs are equal code point sequences, which is how Python compares the tokens.
func tokenize13aRuns(_ line: some StringProtocol) -> (bytes: [UInt8], tokens: [Range<Int>]) {
  var text = Array(line.utf8)
  text = replaceAll(text, "<skipped>", "")
  text = replaceAll(replaceAll(text, "-\n", ""), "\n", " ")
  if text.contains(UInt8(ascii: "&")) {
    for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
      text = replaceAll(text, entity, character)
    }
  }
  let space = UInt8(ascii: " ")
  var bytes: [UInt8] = [space]
  bytes.reserveCapacity(text.count * 2 + 2)
  // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> " \1 "
  for byte in text {
    if isSeparatedSymbol(byte) {
      bytes.append(space)
      bytes.append(byte)
      bytes.append(space)
    } else {
      bytes.append(byte)
    }
  }
  bytes.append(space)
  // ([^0-9])([\.,]) -> "\1 \2 "
  bytes = substitutePairs(bytes, spaced: .afterEach) {
    !isDigit($0) && isPeriodOrComma($1)
  }
  // ([\.,])([^0-9]) -> " \1 \2"
  bytes = substitutePairs(bytes, spaced: .beforeEach) {
    isPeriodOrComma($0) && !isDigit($1)
  }
  // ([0-9])(-) -> "\1 \2 "
  bytes = substitutePairs(bytes, spaced: .afterEach) {
    isDigit($0) && $1 == UInt8(ascii: "-")
  }
  return (bytes, whitespaceRuns(bytes))
}

/// The ranges of the runs of non-whitespace scalars in UTF-8 `bytes`: the tokens of Python's
/// `str.split()`. Multi-byte scalars are decoded, since a few of them are whitespace (U+00A0...).
func whitespaceRuns(_ bytes: [UInt8]) -> [Range<Int>] {
  var runs: [Range<Int>] = []
  var start: Int? = nil
  var index = 0
  while index < bytes.count {
    let (scalar, length) = decodeScalar(bytes, at: index)
    if isPythonWhitespace(scalar) {
      if let first = start { runs.append(first..<index) }
      start = nil
    } else if start == nil {
      start = index
    }
    index += length
  }
  if let first = start { runs.append(first..<bytes.count) }
  return runs
}

/// The scalar whose valid UTF-8 encoding starts at `bytes[index]`, and its length in bytes.
@inline(__always)
private func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
  let lead = UInt32(bytes[index])
  guard lead >= 0x80 else { return (Unicode.Scalar(UInt8(lead)), 1) }
  let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
  var value = lead & (0x7F >> length)
  for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
  return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
}

/// Every occurrence of `pattern` replaced, left to right and without overlaps, as Python's
/// `str.replace`.
private func replaceAll(_ bytes: [UInt8], _ pattern: String, _ replacement: String) -> [UInt8] {
  let pattern = Array(pattern.utf8)
  guard let first = pattern.first, bytes.contains(first) else { return bytes }
  var result: [UInt8] = []
  result.reserveCapacity(bytes.count)
  var index = 0
  while index < bytes.count {
    if bytes[index] == first, bytes[index...].starts(with: pattern) {
      result += replacement.utf8
      index += pattern.count
    } else {
      result.append(bytes[index])
      index += 1
    }
  }
  return result
}

/// Where a substitution puts spaces around the two characters it matched.
private enum Spacing {
  /// "\1 \2 "
  case afterEach
  /// " \1 \2"
  case beforeEach
}

/// One pass of a two-character regular expression whose replacement spaces out the pair: left to
/// right, non-overlapping, as Python's `re.sub` scans.
private func substitutePairs(
  _ bytes: [UInt8], spaced spacing: Spacing, matching matches: (UInt8, UInt8) -> Bool
) -> [UInt8] {
  let space = UInt8(ascii: " ")
  var result: [UInt8] = []
  result.reserveCapacity(bytes.count + bytes.count / 2)
  var index = 0
  while index < bytes.count {
    if index + 1 < bytes.count, matches(bytes[index], bytes[index + 1]) {
      for byte in bytes[index...(index + 1)] {
        if spacing == .beforeEach { result.append(space) }
        result.append(byte)
        if spacing == .afterEach { result.append(space) }
      }
      index += 2
    } else {
      result.append(bytes[index])
      index += 1
    }
  }
  return result
}

/// The characters 13a surrounds with spaces: `{|}~ [\]^_` and backquote, space to `&`,
/// `()*+`, `:;<=>?@`, `/`.
@inline(__always)
private func isSeparatedSymbol(_ byte: UInt8) -> Bool {
  switch byte {
  case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
  default: false
  }
}

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool {
  (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}

@inline(__always)
private func isPeriodOrComma(_ byte: UInt8) -> Bool {
  byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
}
