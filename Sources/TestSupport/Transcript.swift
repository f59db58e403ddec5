// Comparing a program's printed output with a recorded transcript across machines: another CPU's
// BLAS kernel sums in another order, so the last digits of computed numbers may differ, but the
// words, the shapes and the counts may not.

/// How closely the numbers of a transcript must match the recorded ones.
///
/// Text is compared exactly, and so are integers (shapes, counts, ids). A decimal printed with d
/// digits may differ by one unit in its last place (10^-d: true values a hair apart can round
/// either way) plus `relative` times its size. Lines whose numbers come out of training carry a
/// looser relative tolerance, which then covers their integers too (a count of right
/// translations): a few thousand rounding differences add up over the steps.
public struct TranscriptTolerance: Sendable {
  /// The relative tolerance of a decimal computed without training (one forward pass).
  public var relative: Double
  /// Lines (recognised by how they start, leading spaces ignored) whose numbers come from a
  /// trained model, and their relative tolerance.
  public var trainedLines: [String]
  /// The relative tolerance of the numbers on `trainedLines`.
  public var trainedRelative: Double

  /// A tolerance: 1e-4 for what one forward pass computes, `trainedRelative` for `trainedLines`.
  public init(relative: Double = 1e-4, trainedLines: [String] = [], trainedRelative: Double = 0.02)
  {
    self.relative = relative
    self.trainedLines = trainedLines
    self.trainedRelative = trainedRelative
  }

  /// How far `got` may be from `want`, a number of `line` (as recorded) with `digits` decimals.
  func allowed(_ want: Double, digits: Int, on line: Substring) -> Double {
    let start = line.drop { $0 == " " }
    let trained = trainedLines.contains { start.hasPrefix($0) }
    let lastPlace = (0..<digits).reduce(1.0) { unit, _ in unit / 10 }
    switch (trained, digits) {
    case (false, 0): return 0
    case (false, _): return lastPlace + relative * abs(want)
    case (true, 0): return trainedRelative * abs(want)
    case (true, _): return lastPlace + trainedRelative * abs(want)
    }
  }
}

/// A line split into its text and its numbers: `"loss 0.261 after 100"` is the text
/// `"loss # after #"` and the numbers `0.261` (3 digits) and `100`.
struct TranscriptLine {
  /// The line with every number replaced by `#`.
  var text = ""
  /// The numbers, each with its digits after the point (0 for an integer).
  var numbers: [(value: Double, digits: Int)] = []

  init(_ line: Substring) {
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      let next = line.index(after: index)
      let startsNumber =
        character.isASCII && character.isNumber
        || character == "-" && next < line.endIndex && line[next].isASCII && line[next].isNumber
      guard startsNumber else {
        text.append(character)
        index = next
        continue
      }
      var end = next
      while end < line.endIndex, line[end].isASCII, line[end].isNumber {
        end = line.index(after: end)
      }
      var digits = 0
      if end < line.endIndex, line[end] == ".", line.index(after: end) < line.endIndex,
        line[line.index(after: end)].isASCII, line[line.index(after: end)].isNumber
      {
        end = line.index(after: end)
        while end < line.endIndex, line[end].isASCII, line[end].isNumber {
          end = line.index(after: end)
          digits += 1
        }
      }
      numbers.append((Double(line[index..<end])!, digits))
      text.append("#")
      index = end
    }
  }
}

/// The first difference between `got` and `expected` that `tolerance` does not allow, as a
/// message naming the line with both versions; `nil` when the transcripts agree.
public func transcriptDifference(
  got: String, expected: String, tolerance: TranscriptTolerance = TranscriptTolerance()
) -> String? {
  let gotLines = got.split(separator: "\n", omittingEmptySubsequences: false)
  let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
  for (number, (gotLine, expectedLine)) in zip(gotLines, expectedLines).enumerated() {
    let (a, b) = (TranscriptLine(gotLine), TranscriptLine(expectedLine))
    let close =
      a.text == b.text && a.numbers.count == b.numbers.count
      && zip(a.numbers, b.numbers).allSatisfy { got, want in
        let allowed = tolerance.allowed(want.value, digits: want.digits, on: expectedLine)
        return got.digits == want.digits && abs(got.value - want.value) <= allowed * (1 + 1e-9)
      }
    if !close {
      return "line \(number + 1):\n  expected: \(expectedLine)\n  got:      \(gotLine)"
    }
  }
  guard gotLines.count == expectedLines.count else {
    return "expected \(expectedLines.count) lines, got \(gotLines.count)"
  }
  return nil
}
