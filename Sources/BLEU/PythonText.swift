/// Python's notion of whitespace (`str.isspace`), which sacrebleu's `split()` and `rstrip()` use:
/// Unicode category Zs or bidirectional class WS, B or S. It includes the file separators
/// U+001C...U+001F, which Unicode's White_Space property does not.
@inline(__always)
func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
    0x205F, 0x3000:
    true
  default:
    false
  }
}

/// `line` without trailing whitespace, as Python's `str.rstrip()`.
func pythonRStrip(_ line: Substring) -> Substring {
  var scalars = line.unicodeScalars
  while let last = scalars.last, isPythonWhitespace(last) { scalars.removeLast() }
  return Substring(scalars)
}
