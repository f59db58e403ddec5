import ExerciseSupport
import Formatting
import TensorCore

// The differential part of every check: after the hand-picked cases pass, the learner's function
// runs beside the library's piece on a few seeded random cases drawn to break coincidences (no
// two sizes equal, valid lengths all different, words that are prefixes of each other, ties and
// no ties), and the smallest failing case found is the one reported. A hand-picked case explains
// a mistake; a random case catches the mistakes nobody thought of.
//
// Our own small generator rather than a property-testing package: the checks run inside the
// `exercises` command and its watch loop, not only under Swift Testing, and each case must be
// shrunk by its sizes (rows, steps, tokens) and rebuilt from its seed so that a learner sees the
// same case on every run. `x-sheep/swift-property-based` reports through Swift Testing's issues
// and does not shrink.

/// Which parts of a check run. A learner's check runs both; `MistakeTests` run the random part
/// alone, to prove it catches every recorded mistake without the hand-picked cases' help.
public enum CheckParts: Sendable {
  /// The hand-picked cases, then the random ones.
  case both
  /// The hand-picked cases alone.
  case handPicked
  /// The random cases alone.
  case random

  /// The parts the checks run now (`both` unless a caller says otherwise).
  @TaskLocal public static var current: CheckParts = .both
}

/// Runs a check's hand-picked cases, unless only its random part is asked for.
func handPicked(_ cases: () throws -> Void) rethrows {
  if CheckParts.current != .random { try cases() }
}

/// One size of a random case: its name as a message shows it ("batch") and the values it takes.
struct SizeRange {
  let name: String
  let range: ClosedRange<Int>

  init(_ name: String, _ range: ClosedRange<Int>) { (self.name, self.range) = (name, range) }
}

/// The sizes of one random case, by name.
struct Sizes: CustomStringConvertible {
  let ranges: [SizeRange]
  var values: [Int]

  /// The size named `name`.
  subscript(_ name: String) -> Int {
    guard let index = ranges.firstIndex(where: { $0.name == name }) else {
      preconditionFailure("no size named \(name)")
    }
    return values[index]
  }

  /// "batch 3, steps 5".
  var description: String {
    zip(ranges, values).map { "\($0.name) \($1)" }.joined(separator: ", ")
  }

  /// Draws every size in its range, each rerolled (a few times) while it equals one drawn before,
  /// so that a mistake cannot lean on two sizes being the same.
  static func draw(_ ranges: [SizeRange], using generator: inout SeededGenerator) -> Sizes {
    var values: [Int] = []
    for size in ranges {
      var value = Int.random(in: size.range, using: &generator)
      for _ in 0..<20 where values.contains(value) {
        value = Int.random(in: size.range, using: &generator)
      }
      values.append(value)
    }
    return Sizes(ranges: ranges, values: values)
  }

  /// Smaller cases to try when this one fails: each size at its smallest, then one less.
  var smaller: [Sizes] {
    ranges.indices.flatMap { index -> [Sizes] in
      let (value, lowest) = (values[index], ranges[index].range.lowerBound)
      return Set([lowest, value - 1]).sorted().filter { $0 < value && $0 >= lowest }.map {
        var sizes = self
        sizes.values[index] = $0
        return sizes
      }
    }
  }
}

/// Runs `count` random cases of exercise `id`: case i draws its sizes from `sizes` and its
/// values from a generator seeded by the exercise and i, so that the same cases come every run.
/// `body` builds the case, runs the learner's function and the library's piece, and throws
/// (`expectClose`, `expectEqual`) when they differ. The first failing case is shrunk, a size at
/// a time, to the smallest that still fails, rebuilt from the same seed; its failure is thrown,
/// naming the case.
func randomCases(
  _ id: ExerciseID, count: Int = 8, sizes: [SizeRange],
  _ body: (Sizes, inout SeededGenerator) throws -> Void
) throws {
  guard CheckParts.current != .handPicked else { return }
  let base = id.rawValue.utf8.reduce(UInt64(14_695_981_039_346_656_037)) {
    ($0 ^ UInt64($1)) &* 1_099_511_628_211
  }
  for index in 0..<count {
    let seed = base &+ UInt64(index)
    var draw = SeededGenerator(seed: seed)
    let drawn = Sizes.draw(sizes, using: &draw)
    func run(_ sizes: Sizes) -> Error? {
      var generator = SeededGenerator(seed: seed ^ 0x5EED)
      do {
        try body(sizes, &generator)
        return nil
      } catch {
        return error
      }
    }
    guard var failure = run(drawn) else { continue }
    var smallest = drawn
    shrinking: while true {
      for candidate in smallest.smaller {
        if let error = run(candidate) {
          (smallest, failure) = (candidate, error)
          continue shrinking
        }
      }
      break
    }
    let shrunk = smallest.values == drawn.values ? "" : "; shrunk from \(drawn)"
    let message = (failure as? ExerciseFailure)?.message ?? "your function threw \(failure)"
    throw ExerciseFailure(
      id, "random case \(index + 1) of \(count) (\(smallest)\(shrunk)): \(message)")
  }
}

extension SeededGenerator {
  /// A tensor of `shape` with uniform scalars in [-s, s], s drawn from 0.5, 2 and 8 (so that a
  /// fill of -1 or -10 can be reached), none of them 0 in practice.
  mutating func tensor(_ shape: [Int]) -> Tensor {
    Tensor.sample(shape, seed: next()) * [0.5, 2, 8].randomElement(using: &self)!
  }

  /// `count` valid lengths in 0...numSteps (1...numSteps without `zero`), all different while
  /// there are enough values; half the time all below numSteps (the longest sentence shorter
  /// than the batch's steps), else 0 and numSteps among them as often as chance gives.
  mutating func validLengths(_ count: Int, numSteps: Int, zero: Bool = true) -> [Int] {
    let lowest = zero ? 0 : 1
    let highest = Bool.random(using: &self) ? numSteps : max(numSteps - 1, lowest)
    let choices = Array(lowest...max(highest, lowest)).shuffled(using: &self)
    return (0..<count).map {
      $0 < choices.count ? choices[$0] : choices.randomElement(using: &self)!
    }
  }

  /// `count` token ids below `vocabSize`.
  mutating func tokens(_ count: Int, vocabSize: Int) -> [Int] {
    (0..<count).map { _ in Int.random(in: 0..<vocabSize, using: &self) }
  }

  /// `count` scores: in [-3, 0), or, with `ties`, drawn from three values so that some are equal.
  mutating func scores(_ count: Int, ties: Bool) -> [Float] {
    let tied: [Float] = [-0.5, -1.25, -2]
    return (0..<count).map { _ in
      ties ? tied.randomElement(using: &self)! : -3 * nextUnitFloat()
    }
  }

  /// `count` words from `alphabet`, by default one whose words are prefixes and concatenations
  /// of each other ("a", "ab", "b", "ba", "aba"): joining or splitting them wrongly makes other
  /// words. With `sharing`, runs of its words (a random start, a random length) alternate with
  /// random words: a reference that shares n-grams with its prediction, and runs of the same
  /// letters cut elsewhere ("a ba" as "ab a").
  mutating func words(
    _ count: Int, from alphabet: [String] = ["a", "ab", "b", "ba", "aba", "a."],
    sharing others: [String] = []
  ) -> [String] {
    var words: [String] = []
    while words.count < count {
      if !others.isEmpty && Bool.random(using: &self) {
        let start = Int.random(in: others.indices, using: &self)
        let run = (0..<Int.random(in: 1...others.count, using: &self)).map {
          others[(start + $0) % others.count]
        }
        words += Bool.random(using: &self) ? run : respelled(run)
      } else {
        words.append(alphabet.randomElement(using: &self)!)
      }
    }
    return Array(words.prefix(count))
  }

  /// `words` joined and cut again into as many words at other places: "a ba" may become "ab a".
  mutating func respelled(_ words: [String]) -> [String] {
    let letters = Array(words.joined())
    let cuts = Array(1..<letters.count).shuffled(using: &self).prefix(words.count - 1).sorted()
    return zip([0] + cuts, cuts + [letters.count]).map { String(letters[$0..<$1]) }
  }

  /// A prediction of `count` words from two to four of them ("a", "ab", "ba": "a ba" and "ab a"
  /// both spell "aba"), so that its n-grams repeat.
  mutating func prediction(_ count: Int) -> [String] {
    let alphabets = [
      ["a", "ab", "ba"], ["a", "b", "ab", "ba"], ["b", "ab"], ["a", "aba", "ba"],
    ]
    return words(count, from: alphabets.randomElement(using: &self)!)
  }
}

/// `tensor`'s shape, and its scalars when there are few enough to read: "(2, 3) [[...]]".
func describe(_ tensor: Tensor) -> String {
  let shape = Shape.describe(tensor.shape)
  guard tensor.scalars.count <= 8 else { return shape }
  return shape + " [" + tensor.scalars.map { fixed($0, 3) }.joined(separator: ", ") + "]"
}
