import Diagrams
import Foundation
import Testing
import Traces

@testable import Seq2SeqCommand

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("figures", .serialized)
struct FigureTests {
  static let names = [
    "seq2seq-train", "seq2seq-details", "seq2seq-predict", "masked-loss", "loss-curve",
    "context-heatmap", "bleu", "token-lengths", "bleu-by-length",
  ]

  static var committedFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Figures")
  }

  @Test("`seq2seq figures` reproduces the committed Figures/ byte for byte")
  func reproducible() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FiguresCommand.parse(["--out", folder.path]).run()
    for name in Self.names {
      for ext in ["svg", "png"] {
        let made = try Data(contentsOf: folder.appendingPathComponent("\(name).\(ext)"))
        let committed = try Data(
          contentsOf: Self.committedFolder.appendingPathComponent("\(name).\(ext)"))
        #expect(
          made == committed, "\(name).\(ext) differs from Figures/; run `swift run seq2seq figures`"
        )
      }
    }
  }

  @Test("every committed SVG is XML of its size in px, every PNG has the matching pixel size")
  func svgAndPNG() throws {
    for name in Self.names {
      let svg = try Data(contentsOf: Self.committedFolder.appendingPathComponent("\(name).svg"))
      let parser = XMLParser(data: svg)
      #expect(parser.parse(), "\(name).svg is not well-formed XML")
      let text = String(decoding: svg, as: UTF8.self)
      let width = try #require(attribute("width", in: text))
      let height = try #require(attribute("height", in: text))
      #expect(width.hasSuffix("px") && height.hasSuffix("px"))
      let png = [UInt8](
        try Data(contentsOf: Self.committedFolder.appendingPathComponent("\(name).png")))
      #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
      let pixels = (bigEndian(png[16..<20]), bigEndian(png[20..<24]))
      #expect(pixels.0 == Int(Double(width.dropLast(2))!.rounded()))
      #expect(pixels.1 == Int(Double(height.dropLast(2))!.rounded()))
    }
  }

  static let trace = PredictionTrace(
    sourceTokens: ["go", "."],
    steps: [
      PredictionStep(
        input: "<bos>",
        top: [ScoredToken("va", 0.9), ScoredToken("cours", 0.05), ScoredToken("!", 0.01)]),
      PredictionStep(
        input: "va", top: [ScoredToken("!", 0.8), ScoredToken(".", 0.1), ScoredToken("?", 0.05)]),
      PredictionStep(
        input: "!",
        top: [ScoredToken("<eos>", 0.99), ScoredToken("!", 0.001), ScoredToken(".", 0.001)]),
    ], endedWithEOS: true, context: [0.1, -0.2])
  static let beams = BeamTrace(
    steps: [[Beam(tokens: ["va"], logProbability: -0.1)]], best: ["va", "!"])

  @Test("another sentence gives another drawing; the same input the same bytes")
  func inputChangesDrawing() throws {
    let first = try Figure.prediction(Self.trace, beams: Self.beams).svg()
    #expect(try Figure.prediction(Self.trace, beams: Self.beams).svg() == first)
    var other = Self.trace
    other.sourceTokens = ["hi", "."]
    other.steps[0].top[0] = ScoredToken("salut", 0.9)
    #expect(try Figure.prediction(other, beams: Self.beams).svg() != first)
    let png = try Figure.prediction(Self.trace, beams: Self.beams).png(scale: 2)
    #expect(
      bigEndian(png[16..<20]) == 2 * Int(Figure.prediction(Self.trace, beams: Self.beams).width))
  }

  @Test("no label overflows its cell, no text runs off the page, long tokens included")
  func textFits() throws {
    var long = Self.trace
    long.steps[0].top[0] = ScoredToken("anticonstitutionnellement", 0.5)
    let figures = [
      Figure.prediction(long, beams: Self.beams),
      Figure.maskedLoss(
        tokens: [["qu'est-ce", "que", "c'est", "?", "<eos>", "<pad>"]],
        losses: [[1, 2, 3, 4, 5, 6]],
        validLen: [5], sentenceLosses: [2.5]),
      Figure.lossCurve(losses: [3, 2, 1, 0.5]),
      Figure.contextHeatmap(sentences: ["go .", "i lost ."], vectors: [[0.5, -0.5], [1, -1]]),
      Figure.tokenLengths([(2, 10, 20), (3, 30, 5)]),
      Figure.bleuByLength([(2, 30, 4), (3, 10, 9)]),
      Figure.bleu(
        hypothesis: ["il", "est", "riche", "."], reference: ["il", "est", "calme", "."],
        matches: [[true, true, false, true], [true, false, false]], precisions: [0.75, 1.0 / 3],
        brevityPenalty: 1, score: 0.658),
    ]
    for figure in figures {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }

  @Test("the committed figures' layouts fit too")
  func committedLayoutsFit() throws {
    let data = try FigureData.small()
    for figure in try data.figures(sentence: "i lost .", pair: 5) {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }
}

func attribute(_ name: String, in svg: String) -> String? {
  guard let start = svg.range(of: " \(name)=\"") else { return nil }
  let rest = svg[start.upperBound...]
  return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

func bigEndian(_ bytes: some Collection<UInt8>) -> Int {
  bytes.reduce(0) { $0 << 8 | Int($1) }
}
