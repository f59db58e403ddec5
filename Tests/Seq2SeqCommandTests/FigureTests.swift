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
  /// `Figures/attention/`: the same with attention, beside it (`Chapters/08-attention.md`).
  static var attentionFolder: URL { committedFolder.appendingPathComponent("attention") }

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
        #expect(attribute("width", in: svg) == "\(fixed(figure.width))px", "\(figure.name)")
        #expect(attribute("height", in: svg) == "\(fixed(figure.height))px", "\(figure.name)")
        let png = [UInt8](try Self.committed("\(figure.name).png", in: folder))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(figure.name).png is not a PNG")
        #expect(
          bigEndian(png[16..<20]) == Int(figure.width)
            && bigEndian(png[20..<24]) == Int(figure.height),
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

  @Test("the committed traces files are what the writers write, and read back to the same values")
  func tracesRoundTrip() throws {
    let file = try Self.committed(FigureTraces.fileName)
    let traces = try FigureTraces.read(from: Self.committedFolder)
    #expect(try traces.json() == file)
    #expect(try JSONDecoder().decode(FigureTraces.self, from: traces.json()) == traces)
    for folder in [Self.runFolder, Self.attentionFolder] {
      let runFile = try Self.committed(RunTraces.fileName, in: folder)
      let run = try RunTraces.read(from: folder)
      #expect(try run.json() == runFile)
      #expect(try JSONDecoder().decode(RunTraces.self, from: run.json()) == run)
    }
  }

  @Test("`seq2seq figures` trains, records and draws: every file, valid, the labels fitting")
  func liveRun() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID())")
    let redrawn = folder.appendingPathComponent("redrawn")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FiguresCommand.parse(["--out", folder.path, "--epochs", "30"]).run()
    let traces = try FigureTraces.read(from: folder)
    for figure in Figure.all(traces) {
      let svg = try Data(contentsOf: folder.appendingPathComponent("\(figure.name).svg"))
      #expect(XMLParser(data: svg).parse(), "\(figure.name).svg is not well-formed XML")
      let text = String(decoding: svg, as: UTF8.self)
      #expect(attribute("width", in: text) == "\(fixed(figure.width))px")
      let png = [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(figure.name).png")))
      #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
      #expect(
        bigEndian(png[16..<20]) == Int(figure.width)
          && bigEndian(png[20..<24]) == Int(figure.height))
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
    #expect(traces.losses.count == 30 && traces.losses.last! < traces.losses.first! / 3)
    // The traces hold everything a figure shows: drawn again from them, the same bytes.
    try FiguresCommand.parse(["--from-traces", folder.path, "--out", redrawn.path]).run()
    for name in Self.names {
      for ext in ["svg", "png"] {
        let (live, again) = (
          try Data(contentsOf: folder.appendingPathComponent("\(name).\(ext)")),
          try Data(contentsOf: redrawn.appendingPathComponent("\(name).\(ext)"))
        )
        #expect(live == again, "\(name).\(ext) drawn from its traces differs from the live one")
      }
    }
  }

  @Test("a model trained on other data than the shipped corpus is refused in one line")
  func modelOfOtherData() throws {
    let folder = temporaryFolder("figures-other")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("other.txt").path
    try "Hello.\tBonjour.\nGo away.\tVa-t-en.\nCat.\tChat.\n".write(
      toFile: data, atomically: true, encoding: .utf8)
    let model = folder.appendingPathComponent("other.ckpt").path
    let trained = quietly {
      Seq2SeqCommand.outcome(of: [
        "train", "--data", data, "--epochs", "1", "--num-examples", "2", "--out", model,
      ])
    }
    #expect(trained.status == 0, "\(trained.message)")
    let (status, message) = quietly {
      Seq2SeqCommand.outcome(of: [
        "figures", "--model", model, "--out", folder.appendingPathComponent("out").path,
      ])
    }
    #expect(
      status == 1 && message.hasPrefix("Error: \(model): trained on other data"), "\(message)")
  }

  @Test("traces that are missing or damaged are refused with one line naming the file")
  func badTraces() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traces-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent(FigureTraces.fileName).path
    for (content, reason) in [
      (nil, "no such file"), ("{", "not valid trace JSON"), ("{}", "missing"),
      (#"{"losses": "high"}"#, "missing"),
    ] {
      if let content { try content.write(toFile: file, atomically: true, encoding: .utf8) }
      do {
        _ = try FigureTraces.read(from: folder)
        Issue.record("\(content ?? "no file") was read as traces")
      } catch {
        let message = "\(error)"
        #expect(
          message.hasPrefix(file) && message.contains(reason) && !message.contains("\n"),
          "\(message)")
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
      bigEndian(png[16..<20]) == 2 * Int(Figure.prediction(Self.trace, beams: Self.beams).width))
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

  @Test("an untrained model's long, random translations fit the layouts too")
  func untrainedLayoutsFit() throws {
    let data = try FigureData.small()
    for figure in Figure.all(try data.traces(sentence: "i lost .", pair: 5)) {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }
}

/// A size as Cairo writes it in an SVG: `640` or `412.5`.
func fixed(_ value: Double) -> String {
  value == value.rounded() ? "\(Int(value))" : "\(value)"
}

func attribute(_ name: String, in svg: String) -> String? {
  guard let start = svg.range(of: " \(name)=\"") else { return nil }
  let rest = svg[start.upperBound...]
  return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

func bigEndian(_ bytes: some Collection<UInt8>) -> Int {
  bytes.reduce(0) { $0 << 8 | Int($1) }
}
