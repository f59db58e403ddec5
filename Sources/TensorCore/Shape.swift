/// Helpers for shapes, written `[Int]` with the slowest-varying axis first (row-major).
public enum Shape {
  /// The number of scalars a tensor of `shape` holds: the product of its dimensions.
  public static func count(_ shape: [Int]) -> Int {
    shape.reduce(1, *)
  }

  /// The shape as the book prints it: `(4, 7, 16)`.
  public static func describe(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  /// Maps a possibly negative axis (`-1` is the last) to `0..<rank`, or stops with a message.
  static func normalize(axis: Int, rank: Int, in op: String) -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    require(
      (0..<rank).contains(normalized),
      "\(op): axis \(axis) is out of range for a tensor of rank \(rank)")
    return normalized
  }

  /// Splits `shape` around `axis` into (outer, length, inner) counts.
  ///
  /// A tensor is then `outer` blocks of `length` rows of `inner` contiguous scalars.
  static func split(_ shape: [Int], at axis: Int) -> (outer: Int, length: Int, inner: Int) {
    (count(Array(shape[..<axis])), shape[axis], count(Array(shape[(axis + 1)...])))
  }

  /// Calls `body(i, offsetA, offsetB)` for every scalar index `i` of a row-major tensor of
  /// `shape`, with the offsets of two other tensors' scalars that move by `stridesA` and
  /// `stridesB` along each axis (0 where a tensor repeats). The general, slow path of
  /// broadcasting and permuting.
  static func forEachOffset(
    _ shape: [Int], _ stridesA: [Int], _ stridesB: [Int], _ body: (Int, Int, Int) -> Void
  ) {
    var index = Array(repeating: 0, count: shape.count)
    var offsetA = 0
    var offsetB = 0
    for position in 0..<count(shape) {
      body(position, offsetA, offsetB)
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        offsetA += stridesA[axis]
        offsetB += stridesB[axis]
        if index[axis] < shape[axis] { break }
        offsetA -= stridesA[axis] * shape[axis]
        offsetB -= stridesB[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}

/// Stops the program with `message` when `condition` is false, in debug and release builds alike
/// (unlike `precondition`, whose message release builds drop).
///
/// Shape mistakes are programming errors: they stop at once, naming both shapes, e.g.
/// `matmul: expected (2, 3) x (3, n), got (2, 3) x (4, 5)`.
@inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError(message()) }
}
