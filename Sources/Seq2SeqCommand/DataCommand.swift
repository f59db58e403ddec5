import ArgumentParser
import CorpusDownload
import Formatting
import Run
import TensorCore
import TranslationData

/// `seq2seq data`: the English-French corpus as the model sees it.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "Show the preprocessed corpus, its vocabularies and a first batch.",
    discussion: """
      Reads D2L's English-French sentence pairs (Tatoeba, CC-BY 2.0 FR, via manythings.org), \
      preprocesses and tokenises them as the book does, builds one vocabulary per language and \
      prints the first batch's shapes and a histogram of sentence lengths. Without --data it \
      uses the first 20,000 lines that ship with the package.

      --download fetches the whole corpus as D2L's own code does: fra-eng.zip from D2L's data \
      address, its SHA-1 checked against the one D2L names, unzipped into \
      $XDG_CACHE_HOME/seq2seq/fra-eng (else ~/.cache/seq2seq/fra-eng); --data fra-eng then \
      reads it, in every command. SEQ2SEQ_FRA_ENG_URL gives another address: a server, or a \
      file: URL of a zip, of a fra.txt or of a folder holding one (checked against the SHA-1 of \
      D2L's fra.txt).
      """
  )

  // The defaults are D2L's run's, read from `RunConfiguration.d2l`.
  @Option(help: "A tab-separated corpus file (English, tab, French), e.g. D2L's full fra.txt.")
  var data: String?

  @Option(help: "Keep lines 0 through N, as D2L's loop does (600 gives 601 pairs), or all.")
  var numExamples: PairCount = RunConfiguration.d2l.numExamples

  @Option(help: "Cut or pad every sentence to this many tokens, <eos> included.")
  var numSteps: Int = RunConfiguration.d2l.model.numSteps

  @Option(help: "Sentence pairs per batch.")
  var batchSize: Int = RunConfiguration.d2l.batchSize

  @Option(help: "Tokens seen fewer times than this become <unk>.")
  var minFreq: Int = RunConfiguration.d2l.minFreq

  @Option(help: "Seed of the batch shuffling.")
  var seed: UInt64 = RunConfiguration.d2l.seed

  @Option(help: "How many preprocessed pairs to show.")
  var pairs: Int = 6

  @Flag(help: "Download D2L's whole corpus (fra-eng.zip, checked) for --data fra-eng.")
  var download = false

  func validate() throws {
    try require("--num-steps", numSteps, in: 1...Limit.numSteps)
    try require("--batch-size", batchSize, in: 1...Limit.batchSize)
    try require("--min-freq", minFreq, in: 1...Int.max)
    if pairs < 0 { throw ValidationError("--pairs must not be negative, got \(pairs).") }
  }

  func run() throws {
    if download {
      let file = try FraEng.download(say: { print($0) })
      guard data != nil else { return }
      print("\n\(file):")
    }
    let corpus = try Corpus.load(path: data, numExamples: numExamples.numExamples)
    let dataset = TranslationDataset(corpus: corpus, numSteps: numSteps, minFreq: minFreq)
    DataReport(
      dataset: dataset, minFreq: minFreq, numExamples: numExamples, pairs: pairs,
      batchSize: batchSize, seed: seed
    ).show { print($0) }
  }
}
