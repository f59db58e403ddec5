import ArgumentParser
import Checkpoint
import Files
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
      validation; or --split train, the pairs it learnt from, to see how much better it does on \
      them), the pairs taken again from the same --data file (checked against the checkpoint), \
      with the corpus BLEU of greedy search, of --beam K when given, and BLEU by source length.
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
  @Option(help: "Score this part of the model's split (test, validation or train) instead.")
  var split: SplitName?
  @Option(
    help:
      "With a split: write each sentence, its translations and all its references to this JSON file."
  )
  var translations: String?

  func validate() throws {
    guard heldOut >= 0 else { throw ValidationError("--held-out must not be negative.") }
    try require("--beam", beam, in: 1...Limit.beam)
  }

  func run() throws {
    if let translations {
      try Destination.checkFile(
        translations, inputs: [("--model", model), ("--data", data.map(WholeCorpus.resolve))])
    }
    let checkpoint = try Checkpoint.read(from: model)
    let translator = try checkpoint.translator()
    // A model trained with a split is scored on its test pairs unless told otherwise: the pairs
    // after its training ones are not held out for it.
    if let part = split ?? (checkpoint.header.run?.split == nil ? nil : .test) {
      return try Evaluation.split(
        part, of: checkpoint, at: model, data: data, beam: beam, with: translator,
        translationsFile: translations, say: { print($0) })
    }
    try Evaluation.heldOut(
      of: checkpoint, data: data, count: heldOut, beam: beam, with: translator,
      say: { print($0) })
  }
}
