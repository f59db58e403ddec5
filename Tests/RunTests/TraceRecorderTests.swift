import Diagrams
import EncoderDecoder
import Foundation
import Run
import TestSupport
import Testing
import Traces

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The trace recorder: a live run's traces draw valid figures whose labels fit, and drawn again
/// from the traces they are the same bytes.
@Suite("the trace recorder", .serialized)
struct TraceRecorderTests {
  static let names = [
    "seq2seq-train", "seq2seq-details", "seq2seq-predict", "masked-loss", "loss-curve",
    "context-heatmap", "bleu", "token-lengths", "bleu-by-length",
  ]

  @Test("D2L's model trained, recorded and drawn: every file, valid, the labels fitting")
  func liveRun() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID())")
    let redrawn = folder.appendingPathComponent("redrawn")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (model, dataset, losses) = try D2L.loadOrTrain(
      nil, epochs: 30, every: 10, eta: true, indent: "", say: { _ in })
    let recorded = try TraceRecorder(model: model, dataset: dataset, losses: losses).traces(
      sentence: "i lost .", pair: 577)
    try Figure.write(Figure.all(recorded), drawnFrom: recorded, to: folder)
    let traces = try FigureTraces.read(from: folder)
    #expect(traces == recorded)
    for figure in Figure.all(traces) {
      let svg = try Data(contentsOf: folder.appendingPathComponent("\(figure.name).svg"))
      #expect(XMLParser(data: svg).parse(), "\(figure.name).svg is not well-formed XML")
      let text = String(decoding: svg, as: UTF8.self)
      #expect(FigureFiles.attribute("width", in: text) == "\(FigureFiles.size(figure.width))px")
      let png = [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(figure.name).png")))
      #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
      #expect(
        FigureFiles.bigEndian(png[16..<20]) == Int(figure.width)
          && FigureFiles.bigEndian(png[20..<24]) == Int(figure.height))
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
    #expect(traces.losses.count == 30 && traces.losses.last! < traces.losses.first! / 3)
    // The traces hold everything a figure shows: drawn again from them, the same bytes.
    try Figure.write(Figure.all(traces), drawnFrom: traces, to: redrawn)
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

  @Test("an untrained model's long, random translations fit the layouts too")
  func untrainedLayoutsFit() throws {
    let data = try TraceRecorder.untrained()
    for figure in Figure.all(try data.traces(sentence: "i lost .", pair: 5)) {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }

  @Test("a Transformer's figures: its blocks in the model's figure, no context heatmap, labels fit")
  func transformerFigures() throws {
    let dataset = try D2L.dataset()
    let model = try EncoderDecoder(
      RunConfiguration.d2lTransformer.model(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
        numSteps: dataset.numSteps),
      seed: 0)
    let traces = try TraceRecorder(model: model, dataset: dataset, losses: [1, 0.5]).traces(
      sentence: "i lost .", pair: 5)
    #expect(traces.model.handoff == "keys, values")
    #expect(traces.model.layers.map(\.name).contains("2 decoder blocks"))
    #expect(
      !traces.teacherForcing.contextToEveryInput && !traces.teacherForcing.contextToInitialState)
    let names = Figure.all(traces).map(\.name)
    #expect(!names.contains("context-heatmap") && names.contains("attention-heatmap"))
    #expect(
      ["positional-encoding", "heads-encoder", "heads-decoder", "heads-cross"].allSatisfy(
        names.contains))
    // Every head of every block: rows summing to 1, the decoder's nothing above the diagonal.
    let trace = try #require(traces.transformer)
    #expect(trace.encoder.count == 2 && trace.encoder.allSatisfy { $0.count == 4 })
    #expect(trace.source == ["i", "lost", ".", "<eos>"] && trace.target.first == "<bos>")
    for head in trace.decoderSelf.joined() {
      for (row, weights) in head.enumerated() {
        #expect(abs(weights.reduce(0, +) - 1) < 1e-4)
        #expect(weights.dropFirst(row + 1).allSatisfy { $0 == 0 }, "row \(row): \(weights)")
      }
    }
    #expect(trace.cross.joined().joined().allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 })
    #expect(
      trace.positionalEncoding.count == 60 && trace.positionalEncoding[1][0] == Float(sin(1.0)))
    #expect(traces.problem == nil)
    var broken = traces
    broken.transformer?.cross[0][0].removeLast()
    #expect(broken.problem?.hasPrefix("transformer.cross") == true)
    for figure in Figure.all(traces) {
      #expect(figure.overflowingText().isEmpty, "\(figure.name): \(figure.overflowingText())")
    }
  }
}
