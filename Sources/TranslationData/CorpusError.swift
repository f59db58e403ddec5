/// What can be wrong with a corpus file, each case naming the file and, where there is one, the
/// line (counted from 1), so that a message points straight at the problem.
public enum CorpusError: Error, Equatable, CustomStringConvertible {
  /// The file could not be read at all.
  case unreadable(path: String, reason: String)
  /// A line is not valid UTF-8.
  case invalidUTF8(path: String, line: Int)
  /// A line has no tab between the English and the French sentence.
  case missingTab(path: String, line: Int)
  /// A line has more than one tab.
  case extraTab(path: String, line: Int, tabs: Int)
  /// One side of a line is empty ("English" or "French").
  case emptySide(path: String, line: Int, side: String)
  /// The file holds no sentence pairs.
  case noPairs(path: String)

  /// One line, e.g. `fra.txt:12: no tab between the English and the French sentence`.
  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      "\(path): cannot read the corpus: \(reason)"
    case .invalidUTF8(let path, let line):
      "\(path):\(line): not valid UTF-8 text"
    case .missingTab(let path, let line):
      "\(path):\(line): no tab between the English and the French sentence"
    case .extraTab(let path, let line, let tabs):
      "\(path):\(line): expected one tab between English and French, found \(tabs)"
    case .emptySide(let path, let line, let side):
      "\(path):\(line): the \(side) sentence is empty"
    case .noPairs(let path):
      "\(path): no sentence pairs found"
    }
  }
}
