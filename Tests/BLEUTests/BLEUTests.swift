import BLEU
import Testing

@Suite("D2L's sentence BLEU")
struct D2LBLEUTests {
  @Test(
    "the book's values",
    arguments: [
      ("A B B C D", "A B C D E F", 0.681_477), ("il est riche .", "il est calme .", 0.658_037),
      ("je suis en retard ?", "je suis chez moi .", 0.447_214), ("va !", "va !", 1),
    ])
  func bookValues(prediction: String, label: String, expected: Double) {
    #expect(abs(d2lBLEU(prediction: prediction, label: label, k: 2) - expected) < 1e-6)
  }

  @Test("defined for predictions shorter than k and for empty ones: 0, not a crash")
  func shortPredictions() {
    #expect(d2lBLEU(prediction: "va", label: "va !", k: 2) == 0)
    #expect(d2lBLEU(prediction: "", label: "va !", k: 2) == 0)
    #expect(d2lBLEU(prediction: "va !", label: "", k: 2) == 0)
    #expect(d2lBLEU(prediction: "va", label: "va", k: 1) == 1)
  }

  @Test("the parts: clipped matches per n-gram, p_n, brevity penalty")
  func parts() {
    let parts = d2lBLEUParts(
      prediction: ["A", "B", "B", "C", "D"], label: ["A", "B", "C", "D", "E", "F"], k: 2)
    #expect(parts.matches == [[true, true, false, true, true], [true, false, true, true]])
    #expect(parts.precisions == [0.8, 0.75])
    #expect(abs(parts.brevityPenalty - 0.818_730_75) < 1e-8)
    #expect(abs(parts.score - 0.681_477) < 1e-6)
  }

  @Test("matches are clipped: a repeated word counts only as often as in the reference")
  func clipping() {
    // p_1 = 1/3 ("the" matches once), p_2 = 0 -> 0; with k = 1: exp(0) * (1/3)^(1/2).
    #expect(
      abs(d2lBLEU(prediction: "the the the", label: "the cat sat", k: 1) - (1.0 / 3).squareRoot())
        < 1e-12)
  }
}

@Suite("corpus BLEU against sacrebleu")
struct CorpusBLEUTests {
  @Test("13a tokenisation equals sacrebleu's on tricky strings")
  func tokenizer() {
    for (input, expected) in SacreBLEUReference.tokenized {
      #expect(
        tokenize13a(input).joined(separator: " ") == expected, "input: \(input.debugDescription)")
    }
  }

  @Test(
    "corpus scores and statistics equal sacrebleu's", arguments: 0..<SacreBLEUReference.cases.count)
  func corpusScore(index: Int) {
    let reference = SacreBLEUReference.cases[index]
    let score = CorpusBLEU().score(
      hypotheses: reference.hypotheses, references: reference.references)
    #expect(abs(score.score - reference.score) < 1e-4)
    #expect(score.correct == reference.correct)
    #expect(score.total == reference.total)
    #expect(score.sysLen == reference.sysLen && score.refLen == reference.refLen)
    #expect(score.formatted() == reference.formatted)
  }

  @Test(
    "each sentence against as many references as it has equals sacrebleu with None-padded streams",
    arguments: 0..<SacreBLEURaggedReference.cases.count)
  func raggedReferences(index: Int) {
    let reference = SacreBLEURaggedReference.cases[index]
    let score = CorpusBLEU().score(
      hypotheses: reference.hypotheses, referenceSets: reference.referenceSets)
    #expect(abs(score.score - reference.score) < 1e-4)
    #expect(score.sysLen == reference.sysLen && score.refLen == reference.refLen)
    #expect(score.formatted() == reference.formatted)
  }

  @Test(
    "sentence scores equal sacrebleu's --sentence-level",
    arguments: 0..<SacreBLEUReference.cases.count)
  func sentenceScores(index: Int) {
    let reference = SacreBLEUReference.cases[index]
    for (line, hypothesis) in reference.hypotheses.enumerated() {
      let score = CorpusBLEU().sentenceScore(
        hypothesis: hypothesis, references: reference.references.map { $0[line] })
      #expect(abs(score.score - reference.sentenceScores[line]) < 1e-4, "line \(line)")
    }
  }

  @Test(
    "a corpus large enough to be scored in two halves counts as one pass does",
    arguments: 0..<SacreBLEUReference.cases.count)
  func twoHalves(index: Int) {
    let reference = SacreBLEUReference.cases[index]
    // Repeated k times, every count is k times sacrebleu's (and the lines exceed 10,000).
    let k = 10_000 / reference.hypotheses.count + 1
    let score = CorpusBLEU().score(
      hypotheses: Array(repeating: reference.hypotheses, count: k).flatMap { $0 },
      references: reference.references.map { Array(repeating: $0, count: k).flatMap { $0 } })
    #expect(score.correct == reference.correct.map { k * $0 })
    #expect(score.total == reference.total.map { k * $0 })
    #expect(score.sysLen == k * reference.sysLen && score.refLen == k * reference.refLen)
  }

  @Test("a perfect translation scores 100, the width option adds decimals")
  func perfect() {
    let score = CorpusBLEU().score(hypotheses: ["il est calme ."], references: [["il est calme ."]])
    #expect(abs(score.score - 100) < 1e-9)
    #expect(score.formatted(width: 4).hasPrefix("BLEU = 100.0000 100.0/100.0/100.0/100.0"))
  }
}
