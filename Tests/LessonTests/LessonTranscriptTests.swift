import Foundation
import LessonSupport
import Testing

@testable import LessonBLEU
@testable import LessonContext
@testable import LessonDecoder
@testable import LessonEncoder
@testable import LessonMaskedLoss
@testable import LessonPrediction
@testable import LessonTeacherForcing

/// Every lesson's whole output against the transcript committed in `Expected/`, as
/// swift-argument-parser tests its examples. After a deliberate change to a lesson, run
/// `UPDATE_LESSON_TRANSCRIPTS=1 swift test --filter LessonTests` and review the diff.
@Suite("lesson transcripts")
struct LessonTranscriptTests {
  static var lessons: [(name: String, lesson: any Lesson.Type)] {
    [
      ("lesson-encoder", EncoderLesson.self),
      ("lesson-context", ContextLesson.self),
      ("lesson-decoder", DecoderLesson.self),
      ("lesson-masked-loss", MaskedLossLesson.self),
      ("lesson-teacher-forcing", TeacherForcingLesson.self),
      ("lesson-prediction", PredictionLesson.self),
      ("lesson-bleu", BLEULesson.self),
    ]
  }

  @Test("each lesson prints exactly its recorded transcript", arguments: 0..<7)
  func transcript(index: Int) throws {
    let (name, lesson) = Self.lessons[index]
    let output = try lesson.transcript()
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Expected/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_LESSON_TRANSCRIPTS"] != nil {
      try Data(output.utf8).write(to: file, options: .atomic)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    let (outputLines, expectedLines) = (
      output.split(separator: "\n", omittingEmptySubsequences: false),
      expected.split(separator: "\n", omittingEmptySubsequences: false)
    )
    for (number, (got, want)) in zip(outputLines, expectedLines).enumerated() where got != want {
      Issue.record("\(name) line \(number + 1):\n  expected: \(want)\n  got:      \(got)")
      return
    }
    #expect(outputLines.count == expectedLines.count, "\(name): line count differs")
  }

  @Test("the masked-loss lesson prints D2L's values")
  func maskedLossValues() throws {
    let output = try MaskedLossLesson.transcript()
    #expect(output.contains("[[1, 0, 0], [4, 5, 0]]"))
    #expect(output.contains("[2.3026, 1.1513, 0.0000]"))
  }

  @Test("the BLEU lesson prints D2L's three values")
  func bleuValues() throws {
    let output = try BLEULesson.transcript()
    for value in ["0.681477", "0.658037", "0.447214"] { #expect(output.contains(value)) }
  }

  @Test("the encoder and decoder lessons print D2L's shapes")
  func d2lShapes() throws {
    let encoder = try EncoderLesson.transcript()
    #expect(encoder.contains("outputs: (7, 4, 16)") && encoder.contains("state:   (2, 4, 16)"))
    let decoder = try DecoderLesson.transcript()
    #expect(decoder.contains("output: (4, 7, 10)") && decoder.contains("state:  (2, 4, 16)"))
  }
}
