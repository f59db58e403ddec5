import Testing
import TranslationData

/// A generator that replays a fixed sequence, so the split's shuffle is known in advance.
private struct Counter: RandomNumberGenerator {
  var value: UInt64
  mutating func next() -> UInt64 {
    value &+= 0x9E37_79B9_7F4A_7C15
    return value
  }
}

@Suite("splitting a corpus for training, validation and test")
struct SplitTests {
  /// 10 distinct English sentences, most with several French translations, as Tatoeba has.
  static let corpus: Corpus = {
    var source: [[String]] = []
    var target: [[String]] = []
    for sentence in 0..<10 {
      for translation in 0..<(1 + sentence % 3) {
        source.append(["s\(sentence)", "."])
        target.append(["t\(sentence)", "v\(translation)", "."])
      }
    }
    return Corpus(source: source, target: target, origin: "toy")
  }()

  @Test("shares parse as TRAIN/VALIDATION/TEST percent and must add up to 100")
  func shares() {
    #expect(SplitShares("90/5/5") == SplitShares(train: 90, validation: 5, test: 5))
    #expect(SplitShares("90/5/5")?.description == "90/5/5")
    for bad in ["90/5", "90/5/6", "0/50/50", "a/b/c", "90/-5/15", "90/5/5/0", ""] {
      #expect(SplitShares(bad) == nil, "\(bad)")
    }
  }

  @Test("every pair lands in exactly one split, and no English sentence in two")
  func disjointBySource() {
    var generator = Counter(value: 7)
    let split = CorpusSplit(
      corpus: Self.corpus, shares: SplitShares(train: 60, validation: 20, test: 20)!,
      using: &generator)
    let all = split.train + split.validation + split.test
    #expect(all.sorted() == Array(0..<Self.corpus.count))
    let sources = [split.train, split.validation, split.test].map { rows in
      Set(rows.map { Self.corpus.source[$0] })
    }
    #expect(sources[0].isDisjoint(with: sources[1]))
    #expect(sources[0].isDisjoint(with: sources[2]))
    #expect(sources[1].isDisjoint(with: sources[2]))
    // Shares count sentences, not pairs: 20% of 10 sources is 2 of them, with all their pairs.
    #expect(sources[1].count == 2 && sources[2].count == 2 && sources[0].count == 6)
    for rows in [split.train, split.validation, split.test] { #expect(rows == rows.sorted()) }
  }

  @Test("one seed gives one split; another seed another one")
  func seeded() {
    let shares = SplitShares(train: 50, validation: 30, test: 20)!
    var a = Counter(value: 1)
    var b = Counter(value: 1)
    var c = Counter(value: 2)
    let first = CorpusSplit(corpus: Self.corpus, shares: shares, using: &a)
    #expect(first == CorpusSplit(corpus: Self.corpus, shares: shares, using: &b))
    #expect(first != CorpusSplit(corpus: Self.corpus, shares: shares, using: &c))
  }

  @Test("a share of 0 gives an empty part; too few sentences give an empty part too")
  func emptyParts() {
    var generator = Counter(value: 3)
    let noTest = CorpusSplit(
      corpus: Self.corpus, shares: SplitShares(train: 90, validation: 10, test: 0)!,
      using: &generator)
    #expect(noTest.test.isEmpty && noTest.validation.count >= 1)
    let tiny = Corpus(source: [["a"]], target: [["b"]], origin: "one")
    let split = CorpusSplit(
      corpus: tiny, shares: SplitShares(train: 90, validation: 5, test: 5)!, using: &generator)
    #expect(split.train == [0] && split.validation.isEmpty && split.test.isEmpty)
  }

  @Test("the fingerprint tells corpora apart and ignores nothing")
  func fingerprint() {
    let corpus = Self.corpus
    #expect(corpus.fingerprint == corpus.subset(Array(0..<corpus.count)).fingerprint)
    #expect(corpus.fingerprint != corpus.subset(Array(0..<(corpus.count - 1))).fingerprint)
    var target = corpus.target
    target[3] = ["other", "."]
    #expect(
      corpus.fingerprint
        != Corpus(source: corpus.source, target: target, origin: "changed").fingerprint)
    // The word boundary counts: "ab" + "c" is not "a" + "bc".
    let one = Corpus(source: [["ab", "c"]], target: [["x"]], origin: "1")
    let two = Corpus(source: [["a", "bc"]], target: [["x"]], origin: "2")
    #expect(one.fingerprint != two.fingerprint)
  }
}

@Suite("vocabulary and lengths for a real corpus")
struct RealCorpusTests {
  @Test("maxTokens keeps the most frequent tokens, the 4 special ones counted")
  func maxTokens() {
    let sentences = [["a", "a", "a", "b", "b", "c", "d", "d", "d", "d"]]
    let capped = Vocabulary(sentences: sentences, minFreq: 1, maxTokens: 6)
    #expect(capped.idxToToken == ["<unk>", "<pad>", "<bos>", "<eos>", "d", "a"])
    #expect(capped["b"] == Vocabulary.unknownIndex)
    let uncapped = Vocabulary(sentences: sentences, minFreq: 1)
    #expect(uncapped.count == 8)
    // minFreq still applies under the cap.
    #expect(Vocabulary(sentences: sentences, minFreq: 3, maxTokens: 100).count == 6)
  }

  @Test("numSteps from the data holds the given share of sentences whole, <eos> counted")
  func numStepsFromData() {
    // Source lengths 1...10 and target lengths 1...10: with <eos>, 2...11.
    let sentences = (1...10).map { Array(repeating: "w", count: $0) }
    let corpus = Corpus(source: sentences, target: sentences, origin: "lengths")
    #expect(TranslationDataset.numSteps(holding: 0.95, of: corpus) == 11)
    #expect(TranslationDataset.numSteps(holding: 0.5, of: corpus) == 6)
    #expect(TranslationDataset.numSteps(holding: 0.9, of: corpus) == 10)
    let dataset = TranslationDataset(corpus: corpus, numSteps: 6, minFreq: 1)
    // Pairs of 6 to 10 words need 7 to 11 steps: 5 of 10 are cut.
    #expect(dataset.cutShare == 0.5)
  }

  @Test("a validation split read with the training vocabularies maps unseen words to <unk>")
  func sharedVocabularies() {
    let training = TranslationDataset(
      corpus: Corpus(source: [["go", "."]], target: [["va", "!"]], origin: "train"), numSteps: 4,
      minFreq: 1)
    let validation = TranslationDataset(
      corpus: Corpus(source: [["run", "."]], target: [["cours", "!"]], origin: "val"),
      numSteps: 4, sourceVocab: training.sourceVocab, targetVocab: training.targetVocab)
    #expect(Array(validation.source.row(0)) == [0, training.sourceVocab["."], 3, 1])
    #expect(validation.targetVocab.idxToToken == training.targetVocab.idxToToken)
  }
}
