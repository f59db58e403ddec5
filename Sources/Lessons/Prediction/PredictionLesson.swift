import EncoderDecoder
import Layers
import LessonSupport
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

/// Lesson 6: prediction. The decoder's own output is fed back until it says `<eos>`.
enum PredictionLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 6: prediction")
    say("Translating, there is no gold sentence: each predicted token becomes the next input,")
    say("until the decoder predicts <eos> or numSteps tokens have been written.")

    heading("1. a small model, trained for a moment").forEach(say)
    let dataset = TranslationDataset(
      corpus: try Corpus.load(pairs: 100), numSteps: 8, minFreq: 1)
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
      numSteps: 8, numLayers: 1, dropout: 0)
    let model = try EncoderDecoder(configuration, seed: 1)
    let options = TrainingOptions(epochs: 60, batchSize: 25, learningRate: 0.01)
    let reports = try Trainer(model: model, dataset: dataset, options: options).train()
    say("100 pairs, 60 epochs, loss \(format(reports.last!.loss, digits: 3))")
    let translator = Translator(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)

    heading("2. greedy search, step by step: \"i lost .\"").forEach(say)
    // Translator.greedyTrace runs prediction's greedy loop (Prediction/Search.swift: feed back the
    // most probable token until <eos>) and records every step's input and top 3.
    let trace = try translator.greedyTrace("i lost .")
    for (index, step) in trace.steps.enumerated() {
      let shown = step.top.map { "\($0.token) \(format($0.probability, digits: 3))" }
      say(
        "step \(index + 1): read \(step.input.padding(toLength: 7, withPad: " ", startingAt: 0)) top 3: \(shown.joined(separator: ", "))"
      )
    }
    if trace.endedWithEOS {
      say(
        "<eos> is the most probable: stop. Translation: \(try translator.greedy("i lost .").text)")
    }

    heading("3. greedy is not always best: D2L's example").forEach(say)
    // Tokens A, B, C, <eos>; the table gives P(next | prefix) from the book's two figures.
    let names = ["A", "B", "C", "<eos>"]
    let table: [[Int]: [Float]] = [
      []: [0.5, 0.2, 0.2, 0.1], [0]: [0.1, 0.4, 0.3, 0.2], [0, 1]: [0.2, 0.2, 0.4, 0.2],
      [0, 1, 2]: [0.1, 0.1, 0.2, 0.6], [0, 2]: [0.1, 0.6, 0.2, 0.1],
      [0, 2, 1]: [0.1, 0.2, 0.1, 0.6],
    ]
    let step: DecodeStep<[Int]> = { token, prefix in
      let path = prefix + (token < 0 ? [] : [token])
      return ((table[path] ?? [0.25, 0.25, 0.25, 0.25]).map { Tensor($0).log().scalar }, path)
    }
    let greedy = try greedySearch(maxSteps: 5, bos: -1, eos: 3, initial: [], step: step)
    let beam = try beamSearch(beamSize: 2, maxSteps: 5, bos: -1, eos: 3, initial: [], step: step)[0]
    for (name, result) in [("greedy", greedy), ("beam, k = 2", beam)] {
      let text = (result.tokens.map { names[$0] } + ["<eos>"]).joined(separator: " ")
      say(
        "\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(text)   P = \(format(Tensor(result.logProbability).exp().scalar, digits: 3))"
      )
    }
    say("Greedy takes B (0.4) after A and is then stuck with 0.048; keeping two candidates lets")
    say("beam search find A C B, whose total probability 0.054 is higher.")

    heading("4. beam search on the model").forEach(say)
    for sentence in ["i lost .", "i'm ok .", "we won ."] {
      let results = try [1, 2, 4].map { try translator.beamSearch(sentence, beamSize: $0) }
      let shown = zip([1, 2, 4], results).map {
        "k=\($0): \($1.text) (log P \(format($1.logProbability, digits: 2)))"
      }
      say("\(sentence)  \(shown.joined(separator: "  "))")
    }
    say("k = 1 is exactly greedy search. Candidates are ranked by log P / length^0.75, as in D2L:")
    say("a longer translation may win with a lower log P, as \"je vais bien .\" does here.")

    heading("5. words the model never saw").forEach(say)
    let unknown = try translator.greedy("Where is my xylophone?")
    say("\"Where is my xylophone?\" reads as: \(unknown.source.joined(separator: " "))")
    say("unknown words, read as <unk>: \(unknown.unknownWords.joined(separator: ", "))")
    say("translation: \(unknown.text)   (a guess, but never a crash)")

    heading("6. many sentences at once").forEach(say)
    let sentences = ["go .", "hi .", "run !", "who ?", "wow !"]
    let batch = try translator.greedyBatch(sentences)
    say(zip(sentences, batch).map { "\($0) => \($1.text)" }.joined(separator: " | "))
    say("One encoder call and one decoder call per step for the whole batch; same results as")
    say("translating one by one.")
  }
}
