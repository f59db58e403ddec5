import TensorCore
import Testing
import TranslationData

@Suite("vocabulary, padding, batches")
struct VocabularyTests {
  static let dataset = try! TranslationDataset(corpus: Corpus.load(numExamples: 600), numSteps: 10)

  @Test("numExamples 600, minFreq 2: 184 source and 201 target tokens, as D2L")
  func sizes() {
    #expect(Self.dataset.sourceVocab.count == 184)
    #expect(Self.dataset.targetVocab.count == 201)
  }

  @Test("indices match D2L v0.17 token for token")
  func indicesMatchD2L() {
    #expect(Self.dataset.sourceVocab.idxToToken == DataReference.sourceTokens)
    #expect(Self.dataset.targetVocab.idxToToken == DataReference.targetTokens)
    let vocab = Self.dataset.sourceVocab
    #expect([vocab["<unk>"], vocab.pad, vocab.bos, vocab.eos] == [0, 1, 2, 3])
    #expect(vocab["zyzzyva"] == 0)
    #expect(vocab.tokens(at: vocab.indices(of: ["go", "."])) == ["go", "."])
  }

  @Test("ties are broken by first appearance, then counts descend")
  func ordering() {
    let vocab = Vocabulary(sentences: [["b", "a", "c"], ["a", "c", "d"]], minFreq: 1)
    #expect(vocab.idxToToken == ["<unk>", "<pad>", "<bos>", "<eos>", "a", "c", "b", "d"])
    let frequent = Vocabulary(sentences: [["b", "a", "c"], ["a", "c", "d"]], minFreq: 2)
    #expect(frequent.idxToToken == ["<unk>", "<pad>", "<bos>", "<eos>", "a", "c"])
  }

  @Test("truncate_pad cuts or pads to numSteps")
  func truncateAndPad() {
    #expect(truncatePad([47, 4], numSteps: 5, paddingToken: 1) == [47, 4, 1, 1, 1])
    #expect(truncatePad([1, 2, 3, 4], numSteps: 2, paddingToken: 0) == [1, 2])
  }

  @Test("padded arrays and valid lengths match D2L's build_array_nmt")
  func arrays() {
    let (source, target) = (Self.dataset.source, Self.dataset.target)
    #expect(source.rowCount == 601)
    for row in 0..<12 {
      #expect(Array(source.row(row)) == DataReference.sourceArray[row])
      #expect(Array(target.row(row)) == DataReference.targetArray[row])
    }
    #expect(Array(source.validLen.prefix(12)) == DataReference.sourceValidLen)
    #expect(Array(target.validLen.prefix(12)) == DataReference.targetValidLen)
  }

  @Test("batches cover every pair once, (64, 10) each, the last one smaller")
  func batches() {
    var generator = SeededGenerator(seed: 1)
    let batches = Self.dataset.batches(batchSize: 64, using: &generator)
    #expect(batches.count == 10)
    #expect(batches.prefix(9).allSatisfy { $0.shape == [64, 10] })
    #expect(batches.last!.shape == [25, 10])
    let rows = batches.flatMap { batch in
      (0..<batch.batchSize).map { Array(batch.source[($0 * 10)..<($0 * 10 + 10)]) }
    }
    let expected = (0..<601).map { Array(Self.dataset.source.row($0)) }
    #expect(
      rows.sorted { $0.lexicographicallyPrecedes($1) }
        == expected.sorted { $0.lexicographicallyPrecedes($1) })
  }

  @Test("one seed gives one order; another seed another; no shuffle keeps corpus order")
  func shuffling() {
    var a = SeededGenerator(seed: 7)
    var b = SeededGenerator(seed: 7)
    var c = SeededGenerator(seed: 8)
    let first = Self.dataset.batches(batchSize: 64, using: &a)
    #expect(first == Self.dataset.batches(batchSize: 64, using: &b))
    #expect(first != Self.dataset.batches(batchSize: 64, using: &c))
    let ordered = Self.dataset.batches(batchSize: 64, shuffle: false, using: &c)
    #expect(Array(ordered[0].source.prefix(10)) == DataReference.sourceArray[0])
  }

  @Test("the length histogram counts every sentence once per side")
  func histogram() {
    let histogram = Self.dataset.lengthHistogram()
    #expect(histogram.values.reduce(0) { $0 + $1.source } == 601)
    #expect(histogram.values.reduce(0) { $0 + $1.target } == 601)
    #expect(histogram[2]?.source == Self.dataset.corpus.source.count { $0.count == 2 })
  }
}
