import Files
import Foundation

/// Sentence pairs read from a tab-separated file (English, tab, French), preprocessed and
/// tokenised as D2L's `read_data_nmt`, `preprocess_nmt` and `tokenize_nmt` do.
public struct Corpus: Sendable {
  /// The English sentences, each a list of tokens.
  public let source: [[String]]
  /// The French sentences, each a list of tokens.
  public let target: [[String]]
  /// Where the pairs came from, for messages.
  public let origin: String

  /// The number of sentence pairs.
  public var count: Int { source.count }

  /// The first 20,000 lines of D2L's English-French corpus that ship with the package
  /// (Tatoeba, CC-BY 2.0 FR, via manythings.org; see `Resources/README.md`).
  public static var bundledURL: URL? {
    Bundle.module.url(forResource: "fra-eng-20000", withExtension: "txt", subdirectory: "Resources")
  }

  /// Reads the corpus at `path` (the downloaded whole corpus for `fra-eng`, `WholeCorpus`), or
  /// the bundled one when `path` is `nil`.
  ///
  /// `numExamples` keeps lines 0 through numExamples, as D2L's loop `if i > num_examples: break`
  /// does: 601 pairs for numExamples 600. `nil` reads every line.
  /// - Throws: `CorpusError`, naming the file and the line.
  public static func load(path: String? = nil, numExamples: Int? = nil) throws -> Corpus {
    if path == WholeCorpus.name, !FileManager.default.fileExists(atPath: WholeCorpus.file) {
      throw CorpusError.unreadable(
        path: WholeCorpus.name,
        reason:
          "not downloaded yet: `seq2seq data --download` puts it in \(WholeCorpus.folder)")
    }
    let url =
      try path.map { URL(fileURLWithPath: WholeCorpus.resolve($0)) }
      ?? bundledURL.orThrow(
        CorpusError.unreadable(path: "fra-eng-20000.txt", reason: "the bundled corpus is missing"))
    let bytes: [UInt8]
    do {
      bytes = try FileProblem.contents(of: url.path)
    } catch {
      throw CorpusError.unreadable(path: url.path, reason: error.reason)
    }
    return try Corpus(bytes: bytes, origin: path ?? "fra-eng-20000.txt", numExamples: numExamples)
  }

  /// Pairs already tokenised, such as a selection of another corpus's pairs.
  public init(source: [[String]], target: [[String]], origin: String) {
    precondition(
      source.count == target.count, "Corpus: \(source.count) sources, \(target.count) targets")
    self.source = source
    self.target = target
    self.origin = origin
  }

  /// Reads the first `pairs` pairs of the corpus at `path` (the bundled one when `nil`): the
  /// count a checkpoint records, where `numExamples` is D2L's last line index.
  /// - Throws: `CorpusError`, naming the file and the line.
  public static func load(path: String? = nil, pairs: Int) throws -> Corpus {
    try load(path: path, numExamples: pairs - 1)
  }

  /// Parses the bytes of a corpus file; `origin` names it in error messages.
  /// - Throws: `CorpusError` for invalid UTF-8, a line without exactly one tab, an empty side.
  public init(bytes: [UInt8], origin: String, numExamples: Int? = nil) throws {
    var source: [[String]] = []
    var target: [[String]] = []
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }  // the final newline ends the last line
    for (index, rawLine) in lines.enumerated() {
      if let numExamples, index > numExamples { break }
      let lineNumber = index + 1
      let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
      guard let text = String(validating: line, as: UTF8.self) else {
        throw CorpusError.invalidUTF8(path: origin, line: lineNumber)
      }
      let parts = text.split(separator: "\t", omittingEmptySubsequences: false)
      guard parts.count > 1 else { throw CorpusError.missingTab(path: origin, line: lineNumber) }
      guard parts.count == 2 else {
        throw CorpusError.extraTab(path: origin, line: lineNumber, tabs: parts.count - 1)
      }
      for (side, name) in zip(parts, ["English", "French"])
      where side.allSatisfy({ $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" }) {
        throw CorpusError.emptySide(path: origin, line: lineNumber, side: name)
      }
      let processed = preprocessNMT(text, after: index == 0 ? nil : "\n")
      let sides = processed.split(separator: "\t", omittingEmptySubsequences: false)
      source.append(tokenizeNMT(String(sides[0])))
      target.append(tokenizeNMT(String(sides[1])))
    }
    guard !source.isEmpty else { throw CorpusError.noPairs(path: origin) }
    self.source = source
    self.target = target
    self.origin = origin
  }
}

extension Optional {
  /// The wrapped value, or `error` thrown.
  fileprivate func orThrow(_ error: some Error) throws -> Wrapped {
    guard let value = self else { throw error }
    return value
  }
}
