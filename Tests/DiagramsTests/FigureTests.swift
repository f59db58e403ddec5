import Diagrams
import Foundation
import TestSupport
import Testing
import Traces

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The renderer: the committed traces draw the committed `Figures/`, labels fit, another input
/// gives another drawing. Nothing here trains a model.
@Suite("figures drawn from traces")
struct FigureTests {
  static let names = [
    "seq2seq-train", "seq2seq-details", "seq2seq-predict", "masked-loss", "loss-curve",
    "context-heatmap", "bleu", "token-lengths", "bleu-by-length",
  ]

  static var committedFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Figures")
  }

  /// The renderer `Figures/` was drawn with: Debian 12's cairo and its DejaVu fonts. Elsewhere
  /// glyphs may land a fraction of a pixel away, so only the structure is compared.
  static var isReferenceRenderer: Bool {
    let debian = (try? String(contentsOfFile: "/etc/debian_version", encoding: .utf8)) ?? ""
    return debian.hasPrefix("12.") && Figure.cairoVersion == "1.16.0"
      && FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
  }

  static func committed(_ file: String, in folder: URL = committedFolder) throws -> Data {
    try Data(contentsOf: folder.appendingPathComponent(file))
  }

  /// `Figures/full/`: the figures of the full-corpus model (`Chapters/07b-the-whole-corpus.md`).
  static var runFolder: URL { committedFolder.appendingPathComponent("full") }
  /// `Figures/attention/`: the attention preset's model, the two-way encoder, beside the model of
  /// its `one-way/` folder and `Figures/full`'s (`Chapters/08-attention.md`).
  static var attentionFolder: URL { committedFolder.appendingPathComponent("attention") }

  /// `Figures/transformer/`: `--preset transformer`'s model beside the GRU's and the two-way
  /// attention's (`Chapters/10-transformer.md`).
  static var transformerFolder: URL { committedFolder.appendingPathComponent("transformer") }

  /// `Figures/your-translator/`: the reference solutions' translator beside the library's
  /// (`Chapters/09-putting-it-together.md`).
  static var translatorFolder: URL { committedFolder.appendingPathComponent("your-translator") }

  /// Every committed folder with the figures its traces draw and the names they must have.
  static func committedSets() throws -> [(folder: URL, figures: [Figure], names: [String])] {
    [
      (committedFolder, Figure.all(try FigureTraces.read(from: committedFolder)), names),
      (
        runFolder, Figure.all(try RunTraces.read(from: runFolder)),
        ["learning-curve", "bleu-by-length-test"]
      ),
      (
        attentionFolder, Figure.all(try RunTraces.read(from: attentionFolder)),
        ["learning-curve", "bleu-by-length-test", "attention-heatmap", "bleu-by-length-attention"]
      ),
      (
        attentionFolder.appendingPathComponent("one-way"),
        Figure.all(try RunTraces.read(from: attentionFolder.appendingPathComponent("one-way"))),
        ["learning-curve", "bleu-by-length-test", "attention-heatmap"]
      ),
      (
        transformerFolder, Figure.all(try RunTraces.read(from: transformerFolder)),
        [
          "learning-curve", "bleu-by-length-test", "attention-heatmap", "bleu-by-length-attention",
          "positional-encoding", "heads-encoder", "heads-decoder", "heads-cross",
        ]
      ),
      (
        translatorFolder, Figure.all(try TranslatorTraces.read(from: translatorFolder)),
        ["your-translator"]
      ),
    ]
  }

  @Test(
    "the committed traces draw the committed Figures/ byte for byte",
    .enabled(
      if: isReferenceRenderer,
      "byte for byte needs Debian 12's cairo 1.16.0 and fonts-dejavu-core; elsewhere the next test compares sizes and structure"
    ))
  func committedBytes() throws {
    for (folder, figures, names) in try Self.committedSets() {
      #expect(figures.map(\.name) == names)
      let redraw = "run `swift run seq2seq figures --from-traces \(folder.lastPathComponent)`"
      for figure in figures {
        #expect(
          try Data(figure.svg()) == Self.committed("\(figure.name).svg", in: folder),
          "\(figure.name).svg differs from \(folder.lastPathComponent)/: \(redraw)")
        #expect(
          try Data(figure.png()) == Self.committed("\(figure.name).png", in: folder),
          "\(figure.name).png differs from \(folder.lastPathComponent)/: \(redraw)")
      }
    }
  }

  @Test("the committed traces draw figures of the committed sizes, their labels fitting")
  func committedStructure() throws {
    for (folder, figures, _) in try Self.committedSets() {
      for figure in figures {
        let svg = String(
          decoding: try Self.committed("\(figure.name).svg", in: folder), as: UTF8.self)
        #expect(
          FigureFiles.attribute("width", in: svg) == "\(FigureFiles.size(figure.width))px",
          "\(figure.name)")
        #expect(
          FigureFiles.attribute("height", in: svg) == "\(FigureFiles.size(figure.height))px",
          "\(figure.name)")
        let png = [UInt8](try Self.committed("\(figure.name).png", in: folder))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(figure.name).png is not a PNG")
        #expect(
          FigureFiles.bigEndian(png[16..<20]) == Int(figure.width)
            && FigureFiles.bigEndian(png[20..<24]) == Int(figure.height),
          "\(figure.name).png: another pixel size than its figure")
        let drawn = String(decoding: try figure.svg(), as: UTF8.self)
        #expect(XMLParser(data: Data(drawn.utf8)).parse(), "\(figure.name).svg is not XML")
        #expect(
          drawn.components(separatedBy: "<path").count
            == svg.components(separatedBy: "<path").count,
          "\(figure.name).svg: another number of shapes than the committed one")
        #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
      }
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
      FigureFiles.bigEndian(png[16..<20]) == 2
        * Int(Figure.prediction(Self.trace, beams: Self.beams).width))
  }

  @Test("no label overflows its cell, no text runs off the page, long tokens included")
  func textFits() throws {
    var long = Self.trace
    long.steps[0].top[0] = ScoredToken("anticonstitutionnellement", 0.5)
    let figures = [
      Figure.prediction(long, beams: Self.beams),
      Figure.maskedLoss(
        MaskedLossTrace(
          tokens: [["qu'est-ce", "que", "c'est", "?", "<eos>", "<pad>"]],
          losses: [[1, 2, 3, 4, 5, 6]], validLen: [5], sentenceLosses: [2.5])),
      Figure.lossCurve(losses: [3, 2, 1, 0.5]),
      Figure.contextHeatmap(
        ContextTrace(sentences: ["go .", "i lost ."], vectors: [[0.5, -0.5], [1, -1]])),
      Figure.tokenLengths([
        LengthCount(length: 2, source: 10, target: 20),
        LengthCount(length: 3, source: 30, target: 5),
      ]),
      Figure.bleuByLength([
        LengthBLEU(length: 2, bleu: 30, count: 4), LengthBLEU(length: 3, bleu: 10, count: 9),
      ]),
      Figure.bleu(
        BLEUTrace(
          hypothesis: ["il", "est", "riche", "."], reference: ["il", "est", "calme", "."],
          matches: [[true, true, false, true], [true, false, false]], precisions: [0.75, 1.0 / 3],
          brevityPenalty: 1, score: 0.658)),
    ]
    for figure in figures {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }
}
