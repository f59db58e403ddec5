import BLEU
import LessonSupport

/// Lesson 7: BLEU, how close a translation is to a reference.
enum BLEULesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 7: BLEU")
    say("BLEU counts the n-grams (runs of n tokens) of a translation that also occur in the")
    say("reference, and penalises translations that are too short.")

    heading("1. D2L's BLEU, piece by piece: \"il est riche .\" against \"il est calme .\"").forEach(
      say)
    let prediction = ["il", "est", "riche", "."]
    let label = ["il", "est", "calme", "."]
    for n in 1...2 {
      let predicted = (0...(prediction.count - n)).map {
        prediction[$0..<($0 + n)].joined(separator: " ")
      }
      let reference = (0...(label.count - n)).map { label[$0..<($0 + n)].joined(separator: " ") }
      let matches = predicted.filter(reference.contains).count
      say(
        "p_\(n): \(matches) of \(predicted.count) \(n)-grams match \(predicted.map { "[\($0)]" }.joined(separator: " "))"
      )
    }
    say("brevity penalty exp(min(0, 1 - 4/4)) = 1")
    say(
      "BLEU = 1 * (3/4)^(1/2) * (2/3)^(1/4) = \(format(Float(d2lBLEU(prediction: "il est riche .", label: "il est calme .", k: 2)), digits: 6))"
    )

    heading("2. the book's three values").forEach(say)
    for (predicted, reference) in [
      ("A B B C D", "A B C D E F"), ("il est riche .", "il est calme ."),
      ("je suis en retard ?", "je suis chez moi ."),
    ] {
      let score = d2lBLEU(prediction: predicted, label: reference, k: 2)
      say(
        "\(predicted.padding(toLength: 20, withPad: " ", startingAt: 0)) vs \(reference.padding(toLength: 19, withPad: " ", startingAt: 0)) BLEU \(format(Float(score), digits: 6))"
      )
    }
    say("\"A B B C D\": the second B finds no B left in the reference (clipping), p_1 = 4/5;")
    say("the prediction is shorter than the reference: penalty exp(1 - 6/5).")

    heading("3. short predictions").forEach(say)
    for predicted in ["va", ""] {
      say(
        "\"\(predicted)\" vs \"va !\" with k = 2: \(format(Float(d2lBLEU(prediction: predicted, label: "va !", k: 2)), digits: 6))"
      )
    }
    say("A prediction with fewer than k tokens has no k-grams. D2L's code divides by zero there;")
    say("here p_k = 0, so BLEU = 0, the formula's limit.")

    heading("4. corpus BLEU, the number papers report").forEach(say)
    let hypotheses = ["va !", "j'ai perdu .", "il est riche .", "je suis en retard ?"]
    let references = ["va !", "j'ai perdu .", "il est calme .", "je suis chez moi ."]
    let corpus = CorpusBLEU().score(hypotheses: hypotheses, references: [references])
    say(corpus.formatted())
    let sentenceScores = zip(hypotheses, references).map {
      CorpusBLEU().sentenceScore(hypothesis: $0, references: [$1]).score
    }
    say("mean of the sentence scores: \(format(Float(sentenceScores.reduce(0, +) / 4), digits: 2))")
    say("Corpus BLEU adds up the n-gram counts of all sentences first, then takes precisions,")
    say("up to 4-grams, on a 0-100 scale: the definition of sacrebleu, which this matches.")
    say(
      "Tokens come from the 13a tokenizer: \(tokenize13a("J'ai 3,5 euros, pas 10-12!").joined(separator: " | "))"
    )
    say("Score files: seq2seq bleu --hyp translations.txt --ref references.txt")
  }
}
