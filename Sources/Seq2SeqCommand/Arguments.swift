import ArgumentParser
import Attention
import ContextVariable
import EncoderDecoder
import Layers
import Run

extension CellKind: ExpressibleByArgument {}
extension ContextMode: ExpressibleByArgument {}

/// The context variable by its short name: last, mean, max.
extension ContextVariable: ExpressibleByArgument {
  /// The context variable named `argument`.
  public init?(argument: String) { self.init(shortName: argument) }
  /// The names `--help` lists.
  public static var allValueStrings: [String] { allCases.map(\.shortName) }
  /// The name `--help` shows as the default.
  public var defaultValueDescription: String { shortName }
}

/// Refuses a value of the option `name` outside `range`, naming the option, the bound and the
/// value: `--num-steps must be at most 1000, got 100000000.` The upper bounds keep a typo from
/// asking for terabytes or years.
func require(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
  if value < range.lowerBound {
    throw ValidationError("\(name) must be at least \(range.lowerBound), got \(value).")
  }
  if value > range.upperBound {
    throw ValidationError("\(name) must be at most \(range.upperBound), got \(value).")
  }
}

/// The largest values the options accept: the library's, for every front end.
typealias Limit = RunConfiguration.Limit
