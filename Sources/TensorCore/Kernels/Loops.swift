/// The vector the kernels compute with: 16 floats, one AVX-512 register or four SSE ones.
typealias Vector = SIMD16<Float>

/// Element-wise loops over raw buffers, 16 scalars at a time.
///
/// Kernels never index `[Float]` element by element (bounds and copy-on-write checks cost ~55 ns
/// each); they run a vector function over buffer pointers. The last partial vector is padded with
/// zeros, computed, and only its valid lanes stored, so one function serves every length.
enum Loops {
  /// `output[i] = f(x[i])` for `i < count`; `output` may be `x`.
  @inline(__always)
  static func map(
    _ count: Int, _ x: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    _ f: (Vector) -> Vector
  ) {
    var index = 0
    while index < count {
      store(f(load(x, index, count)), output, index, count)
      index += Vector.scalarCount
    }
  }

  /// `output[i] = f(x[i], y[i])` for `i < count`; `output` may be `x` or `y`.
  @inline(__always)
  static func zip(
    _ count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>, _ f: (Vector, Vector) -> Vector
  ) {
    var index = 0
    while index < count {
      store(f(load(x, index, count), load(y, index, count)), output, index, count)
      index += Vector.scalarCount
    }
  }

  /// `output[i] = f(x[i], y[i], z[i])` for `i < count`; `output` may be one of the inputs.
  @inline(__always)
  static func zip3(
    _ count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>, _ f: (Vector, Vector, Vector) -> Vector
  ) {
    var index = 0
    while index < count {
      let result = f(load(x, index, count), load(y, index, count), load(z, index, count))
      store(result, output, index, count)
      index += Vector.scalarCount
    }
  }

  /// The sum of `x[0..<count]`, accumulated lane by lane, then across lanes.
  @inline(__always)
  static func sum(_ count: Int, _ x: UnsafePointer<Float>) -> Float {
    var total = Vector()
    var index = 0
    while index < count {
      total += load(x, index, count)
      index += Vector.scalarCount
    }
    return total.sum()
  }

  /// The dot product sum_i x[i] y[i].
  @inline(__always)
  static func dot(_ count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
    var total = Vector()
    var index = 0
    while index < count {
      total += load(x, index, count) * load(y, index, count)
      index += Vector.scalarCount
    }
    return total.sum()
  }

  /// `output[j] = sum_i x[i * columns + j]`: the column sums of a row-major (rows, columns)
  /// matrix, e.g. a bias gradient. Sixteen columns at a time, summed down the rows in a register;
  /// a ragged last block is the last sixteen columns again (their sums are simply rewritten).
  static func columnSums(
    rows: Int, columns: Int, _ x: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>
  ) {
    guard columns >= Vector.scalarCount else {
      output.update(repeating: 0, count: columns)
      for row in 0..<rows { zip(columns, output, x + row * columns, into: output) { $0 + $1 } }
      return
    }
    var start = 0
    while start < columns {
      let j = Swift.min(start, columns - Vector.scalarCount)
      var total = Vector()
      for row in 0..<rows { total += load(x + row * columns, j, columns) }
      store(total, output, j, columns)
      start += Vector.scalarCount
    }
  }

  /// The largest of `x[0..<count]` (`count` > 0).
  @inline(__always)
  static func max(_ count: Int, _ x: UnsafePointer<Float>) -> Float {
    var largest = Vector(repeating: -.infinity)
    var index = 0
    while index < count {
      let chunk = load(x, index, count)
      let valid = index + Vector.scalarCount <= count
      let candidate = valid ? chunk : padded(chunk, validLanes: count - index)
      largest.replace(with: candidate, where: candidate .> largest)
      index += Vector.scalarCount
    }
    return largest.max()
  }

  /// The 16 scalars from `x[index]`, zero-padded past `count`.
  @inline(__always)
  static func load(_ x: UnsafePointer<Float>, _ index: Int, _ count: Int) -> Vector {
    if index + Vector.scalarCount <= count {
      return UnsafeRawPointer(x + index).loadUnaligned(as: Vector.self)
    }
    var vector = Vector()
    for lane in 0..<(count - index) { vector[lane] = x[index + lane] }
    return vector
  }

  /// Stores the lanes of `vector` that fall before `count`, from `output[index]` on.
  @inline(__always)
  static func store(
    _ vector: Vector, _ output: UnsafeMutablePointer<Float>, _ index: Int, _ count: Int
  ) {
    if index + Vector.scalarCount <= count {
      UnsafeMutableRawPointer(output + index).storeBytes(of: vector, as: Vector.self)
      return
    }
    for lane in 0..<(count - index) { output[index + lane] = vector[lane] }
  }

  /// `vector` with the lanes from `validLanes` on set to minus infinity, for `max`.
  @inline(__always)
  private static func padded(_ vector: Vector, validLanes: Int) -> Vector {
    var result = vector
    for lane in validLanes..<Vector.scalarCount { result[lane] = -.infinity }
    return result
  }
}
