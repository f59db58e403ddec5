import ArgumentParser
import BLEU
import Checkpoint
import Formatting
import Foundation
import Prediction
import Run
import TranslationData

/// `seq2seq evaluate`: D2L's four test sentences with their BLEU, then BLEU on unseen pairs.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Translate D2L's four test sentences and score the model on held-out pairs.",
    discussion: """
      First D2L's check: go . / i lost . / he's calm . / i'm home ., each with D2L's sentence \
      BLEU (k = 2). Then the corpus BLEU (sacrebleu's definition) of greedy translations of the \
      pairs that follow the training ones in the corpus, which the model has never seen.

      A model trained with --split is scored on its test split instead (or --split \
      validation): the pairs it held out, taken again from the same --data file (checked \
      against the checkpoint), with the corpus BLEU of greedy search, of --beam K when given, \
      and BLEU by source length.
      """
  )

  @Option(help: "The checkpoint written by `seq2seq train`.")
  var model = "model.ckpt"
  @Option(help: "How many held-out pairs to score (0 skips them).")
  var heldOut = 1000
  @Option(help: "The corpus file the model was trained on; the shipped one if absent.")
  var data: String?
  @Option(help: "Beam size for the held-out translations; 1 is greedy.")
  var beam = 1
  @Option(help: "Score this part of the model's split (test or validation) instead.")
  var split: SplitName?

  func validate() throws {
    guard heldOut >= 0 else { throw ValidationError("--held-out must not be negative.") }
    try require("--beam", beam, in: 1...Limit.beam)
  }

  func run() throws {
    let checkpoint = try Checkpoint.read(from: model)
    let translator = try checkpoint.translator()
    // A model trained with a split is scored on its test pairs unless told otherwise: the pairs
    // after its training ones are not held out for it.
    if let part = split ?? (checkpoint.header.run?.split == nil ? nil : .test) {
      return try score(part, of: checkpoint, with: translator)
    }
    // The held-out pairs are read first, so that a bad --data path stops before any output.
    let trained = checkpoint.header.trainingPairs
    let corpus =
      heldOut > 0 ? try Corpus.load(path: data, pairs: trained + heldOut) : nil
    print("D2L's test sentences:")
    for (english, french) in d2lTestPairs {
      let translation = try translator.greedy(english)
      let score = d2lBLEU(prediction: translation.text, label: french, k: 2)
      print("\(english) => \(translation.text), bleu \(fixed(score, 3))")
    }
    guard let corpus else { return }
    let pairs = Array(trained..<corpus.count)
    guard !pairs.isEmpty else {
      print("No held-out pairs: the corpus has no lines after the \(trained) trained on.")
      return
    }
    let sources = pairs.map { corpus.source[$0].joined(separator: " ") }
    let translations =
      beam == 1
      ? try translator.greedyBatch(sources)
      : try sources.map { try translator.beamSearch($0, beamSize: beam) }
    let references = pairs.map { corpus.target[$0].joined(separator: " ") }
    let score = CorpusBLEU().score(hypotheses: translations.map(\.text), references: [references])
    let unknown = translations.filter { !$0.unknownWords.isEmpty }.count
    print(
      "\nHeld-out pairs \(trained + 1)...\(corpus.count) of \(corpus.origin) (never trained on):")
    print(score.formatted())
    print("\(unknown) of \(pairs.count) sources have words the model never saw (read as <unk>).")
    for index in stride(from: 0, to: min(pairs.count, 500), by: 100) {
      print(
        "  \(sources[index]) => \(translations[index].text)   (reference: \(references[index]))")
    }
  }
}

extension EvaluateCommand {
  /// Scores the model on the part `name` of the split it was trained with.
  func score(_ name: SplitName, of checkpoint: Checkpoint, with translator: Translator) throws {
    let (pairs, record) = try RunData.pairs(name, of: checkpoint, at: model, data: data)
    let sources = pairs.source.map { $0.joined(separator: " ") }
    let references = pairs.target.map { $0.joined(separator: " ") }
    print(
      "\(pairs.count) \(name.rawValue) pairs of \(data ?? "fra-eng-20000.txt") (split \(record.shares), seed "
        + "\(record.seed); no English sentence of them was trained on):")
    var greedy: [Translation] = []
    for size in beam == 1 ? [1] : [1, beam] {
      let start = Date()
      let translations = try translateAll(sources, with: translator, beam: size)
      if size == 1 { greedy = translations }
      let score = CorpusBLEU().score(
        hypotheses: translations.map(\.text), references: [references])
      print(
        "\(size == 1 ? "greedy:" : "beam \(size):") \(score.formatted())  "
          + "(\(fixed(Date().timeIntervalSince(start), 1)) s)")
    }
    let unknown = greedy.filter { !$0.unknownWords.isEmpty }.count
    print("\(unknown) of \(pairs.count) sources have words the model never saw (read as <unk>).")
    print("\nBLEU by source length (greedy):\n  tokens   pairs   BLEU")
    for bucket in scoreByLength(
      sourceLengths: pairs.source.map(\.count), hypotheses: greedy.map(\.text),
      references: references, longest: 15)
    {
      let label = bucket.length == 15 ? "15+" : String(bucket.length)
      print(pad("  " + label, 9) + pad(String(bucket.count), 8) + fixed(bucket.bleu, 1))
    }
    print("\nExamples:")
    for index in stride(from: 0, to: pairs.count, by: max(pairs.count / 8, 1)).prefix(8) {
      print("  \(sources[index]) => \(greedy[index].text)   (reference: \(references[index]))")
    }
  }
}
