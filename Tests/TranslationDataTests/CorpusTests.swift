import Foundation
import Testing
import TranslationData

@Suite("reading the corpus")
struct CorpusTests {
  @Test("numExamples 600 keeps 601 pairs, as D2L's loop does; tokens match D2L")
  func bundledCorpus() throws {
    let corpus = try Corpus.load(numExamples: 600)
    #expect(corpus.count == DataReference.pairCount)
    #expect(Array(corpus.source.prefix(8)) == DataReference.firstSources)
    #expect(Array(corpus.target.prefix(8)) == DataReference.firstTargets)
    #expect(corpus.source.last == DataReference.lastSource)
    #expect(corpus.target.last == DataReference.lastTarget)
    // The same pairs counted as a checkpoint counts them: the first 601.
    let counted = try Corpus.load(pairs: 601)
    #expect(counted.count == 601 && counted.source == corpus.source)
  }

  @Test("all 20,000 shipped lines read cleanly")
  func wholeBundledFile() throws {
    let corpus = try Corpus.load()
    #expect(corpus.count == DataReference.allPairCount)
    #expect(corpus.source.max { $0.count < $1.count } == DataReference.longestSource)
  }

  @Test("a file read by path gives the same pairs as the bundled one")
  func readByPath() throws {
    let path = try #require(Corpus.bundledURL).path
    let corpus = try Corpus.load(path: path, numExamples: 10)
    #expect(corpus.source == Array(DataReference.firstSources.prefix(8)) + corpus.source.suffix(3))
    #expect(corpus.count == 11)
  }

  static let badInputs: [(String, [UInt8], CorpusError)] = [
    ("no tab", Array("Go.\tVa !\nHello there\n".utf8), .missingTab(path: "t.txt", line: 2)),
    ("two tabs", Array("Go.\tVa\t!\n".utf8), .extraTab(path: "t.txt", line: 1, tabs: 2)),
    (
      "empty French", Array("Go.\tVa !\nHi.\t\n".utf8),
      .emptySide(path: "t.txt", line: 2, side: "French")
    ),
    (
      "blank English", Array("  \tVa !\n".utf8), .emptySide(path: "t.txt", line: 1, side: "English")
    ),
    (
      "invalid UTF-8", Array("Go.\tVa !\n".utf8) + [0x48, 0xFF, 0x09, 0x41, 0x0A],
      .invalidUTF8(path: "t.txt", line: 2)
    ),
    (
      "an empty line", Array("Go.\tVa !\n\nHi.\tSalut !\n".utf8),
      .missingTab(path: "t.txt", line: 2)
    ),
    ("nothing", [], .noPairs(path: "t.txt")),
  ]

  @Test("bad lines throw an error naming the file and the line", arguments: 0..<7)
  func badInput(index: Int) {
    let (_, bytes, expected) = Self.badInputs[index]
    #expect(throws: expected) { try Corpus(bytes: bytes, origin: "t.txt") }
  }

  @Test("error messages are one line with file and line number")
  func messages() {
    #expect(
      CorpusError.missingTab(path: "fra.txt", line: 12).description
        == "fra.txt:12: no tab between the English and the French sentence")
    #expect(CorpusError.invalidUTF8(path: "f", line: 3).description == "f:3: not valid UTF-8 text")
    for (_, _, error) in Self.badInputs { #expect(!error.description.contains("\n")) }
  }

  @Test("a missing file is an error, not a crash")
  func missingFile() {
    #expect(throws: CorpusError.unreadable(path: "/no/such/fra.txt", reason: "no such file")) {
      try Corpus.load(path: "/no/such/fra.txt")
    }
  }

  @Test("Windows line endings and lines beyond numExamples are not a problem")
  func crlfAndLimit() throws {
    let corpus = try Corpus(
      bytes: Array("Go.\tVa !\r\nHi.\tSalut !\r\nbroken\n".utf8), origin: "t", numExamples: 1)
    #expect(corpus.target == [["va", "!"], ["salut", "!"]])
  }
}
