import EncoderDecoder
import Layers
import LessonSupport
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

/// Lesson 5: teacher forcing. While training, the decoder reads the gold sentence, not its own
/// guesses.
enum TeacherForcingLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 5: teacher forcing")
    say("To learn P(y_t' | y_<t', c), the decoder needs y_<t' at every step. While training we")
    say("know the right answer, so we feed it: <bos>, then the gold sentence shifted right.")

    heading("1. the decoder's input for one batch").forEach(say)
    let dataset = TranslationDataset(
      corpus: try Corpus.load(pairs: 100), numSteps: 8, minFreq: 1)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 4, shuffle: false, using: &generator)[0]
    let input = teacherForcingInput(
      target: batch.target, shape: batch.shape, bos: dataset.targetVocab.bos)
    let vocab = dataset.targetVocab
    for row in 0..<2 {
      let target = Array(batch.target[(row * 8)..<(row * 8 + 8)])
      let fed = Array(input[(row * 8)..<(row * 8 + 8)])
      say("Y (labels):    \(vocab.tokens(at: target).joined(separator: " "))")
      say("decoder input: \(vocab.tokens(at: fed).joined(separator: " "))")
    }
    say("At step t' the decoder reads y_(t'-1) and is scored on y_t': one column to the left.")

    heading("2. three ways to feed the decoder, same model, same 40 epochs").forEach(say)
    say("100 pairs, a 1-layer GRU of 32 units, Adam 0.01. The loss is D2L's printed one.")
    let feeds: [(String, DecoderFeed)] = [
      ("teacher forcing (gold)", .teacherForcing),
      ("own predictions", .ownPredictions),
      ("scheduled sampling 0.5", .scheduledSampling(goldProbability: 0.5)),
    ]
    for (name, feed) in feeds {
      let configuration = Seq2SeqConfiguration(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: vocab.count, numSteps: 8,
        numLayers: 1, dropout: 0)
      let model = try EncoderDecoder(configuration, seed: 1)
      let options = TrainingOptions(epochs: 40, batchSize: 25, learningRate: 0.01, feed: feed)
      let reports = try Trainer(model: model, dataset: dataset, options: options).train()
      let translator = Translator(
        model: model, sourceVocab: dataset.sourceVocab, targetVocab: vocab)
      let sources = dataset.corpus.source.map { $0.joined(separator: " ") }
      let translations = try translator.greedyBatch(sources)
      let exact = zip(translations, dataset.corpus.target).filter { $0.0.tokens == $0.1 }.count
      let losses = [9, 19, 39].map { fixed3(reports[$0].loss) }.joined(separator: " ")
      say(
        "\(name.padding(toLength: 23, withPad: " ", startingAt: 0)) loss after 10/20/40 epochs: \(losses)   exact translations: \(exact)/100"
      )
    }
    say("Teacher forcing learns fastest: every step starts from the right prefix, and all steps")
    say("run in one call. Fed its own guesses, the decoder trains on the mistakes it will really")
    say(
      "make when translating, but early guesses are noise and learning is slow (D2L's exercise 4).")
    say("Scheduled sampling mixes the two.")

    heading("3. from 601 pairs to 167,000: the loss on pairs never trained on").forEach(say)
    try memorising(say)
    say("The full run, D2L's configuration: swift run -c release seq2seq train")
    say("A translator that generalises, on the whole corpus: Chapters/07b-the-whole-corpus.md")
  }

  /// Trains on 90% of 300 pairs and measures the loss on the other 10% (split by English
  /// sentence): the training loss keeps falling, the validation loss turns up.
  private static func memorising(_ say: (String) -> Void) throws {
    let corpus = try Corpus.load(pairs: 300)
    var generator = SeededGenerator(seed: 0)
    let split = CorpusSplit(
      corpus: corpus, shares: SplitShares(train: 90, validation: 10, test: 0)!, using: &generator)
    let training = TranslationDataset(corpus: corpus.subset(split.train), numSteps: 8)
    let validation = TranslationDataset(
      corpus: corpus.subset(split.validation), numSteps: 8, sourceVocab: training.sourceVocab,
      targetVocab: training.targetVocab)
    say(
      "\(split.train.count) pairs to train on, \(split.validation.count) held out (no English sentence in both)."
    )
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: training.sourceVocab.count, targetVocabSize: training.targetVocab.count,
      numSteps: 8, numLayers: 1, dropout: 0)
    let trainer = Trainer(
      model: try EncoderDecoder(configuration, seed: 0), dataset: training,
      options: TrainingOptions(epochs: 20, batchSize: 30, learningRate: 0.01))
    say("epoch   training loss   validation loss")
    var (lowest, last) = (Float.infinity, Float.infinity)
    for epoch in 1...20 {
      let report = try trainer.trainEpoch()
      let held = trainer.evaluationLoss(on: validation)
      (lowest, last) = (min(lowest, held), held)
      guard [1, 5, 10, 15, 20].contains(epoch) else { continue }
      say(
        "\(String(epoch).padding(toLength: 8, withPad: " ", startingAt: 0))\(fixed3(report.loss).padding(toLength: 16, withPad: " ", startingAt: 0))\(fixed3(held))"
      )
    }
    say(
      "Held out: lowest \(fixed3(lowest)), then up again to \(fixed3(last)) while the training loss fell."
    )
    say("Past the lowest point the model memorises its pairs instead of learning French, and")
    say("D2L's 601 pairs end deep in that regime (its loss 0.019 is a memorised corpus).")
    say("More data is the cure; `seq2seq train --preset full` keeps the model of the best epoch.")
  }

  private static func fixed3(_ value: Float) -> String { format(value, digits: 3) }
}
