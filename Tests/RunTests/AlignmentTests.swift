import Diagrams
import Foundation
import Run
import Testing
import Traces

/// What the attention figures take from outside the model: a word aligner's links, and the rule
/// that picks the heatmap's test sentences.
@Suite("alignment links and the heatmap's sentences")
struct AlignmentTests {
  @Test("a links file: each pair's links by French token; a malformed line is named")
  func links() throws {
    let links = try AlignmentLinks(text: "7\t0-0 1-2 2-1 3-2\n12\t\n", origin: "links.tsv")
    #expect(links.rows(line: 7, targetCount: 4) == [[0], [2], [1, 3], []])
    #expect(links.rows(line: 12, targetCount: 2) == [[], []])
    #expect(links.rows(line: 8, targetCount: 2) == nil)
    for bad in ["7 0-0", "x\t0-0", "7\t0-", "7\t0-1-2", "-1\t0-0", "7\t0-0\t1-1", "7\t1--1"] {
      #expect {
        try AlignmentLinks(text: "3\t0-0\n\(bad)\n", origin: "links.tsv")
      } throws: { error in
        "\(error)".hasPrefix("links.tsv line 2: expected a corpus line, a tab and links")
      }
    }
    #expect(throws: (any Error).self) { try AlignmentLinks.read(from: "/nonexistent/links.tsv") }
  }

  @Test("the heatmap's sentences: per length (or the nearest), the first free of unknown words")
  func heatmapPairs() {
    let s = { (text: String) in text.split(separator: " ").map(String.init) }
    let sources = [
      s("a b q d ."), s("e f g h ."), s("i j k l ."), s("a b c d e f ."),
      s("a b q d e f g ."), s("a b c d e f g ."), s("a b c d e f g h i ."),
    ]
    var references = sources.map { $0.map { $0.uppercased() } }
    references[1] = s("E Z .")  // an unknown French word: pair 2 is taken for 5 tokens
    let chosen = TraceRecorder.heatmapPairs(
      sources: sources, references: references, unknown: { $0 == "q" },
      unknownFrench: { $0 == "Z" })
    // 5 tokens: pair 2; 8 tokens: pair 5 (4 has "q"); 11 tokens: none, the nearest is 10.
    #expect(chosen == [2, 5, 6])
    #expect(TraceRecorder.heatmapLengths == [5, 8, 11])
    // Never the same pair twice, and nothing from nothing.
    #expect(
      TraceRecorder.heatmapPairs(
        sources: [s("a ."), s("b .")], references: [s("A ."), s("B .")],
        unknown: { _ in false }, unknownFrench: { _ in false }) == [0, 1])
    #expect(
      TraceRecorder.heatmapPairs(
        sources: [s("q .")], references: [s("A .")], unknown: { $0 == "q" },
        unknownFrench: { _ in false }
      ).isEmpty)
  }

  @Test("the heatmap frames the aligner's links, and the comparison draws three models")
  func drawn() throws {
    var trace = AttentionTrace(
      source: ["i", "lost", ".", "<eos>"], target: ["j'ai", "perdu", ".", "<eos>"],
      weights: [
        [0.7, 0.2, 0.05, 0.05], [0.1, 0.8, 0.06, 0.04], [0, 0.1, 0.8, 0.1], [0, 0, 0.2, 0.8],
      ])
    // The frames are the heatmap's only lines 2 px wide: three links, four sides each.
    let sides = { (figure: Figure) in
      try String(decoding: figure.svg(), as: UTF8.self).components(separatedBy: "stroke-width:2;")
        .count - 1
    }
    #expect(try sides(Figure.attentionHeatmap([trace])) == 0)
    trace.links = [[0], [1], [2], []]
    #expect(try sides(Figure.attentionHeatmap([trace])) == 12)
    let buckets = (3...6).map { LengthBLEU(length: $0, bleu: Double($0), count: 10) }
    let comparison = Figure.bleuByLengthComparison([
      BaselineTrace(name: "no attention", bleuByLength: buckets),
      BaselineTrace(name: "one-way attention", bleuByLength: buckets),
      BaselineTrace(name: "two-way attention", bleuByLength: buckets),
    ])
    #expect(
      comparison.title
        == "Test BLEU by source length: no attention (light blue), one-way attention (blue), two-way attention (orange)"
    )
  }
}
