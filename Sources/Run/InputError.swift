/// Input a command or a run cannot use, or a run that cannot go on, in one line: what is wrong and,
/// where there is one, what to do instead.
public struct InputError: Error, CustomStringConvertible {
  /// What is wrong.
  public let description: String

  /// An error saying `description`.
  public init(description: String) { self.description = description }
}
