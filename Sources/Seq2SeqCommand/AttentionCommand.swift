import ArgumentParser
import Checkpoint
import Files
import Run
import TranslationData

/// `seq2seq attention`: the attention weights of a model on its held-out pairs, for a word
/// aligner to be compared with.
struct AttentionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "attention",
    abstract: "Export the attention weights of a model on its test pairs, as JSON.",
    discussion: """
      For every pair of the model's test split (or --split validation/train), taken again from \
      the same --data file, the reference is fed to the decoder as in training (teacher \
      forcing) and the weights alpha_{t',t} of every step are written: one row per reference \
      token (<eos> last), one column per source step, padding included (its weights are 0). \
      Benchmarks/alignment.py compares them with a word aligner's links (Chapters/08).
      """
  )

  @Option(help: "A checkpoint trained with --attention and --split.")
  var model = "model.ckpt"
  @Option(help: "The corpus file the model was trained on; the shipped one if absent.")
  var data: String?
  @Option(help: "The part of the model's split: test, validation or train.")
  var split: SplitName = .test
  @Option(help: "The JSON file to write (atomically; its folder must exist).")
  var out = "attention.json"

  func run() throws {
    try Destination.checkFile(
      out, inputs: [("--model", model), ("--data", data.map(WholeCorpus.resolve))])
    let checkpoint = try Checkpoint.read(from: model)
    let export = try AttentionExport.make(split, of: checkpoint, at: model, data: data)
    try AtomicFile.write(try export.encoded(), to: out)
    print("wrote \(out): the attention of \(export.pairs.count) \(split.rawValue) pairs")
  }
}
