// What a traces file must be to be drawn: every record consistent with itself (lengths that
// match, indices within their lists, probabilities in 0...1, numbers finite) and within sizes a
// figure can draw. `TraceFile.read(from:)` checks it before anything is drawn, so a file that
// parses but does not fit together is refused in one line instead of trapping in a figure.

/// The largest traces a figure draws.
public enum TraceLimit {
  /// A traces file's bytes: the figures' own are a few kilobytes.
  public static let fileBytes = 16 << 20
  /// Tokens of one sentence (a model's numSteps is at most 1,000).
  public static let tokens = 1_000
  /// Characters of one token or name.
  public static let characters = 1_000
  /// Rows of a table (sentences, beams, buckets, epochs of a curve).
  public static let rows = 100_000
  /// A count or a length.
  public static let count = 1_000_000_000
}

/// The first failed check as `field: reason`, or `nil` when all pass.
func firstProblem(_ checks: [(field: String, passes: Bool, reason: String)]) -> String? {
  checks.first { !$0.passes }.map { "\($0.field) \($0.reason)" }
}

/// Whether every value is finite and within `range`.
func all<T: BinaryFloatingPoint>(_ values: [T], in range: ClosedRange<T>) -> Bool {
  values.allSatisfy { $0.isFinite && range.contains($0) }
}

/// Whether there are at most `limit` tokens, each of at most `TraceLimit.characters`.
func drawable(_ tokens: [String], limit: Int = TraceLimit.tokens) -> Bool {
  tokens.count <= limit && tokens.allSatisfy { $0.utf8.count <= TraceLimit.characters }
}

let probability: ClosedRange<Float> = 0...1
let finite = -Float.greatestFiniteMagnitude...Float.greatestFiniteMagnitude
let count = 0...TraceLimit.count
let bleuRange: ClosedRange<Double> = 0...100

extension TeacherForcingTrace {
  var problem: String? {
    let columns = decoderInputs.count
    return firstProblem([
      ("sourceTokens", drawable(sourceTokens), "holds more than 1,000 tokens or a huge one"),
      (
        "sourceValidLen", (0...sourceTokens.count).contains(sourceValidLen),
        "is \(sourceValidLen), must be within 0...\(sourceTokens.count) (the source tokens)"
      ),
      (
        "decoderInputs", (1...TraceLimit.tokens).contains(columns) && drawable(decoderInputs),
        "must hold 1 to 1,000 tokens"
      ),
      ("labels", labels.count == columns && drawable(labels), "must be as many as decoderInputs"),
      (
        "labelProbabilities",
        labelProbabilities.count == columns && all(labelProbabilities, in: probability),
        "must be as many as decoderInputs, each within 0...1"
      ),
      (
        "targetValidLen", (0...columns).contains(targetValidLen),
        "is \(targetValidLen), must be within 0...\(columns) (the labels)"
      ),
    ]).map { "teacherForcing.\($0)" }
  }
}

extension ModelTrace {
  var problem: String? {
    firstProblem([
      ("layers", layers.count <= 100, "holds more than 100 layers"),
      ("layers", layers.contains(where: \.isEncoder), "has no encoder layer"),
      ("layers", layers.filter { !$0.isEncoder }.count >= 2, "has fewer than 2 decoder layers"),
      ("flows", flows.count == layers.count, "must be as many as layers (\(layers.count))"),
      (
        "layers", drawable(layers.flatMap { [$0.name, $0.detail] } + flows + [handoff ?? ""]),
        "holds a name too long to draw"
      ),
    ]).map { "model.\($0)" }
  }
}

extension PredictionTrace {
  var problem: String? {
    firstProblem([
      ("sourceTokens", drawable(sourceTokens), "holds more than 1,000 tokens or a huge one"),
      ("steps", steps.count <= TraceLimit.tokens, "holds more than 1,000 steps"),
      (
        "steps", steps.allSatisfy { drawable([$0.input] + $0.top.map(\.token)) },
        "holds a token too long to draw"
      ),
      (
        "steps", steps.allSatisfy { all($0.top.map(\.probability), in: probability) },
        "holds a probability outside 0...1"
      ),
      ("context", context.count <= 100_000 && all(context, in: finite), "must be finite numbers"),
    ]).map { "prediction.\($0)" }
  }
}

extension BeamTrace {
  var problem: String? {
    firstProblem([
      ("steps", steps.count <= TraceLimit.tokens, "holds more than 1,000 steps"),
      ("steps", steps.allSatisfy { $0.count <= 100 }, "holds a step of more than 100 beams"),
      (
        "steps",
        steps.allSatisfy { $0.allSatisfy { drawable($0.tokens) && $0.logProbability.isFinite } },
        "holds a beam too long to draw or a log-probability that is not a number"
      ),
      ("best", drawable(best), "holds more than 1,000 tokens or a huge one"),
    ]).map { "beams.\($0)" }
  }
}

extension MaskedLossTrace {
  var problem: String? {
    let columns = tokens.first?.count ?? 0
    return firstProblem([
      ("tokens", tokens.count <= 1_000, "holds more than 1,000 sentences"),
      (
        "tokens", tokens.allSatisfy { $0.count == columns && drawable($0) }, "rows differ in length"
      ),
      (
        "losses", losses.count == tokens.count && losses.allSatisfy { $0.count == columns },
        "must have a loss for every token"
      ),
      (
        "losses", losses.allSatisfy { all($0, in: 0...Float.greatestFiniteMagnitude) },
        "must be finite and >= 0"
      ),
      (
        "validLen",
        validLen.count == tokens.count && validLen.allSatisfy { (0...columns).contains($0) },
        "must give each sentence a length within 0...\(columns)"
      ),
      (
        "sentenceLosses", sentenceLosses.count == tokens.count && all(sentenceLosses, in: finite),
        "must give each sentence a finite loss"
      ),
    ]).map { "maskedLoss.\($0)" }
  }
}

extension ContextTrace {
  var problem: String? {
    let units = vectors.first?.count ?? 0
    return firstProblem([
      ("sentences", sentences.count <= 1_000 && drawable(sentences), "holds more than 1,000"),
      ("vectors", vectors.count == sentences.count, "must be as many as sentences"),
      ("vectors", units <= 8_192 && vectors.allSatisfy { $0.count == units }, "differ in width"),
      ("vectors", vectors.allSatisfy { all($0, in: finite) }, "must be finite numbers"),
    ]).map { "contexts.\($0)" }
  }
}

extension BLEUTrace {
  var problem: String? {
    firstProblem([
      ("hypothesis", drawable(hypothesis), "holds more than 1,000 tokens or a huge one"),
      ("reference", drawable(reference), "holds more than 1,000 tokens or a huge one"),
      ("matches", (1...100).contains(matches.count), "must hold 1 to 100 n-gram orders"),
      (
        "matches",
        matches.enumerated().allSatisfy {
          $0.element.count == max(hypothesis.count - $0.offset, 0)
        },
        "must mark each n-gram of the hypothesis"
      ),
      (
        "precisions", precisions.count == matches.count && all(precisions, in: 0...1),
        "must give each order a precision within 0...1"
      ),
      ("brevityPenalty", all([brevityPenalty], in: 0...1), "must be within 0...1"),
      ("score", all([score], in: 0...1), "must be within 0...1"),
    ]).map { "bleu.\($0)" }
  }
}

/// What is wrong with histogram bars, or `nil`.
func problem(_ bars: [LengthCount], field: String) -> String? {
  firstProblem([
    ("", bars.count <= 1_000, "holds more than 1,000 bars"),
    (
      "",
      bars.allSatisfy {
        count.contains($0.length) && count.contains($0.source) && count.contains($0.target)
      },
      "holds a length or count outside 0...\(TraceLimit.count)"
    ),
  ]).map { "\(field)\($0)" }
}

/// What is wrong with BLEU buckets, or `nil`.
func problem(_ buckets: [LengthBLEU], field: String) -> String? {
  firstProblem([
    ("", buckets.count <= 1_000, "holds more than 1,000 buckets"),
    (
      "", buckets.allSatisfy { count.contains($0.length) && count.contains($0.count) },
      "holds a length or count outside 0...\(TraceLimit.count)"
    ),
    ("", all(buckets.map(\.bleu), in: bleuRange), "holds a BLEU outside 0...100"),
  ]).map { "\(field)\($0)" }
}

extension AttentionTrace {
  /// What is inconsistent, prefixed with `field`, or `nil`.
  func problem(field: String) -> String? {
    firstProblem([
      ("source", drawable(source), "holds more than 1,000 tokens or a huge one"),
      ("target", drawable(target), "holds more than 1,000 tokens or a huge one"),
      (
        "weights", weights.count == target.count && weights.allSatisfy { $0.count == source.count },
        "must have a row for each target token and a column for each source token"
      ),
      ("weights", weights.allSatisfy { all($0, in: probability) }, "must be within 0...1"),
      (
        "links",
        links.map { $0.count == target.count && $0.joined().allSatisfy(source.indices.contains) }
          ?? true,
        "must link each target token to source columns"
      ),
      (
        "heads",
        heads.map { heads in
          heads.count <= 1_000
            && heads.allSatisfy { head in
              head.count == target.count
                && head.allSatisfy { $0.count == source.count && all($0, in: probability) }
            }
        } ?? true,
        "must hold at most 1,000 heads of a row per target token and a column per source token, within 0...1"
      ),
    ]).map { "\(field).\($0)" }
  }
}

extension FigureTraces {
  /// The first inconsistency of the record, naming its field, or `nil`.
  public var problem: String? {
    let parts: [() -> String?] = [
      { teacherForcing.problem }, { model.problem }, { prediction.problem }, { beams.problem },
      { maskedLoss.problem },
      {
        firstProblem([
          ("losses", losses.count <= TraceLimit.rows && all(losses, in: finite), "must be finite")
        ])
      },
      { contexts.problem }, { bleu.problem },
      { Traces.problem(tokenLengths, field: "tokenLengths") },
      { Traces.problem(bleuByLength, field: "bleuByLength") },
      { attention?.problem(field: "attention") },
      { transformer?.problem(field: "transformer") },
    ]
    return parts.lazy.compactMap { $0() }.first
  }
}

extension RunTraces {
  /// The first inconsistency of the record, naming its field, or `nil`.
  public var problem: String? {
    let curve = learningCurve
    let epochs = curve.trainingLoss.count
    return firstProblem([
      (
        "learningCurve.trainingLoss",
        epochs <= TraceLimit.rows && all(curve.trainingLoss, in: finite),
        "must be finite, at most 100,000 epochs"
      ),
      (
        "learningCurve.validationLoss",
        curve.validationLoss.count <= epochs && all(curve.validationLoss, in: finite),
        "must be finite, one per epoch"
      ),
      (
        "learningCurve.validationBLEU",
        curve.validationBLEU.count <= epochs && all(curve.validationBLEU, in: bleuRange),
        "must be within 0...100, one per epoch"
      ),
      (
        "learningCurve.bestEpoch", (0...epochs).contains(curve.bestEpoch),
        "is \(curve.bestEpoch), must be within 0...\(epochs)"
      ),
      ("learningCurve.detail", drawable([curve.detail]), "is too long to draw"),
      ("attention", (attention?.count ?? 0) <= 100, "holds more than 100 sentences"),
      ("baselines", (baselines?.count ?? 0) <= 2, "holds more than 2 models"),
    ])
      ?? Traces.problem(bleuByLength, field: "bleuByLength")
      ?? (attention ?? []).enumerated().lazy.compactMap {
        $0.element.problem(field: "attention.\($0.offset)")
      }.first
      ?? (baselines ?? []).enumerated().lazy.compactMap {
        drawable([$0.element.name])
          ? Traces.problem($0.element.bleuByLength, field: "baselines.\($0.offset).bleuByLength")
          : "baselines.\($0.offset).name is too long to draw"
      }.first
      ?? transformer?.problem(field: "transformer")
  }
}

extension TranslatorTraces {
  /// The first inconsistency of the record, naming its field, or `nil`.
  public var problem: String? {
    firstProblem([
      ("yours", yours.count <= TraceLimit.rows && all(yours, in: finite), "must be finite"),
      ("library", library.count <= TraceLimit.rows && all(library, in: finite), "must be finite"),
    ])
  }
}

extension TransformerTrace {
  /// What is inconsistent, prefixed with `field`, or `nil`.
  func problem(field: String) -> String? {
    /// Whether `weights` is [block][head][rows][columns] of at most 100 blocks and heads, each
    /// within 0...1.
    func fits(_ weights: [[[[Float]]]], rows: Int, columns: Int) -> Bool {
      weights.count <= 100
        && weights.allSatisfy { heads in
          heads.count <= 100
            && heads.allSatisfy { head in
              head.count == rows
                && head.allSatisfy { $0.count == columns && all($0, in: probability) }
            }
        }
    }
    let width = positionalEncoding.first?.count ?? 0
    return firstProblem([
      (
        "positionalEncoding",
        positionalEncoding.count <= TraceLimit.rows && width <= 10_000
          && positionalEncoding.allSatisfy { $0.count == width && all($0, in: -1...1) },
        "must be rows of equal width within -1...1"
      ),
      ("source", drawable(source), "holds more than 1,000 tokens or a huge one"),
      ("target", drawable(target), "holds more than 1,000 tokens or a huge one"),
      (
        "encoder", fits(encoder, rows: source.count, columns: source.count),
        "must hold heads of a row and a column per source token, within 0...1"
      ),
      (
        "decoderSelf", fits(decoderSelf, rows: target.count, columns: target.count),
        "must hold heads of a row and a column per target token, within 0...1"
      ),
      (
        "cross", fits(cross, rows: target.count, columns: source.count),
        "must hold heads of a row per target token and a column per source token, within 0...1"
      ),
    ]).map { "\(field).\($0)" }
  }
}
