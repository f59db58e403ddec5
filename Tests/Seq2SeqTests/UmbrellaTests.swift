import Seq2Seq
import Testing

@Suite("the Seq2Seq umbrella module")
struct UmbrellaTests {
  @Test("one import is enough to train, translate and score a model")
  func oneImport() throws {
    let dataset = TranslationDataset(
      corpus: try Corpus.load(pairs: 10), numSteps: 5, minFreq: 1)
    let model = try EncoderDecoder(
      Seq2SeqConfiguration(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
        numSteps: 5, embedSize: 4, numHiddens: 4, numLayers: 1),
      seed: 0)
    let reports = try Trainer(
      model: model, dataset: dataset, options: TrainingOptions(epochs: 2, batchSize: 10)
    ).train()
    #expect(reports.count == 2)
    let translator = Translator(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
    let translation = try translator.greedy("go .")
    #expect(translation.tokens.count <= 5)
    #expect(d2lBLEU(prediction: "va !", label: "va !", k: 2) == 1)
  }
}
