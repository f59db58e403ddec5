import TestSupport
import Testing

/// The comparison every transcript test uses: words exact, numbers within their tolerance.
@Suite("transcript comparison")
struct TranscriptComparisonTests {
  static let recorded = """
    outputs: (7, 4, 16)
    c[0][0..<3] = [-0.6882, 0.0004]
    step 100: loss per token 0.2609, right 470/1000
    """
  static let tolerance = TranscriptTolerance(trainedLines: ["step "])

  func differs(_ got: String) -> Bool {
    transcriptDifference(got: got, expected: Self.recorded, tolerance: Self.tolerance) != nil
  }

  @Test("the same text passes, and so do last-digit and trained-line differences")
  func allowed() {
    #expect(!differs(Self.recorded))
    #expect(!differs(Self.recorded.replacing("-0.6882", with: "-0.6883")))
    #expect(!differs(Self.recorded.replacing("0.0004", with: "0.0003")))
    #expect(!differs(Self.recorded.replacing("0.2609", with: "0.2650")))
    #expect(!differs(Self.recorded.replacing("470/1000", with: "465/1000")))
  }

  @Test("a word, a shape, a digit count, a line or a number out of tolerance fails")
  func refused() {
    #expect(differs(Self.recorded.replacing("outputs", with: "output")))
    #expect(differs(Self.recorded.replacing("(7, 4, 16)", with: "(7, 4, 17)")))
    #expect(differs(Self.recorded.replacing("-0.6882", with: "-0.6884")))
    #expect(differs(Self.recorded.replacing("-0.6882", with: "0.6882")))
    #expect(differs(Self.recorded.replacing("0.2609", with: "0.261")))
    #expect(differs(Self.recorded.replacing("0.2609", with: "0.2700")))
    #expect(differs(Self.recorded.replacing("470/1000", with: "450/1000")))
    #expect(differs(Self.recorded + "\nmore"))
    #expect(differs(String(Self.recorded.dropLast(10))))
  }

  @Test("the message names the line, what was expected and what came")
  func message() throws {
    let message = try #require(
      transcriptDifference(
        got: Self.recorded.replacing("0.0004", with: "0.0010"), expected: Self.recorded))
    #expect(
      message == """
        line 2:
          expected: c[0][0..<3] = [-0.6882, 0.0004]
          got:      c[0][0..<3] = [-0.6882, 0.0010]
        """)
  }
}
