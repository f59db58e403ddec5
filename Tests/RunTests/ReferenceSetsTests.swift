import BLEU
import Run
import Testing
import TranslationData

/// Tatoeba's sentences with several translations, scored once against all of them.
@Suite("reference sets")
struct ReferenceSetsTests {
  @Test("pairs are grouped by English sentence, each with all its references, in corpus order")
  func grouping() throws {
    let corpus = try Corpus.load(pairs: 3000)
    let sets = ReferenceSets(corpus)
    #expect(sets.sources.count == Set(corpus.source).count && sets.sources.count < 3000)
    #expect(sets.sources[2] == "run !" && sets.references[2] == ["cours !", "courez !"])
    #expect(sets.references.map(\.count).reduce(0, +) == 3000)
    for pair in [0, 2, 3, 1234, 2999] {
      let sentence = sets.sentenceOfPair[pair]
      #expect(sets.sources[sentence] == corpus.source[pair].joined(separator: " "))
      #expect(sets.references[sentence].contains(sets.pairReferences[pair]))
      #expect(sets.sourceLengths[sentence] == corpus.source[pair].count)
    }
  }

  @Test("a translation that is one of a sentence's references scores 100 against all of them")
  func siblings() throws {
    let sets = ReferenceSets(try Corpus.load(pairs: 3000))
    // Each sentence's last reference: right, but wrong for every other pair of the sentence
    // when each pair is scored alone.
    let (all, single) = sets.scores(sets.references.map { $0.last! })
    #expect(abs(all.score - 100) < 1e-9)
    #expect(single.score < 80, "\(single.formatted())")
    #expect(single.sysLen > all.sysLen)  // a sentence's translation once per pair
  }

  @Test("the validation sample: distinct sentences, each with all its references, seeded")
  func validationSample() throws {
    let corpus = try Corpus.load(pairs: 3000)
    let dataset = TranslationDataset(corpus: corpus, numSteps: 10)
    let sample = TrainingSession.validationSample(of: dataset, size: 500, seed: 3)
    #expect(sample.sources.count == 500 && Set(sample.sources).count == 500)
    let sets = ReferenceSets(corpus)
    for (source, references) in zip(sample.sources, sample.references) {
      #expect(references == sets.references[sets.sources.firstIndex(of: source)!])
    }
    #expect(sample.references.contains { $0.count > 1 })
    #expect(
      TrainingSession.validationSample(of: dataset, size: 500, seed: 3).sources == sample.sources)
  }
}
