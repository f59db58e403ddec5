import Files

/// A word aligner's links for pairs of a corpus, as `Benchmarks/alignment.py` writes them: one
/// line per pair, its line in the corpus file (from 0), a tab, then links `i-j` separated by
/// spaces, each linking English token i to French token j (from 0, in the tokens the model
/// reads). The heatmap frames them, so that a reader can compare the weights with them.
public struct AlignmentLinks: Sendable {
  /// For each pair's corpus line, its links.
  public let pairs: [Int: [(english: Int, french: Int)]]

  /// Parses the text of a links file; `origin` names it in error messages.
  /// - Throws: `InputError` naming the first line that is not a line number, a tab and links.
  public init(text: String, origin: String) throws {
    var pairs: [Int: [(english: Int, french: Int)]] = [:]
    // "\r\n" is one Character: split at either ending.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    for (index, line) in lines.enumerated() where !line.isEmpty {
      let problem = InputError(
        description:
          "\(origin) line \(index + 1): expected a corpus line, a tab and links such as 0-0 1-2, "
          + "got \"\(line.prefix(60))\"")
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard parts.count == 2, let pair = Int(parts[0]), pair >= 0 else { throw problem }
      pairs[pair] = try parts[1].split(separator: " ").map { link in
        let ends = link.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard ends.count == 2, let english = ends[0], let french = ends[1], english >= 0,
          french >= 0
        else { throw problem }
        return (english, french)
      }
    }
    self.pairs = pairs
  }

  /// Reads the links file at `path`.
  /// - Throws: `FileError` when it cannot be read, `InputError` when a line is malformed.
  public static func read(from path: String) throws -> AlignmentLinks {
    let bytes = try FileProblem.contents(of: path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw InputError(description: "\(path): not UTF-8 text (a links file of alignment.py?)")
    }
    return try AlignmentLinks(text: text, origin: path)
  }

  /// The links of the pair on corpus line `line` by French token: for each of `targetCount`
  /// rows, the English columns linked to it; `nil` when the file has no such pair.
  public func rows(line: Int, targetCount: Int) -> [[Int]]? {
    guard let links = pairs[line] else { return nil }
    return (0..<targetCount).map { row in
      links.filter { $0.french == row }.map(\.english).sorted()
    }
  }

}
