import ArgumentParser
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
      """
  )

  @Option(help: "A tab-separated corpus file (English, tab, French), e.g. D2L's full fra.txt.")
  var data: String?

  @Option(help: "Keep lines 0 through N, as D2L's loop does (600 gives 601 pairs), or all.")
  var numExamples: PairCount = .lines(through: 600)

  @Option(help: "Cut or pad every sentence to this many tokens, <eos> included.")
  var numSteps: Int = 10

  @Option(help: "Sentence pairs per batch.")
  var batchSize: Int = 64

  @Option(help: "Tokens seen fewer times than this become <unk>.")
  var minFreq: Int = 2

  @Option(help: "Seed of the batch shuffling.")
  var seed: UInt64 = 0

  @Option(help: "How many preprocessed pairs to show.")
  var pairs: Int = 6

  func validate() throws {
    try require("--num-steps", numSteps, in: 1...Limit.numSteps)
    try require("--batch-size", batchSize, in: 1...Limit.batchSize)
    try require("--min-freq", minFreq, in: 1...Int.max)
    if pairs < 0 { throw ValidationError("--pairs must not be negative, got \(pairs).") }
  }

  func run() throws {
    let corpus = try Corpus.load(path: data, numExamples: numExamples.numExamples)
    let dataset = TranslationDataset(corpus: corpus, numSteps: numSteps, minFreq: minFreq)
    let kept = numExamples == .all ? "every line" : "numExamples \(numExamples)"
    print("Corpus: \(corpus.origin), \(corpus.count) sentence pairs (\(kept))")

    print("\nPreprocessed pairs (lowercase, a space before , . ! ?):")
    for index in 0..<min(pairs, corpus.count) {
      let english = corpus.source[index].joined(separator: " ")
      print("  " + pad(english, 24) + "=> " + corpus.target[index].joined(separator: " "))
    }

    let (sourceVocab, targetVocab) = (dataset.sourceVocab, dataset.targetVocab)
    print(
      "\nVocabularies (minFreq \(minFreq)): source \(sourceVocab.count) tokens, target \(targetVocab.count) tokens"
    )
    print(
      "  reserved: <unk>=0 <pad>=\(sourceVocab.pad) <bos>=\(sourceVocab.bos) <eos>=\(sourceVocab.eos)"
    )
    print(
      "  most frequent source tokens: "
        + sourceVocab.idxToToken.dropFirst(4).prefix(10).joined(separator: " "))
    print(
      "  most frequent target tokens: "
        + targetVocab.idxToToken.dropFirst(4).prefix(10).joined(separator: " "))

    var generator = SeededGenerator(seed: seed)
    let batches = dataset.batches(batchSize: batchSize, using: &generator)
    let first = batches[0]
    let shape = Shape.describe(first.shape)
    let lengths = Shape.describe([first.batchSize])
    print("\nFirst batch of \(batches.count) (shuffled with seed \(seed)):")
    print("  X: \(shape)  X_valid_len: \(lengths)  Y: \(shape)  Y_valid_len: \(lengths)")
    let sourceRow = Array(first.source.prefix(numSteps))
    let targetRow = Array(first.target.prefix(numSteps))
    print(
      "  X[0] = \(sourceRow)  valid \(first.sourceValidLen[0]): \(sourceVocab.tokens(at: sourceRow).joined(separator: " "))"
    )
    print(
      "  Y[0] = \(targetRow)  valid \(first.targetValidLen[0]): \(targetVocab.tokens(at: targetRow).joined(separator: " "))"
    )

    print("\nTokens per sentence (before <eos> and padding):")
    print("  tokens  source  target  source " + pad("(#)", 21) + "target (=)")
    let histogram = dataset.lengthHistogram()
    let largest = histogram.values.map { max($0.source, $0.target) }.max() ?? 1
    func bar(_ count: Int, _ mark: String) -> String {
      String(repeating: mark, count: (count * 20 + largest - 1) / largest)
    }
    for length in histogram.keys.sorted() {
      let (source, target) = histogram[length]!
      let counts = pad("  " + String(length), 10) + pad(String(source), 8) + pad(String(target), 8)
      print(counts + pad(bar(source, "#"), 29) + bar(target, "="))
    }
  }
}
