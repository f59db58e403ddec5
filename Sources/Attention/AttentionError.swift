/// A model that cannot attend as asked.
public enum AttentionError: Error, Equatable, CustomStringConvertible {
  /// A dot-product score needs the query and the keys to have one width.
  case widthMismatch(query: Int, key: Int)
  /// Attention delivers c_t' at every decoder input; `init` delivers c only as s_0.
  case needsEveryInput

  /// One line naming the problem and what to do.
  public var description: String {
    switch self {
    case .widthMismatch(let query, let key):
      "dot-product attention needs the decoder's states (\(query) units) as wide as the "
        + "encoder's (\(key)): use additive attention, or equal sizes (a bidirectional "
        + "encoder's states are twice --num-hiddens)"
    case .needsEveryInput:
      "attention joins its context to every decoder input: use --context-mode both, concat "
        + "or bridge, not init"
    }
  }
}
