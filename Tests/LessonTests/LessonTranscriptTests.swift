import Foundation
import LessonSupport
import TestSupport
import Testing

@testable import LessonAttention
@testable import LessonBLEU
@testable import LessonContext
@testable import LessonDecoder
@testable import LessonEncoder
@testable import LessonMaskedLoss
@testable import LessonPrediction
@testable import LessonTeacherForcing
@testable import LessonTransformer

/// Every lesson's whole output against the transcript committed in `Expected/`, as
/// swift-argument-parser tests its examples: every word exactly, every number within a tolerance
/// that fits it (`TranscriptTolerance`), so that the transcripts recorded on one machine hold on
/// any other, whose BLAS kernel rounds differently. After a deliberate change to a lesson, run
/// `UPDATE_LESSON_TRANSCRIPTS=1 swift test --filter LessonTests` and review the diff.
@Suite("lesson transcripts")
struct LessonTranscriptTests {
  /// The lessons, and the lines of each whose numbers come out of training (2% relative: on
  /// eight OpenBLAS kernels the largest difference seen was under 0.3%).
  static var lessons: [(name: String, lesson: any Lesson.Type, trainedLines: [String])] {
    [
      ("lesson-encoder", EncoderLesson.self, []),
      ("lesson-context", ContextLesson.self, []),
      ("lesson-decoder", DecoderLesson.self, ["step ", "translations equal", "c fixed "]),
      ("lesson-masked-loss", MaskedLossLesson.self, []),
      (
        "lesson-teacher-forcing", TeacherForcingLesson.self,
        [
          "teacher forcing (gold)", "own predictions", "scheduled sampling", "1 ", "5 ", "10 ",
          "15 ", "20 ", "Held out: lowest",
        ]
      ),
      (
        "lesson-prediction", PredictionLesson.self,
        ["100 pairs", "step ", "i lost .", "i'm ok .", "we won ."]
      ),
      ("lesson-bleu", BLEULesson.self, []),
      ("lesson-attention", AttentionLesson.self, []),
      ("lesson-transformer", TransformerLesson.self, []),
    ]
  }

  @Test("each lesson prints exactly its recorded transcript", arguments: 0..<9)
  func transcript(index: Int) throws {
    let (name, lesson, _) = Self.lessons[index]
    let output = try lesson.transcript()
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Expected/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_LESSON_TRANSCRIPTS"] != nil {
      try Data(output.utf8).write(to: file, options: .atomic)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    let tolerance = TranscriptTolerance(trainedLines: Self.lessons[index].trainedLines)
    if let difference = transcriptDifference(got: output, expected: expected, tolerance: tolerance)
    {
      Issue.record("\(name) \(difference)")
    }
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
    let attention = try AttentionLesson.transcript()
    #expect(attention.contains("logits: (4, 7, 10), state: (2, 4, 16), weights: (4, 7, 7)"))
    #expect(attention.contains("sum of the weights: 1.000; beyond the valid length all 0: true"))
  }

  @Test("the Transformer lesson prints D2L's shapes and values, and the cache growing")
  func transformerShapes() throws {
    let output = try TransformerLesson.transcript()
    #expect(output.contains("[[[2.0, 3.0, 4.0, 5.0]], [[10.0, 11.0, 12.0, 13.0]]]"))
    #expect(output.contains("output after merging: (2, 4, 100)"))
    #expect(output.contains("X (2, 100, 24) -> (2, 100, 24)"))
    #expect(output.contains("step 4: one query; block 1's cached self-attention keys (1, 8, 4, 3)"))
  }
}
