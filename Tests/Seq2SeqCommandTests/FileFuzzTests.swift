import Foundation
import TensorCore
import Testing

@testable import Checkpoint

/// Structure-aware fuzzing of the files the program reads: valid checkpoints and traces with one
/// field changed (a number to 0, negative, huge or infinite; a list emptied, shortened,
/// lengthened or blown up; a value of another type), the checkpoint's checksum recomputed so that
/// the change reaches the meaning, not only the bytes. Each mutant is handed to the real program
/// (`seq2seq translate`, `evaluate`, `figures --from-traces`) in a child process with at most
/// 4 GB of address space, so that a trap, a runaway allocation or a hang is caught and reported
/// with the mutation that caused it. Every mutant must be used (exit 0) or refused with one line
/// (exit 1 or 64).
@Suite("file fuzzing", .serialized)
struct FileFuzzTests {
  static let folder = temporaryFolder("seq2seq-file-fuzz")
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The `seq2seq` built beside this test bundle.
  static var program: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("seq2seq").path
  }

  @Test(
    "checkpoints with one header field changed and the checksum recomputed",
    arguments: [false, true])  // recurrent, then a Transformer (its sizes among the fields)
  func checkpoints(transformer: Bool) throws {
    let path = Self.folder.appendingPathComponent("tiny-\(transformer).ckpt").path
    trainTinyModel(to: path, transformer: transformer)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let file = CheckpointBytes(bytes)
    let header = try JSONSerialization.jsonObject(with: Data(file.header))
    var generator = SeededGenerator(seed: 30)
    var mutants = JSONMutation.all(of: header, using: &generator).map {
      (file.withHeader(Data(JSONMutation.text(of: $0.document).utf8)), "header: \($0.change)")
    }
    for _ in 0..<12 { mutants.append(file.withWeights(mutatedBy: &generator)) }
    var runs: [(command: [String], what: String)] = []
    for (index, (mutant, what)) in mutants.enumerated() {
      let input = Self.folder.appendingPathComponent("mutant-\(transformer)-\(index).ckpt")
      try Data(mutant).write(to: input)
      runs.append(([Self.program, "translate", "--model", input.path, "go .", "hi ."], what))
      if index % 8 == 0 {
        runs.append(([Self.program, "evaluate", "--model", input.path, "--held-out", "3"], what))
      }
    }
    Self.expectSurvive(runs)
  }

  @Test(
    "traces with one field changed, drawn by figures --from-traces",
    arguments: ["Figures/traces.json", "Figures/attention/run-traces.json"])
  func traces(_ name: String) throws {
    let source = Self.repository.appendingPathComponent(name)
    let original = try JSONSerialization.jsonObject(with: Data(contentsOf: source))
    var generator = SeededGenerator(seed: 31)
    var runs: [(command: [String], what: String)] = []
    for (index, (mutated, change)) in JSONMutation.all(of: original, using: &generator).enumerated()
    {
      let folder = Self.folder.appendingPathComponent("traces-\(index)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try JSONMutation.text(of: mutated).write(
        to: folder.appendingPathComponent(source.lastPathComponent), atomically: false,
        encoding: .utf8)
      let out = folder.appendingPathComponent("figures").path
      runs.append(([Self.program, "figures", "--from-traces", folder.path, "--out", out], change))
    }
    Self.expectSurvive(runs)
  }

  /// Runs the commands, two at a time (one per core), and records an issue for each, naming
  /// `what` was changed, unless it finished (0) or refused its input in one line (1, or 64 for a
  /// usage error).
  static func expectSurvive(_ runs: [(command: [String], what: String)]) {
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      for (command, what) in runs.enumerated().filter({ $0.offset % 2 == worker }).map(\.element) {
        if let failure = failure(of: run(command), what) { failures.append(failure) }
      }
    }
    for failure in failures.all { Issue.record(Comment(rawValue: failure)) }
  }

  /// What went wrong in `result`, or `nil` when it finished or refused in one line.
  static func failure(of result: Outcome, _ what: String) -> String? {
    switch result {
    case .exited(0, _): return nil
    case .exited(let status, let error) where status == 1 || status == 64:
      // One line of ours (and ArgumentParser's usage line for 64), nothing else: not a
      // sanitizer's report, not a backtrace.
      let lines = error.split(separator: "\n", omittingEmptySubsequences: true)
      return lines.count <= 2 && lines.contains(where: { $0.hasPrefix("Error: ") })
        ? nil : "\(what): status \(status) with \(lines.count) lines on standard error:\n\(error)"
    case .exited(let status, let error):
      return "\(what): exit status \(status)\n\(error.prefix(2000))"
    case .signal(let signal, let error):
      return "\(what): killed by signal \(signal)\n\(error.prefix(2000))"
    case .timeout:
      return "\(what): still running after \(timeout) s"
    }
  }

  /// The failures the workers found.
  final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
  }

  static let timeout = 20.0

  /// Whether this build runs under AddressSanitizer (and so does the `seq2seq` beside it).
  static let underAddressSanitizer = dlsym(nil, "__asan_init") != nil

  enum Outcome {
    case exited(Int32, String)
    case signal(Int32, String)
    case timeout
  }

  /// Runs `command` with its address space capped at 4 GB (a file asking for more is refused,
  /// not trusted) and no standard input.
  static func run(_ command: [String]) -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let quoted = command.map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
    // AddressSanitizer reserves terabytes of address space for its shadow memory: under it the
    // cap would stop every child at its start, so its builds run without (the checks that keep
    // allocations small are the same).
    let cap = underAddressSanitizer ? "" : "ulimit -v 4000000; "
    process.arguments = ["-c", "\(cap)exec \(quoted.joined(separator: " "))"]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    let errorFile = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    let errorHandle = try! FileHandle(forWritingTo: errorFile)
    process.standardError = errorHandle
    try! process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(5_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return .timeout
    }
    try? errorHandle.close()
    let error = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: errorFile)
    return process.terminationReason == .uncaughtSignal
      ? .signal(process.terminationStatus, error)
      : .exited(process.terminationStatus, error)
  }
}

/// A checkpoint's bytes in their three parts: what precedes the header, the JSON header, and the
/// weights (and moments) after it, without the checksum.
struct CheckpointBytes {
  let magicAndVersion: [UInt8]
  let header: [UInt8]
  let weights: [UInt8]

  init(_ bytes: [UInt8]) {
    let length = bytes[12..<20].reversed().reduce(0) { ($0 << 8) | Int($1) }
    magicAndVersion = Array(bytes[0..<12])
    header = Array(bytes[20..<(20 + length)])
    weights = Array(bytes[(20 + length)..<(bytes.count - 8)])
  }

  /// The file with `header` instead, its length and checksum recomputed.
  func withHeader(_ header: Data) -> [UInt8] { assemble(header: [UInt8](header), weights: weights) }

  /// The file with some weights made NaN, infinite or huge, its checksum recomputed.
  func withWeights(mutatedBy generator: inout SeededGenerator) -> ([UInt8], String) {
    let values: [(Float, String)] = [(.nan, "NaN"), (.infinity, "inf"), (1e30, "1e30")]
    let (value, name) = values[Int(generator.next() % 3)]
    var weights = weights
    let all = generator.next() % 2 == 0
    let count = weights.count / 4
    let chosen = all ? Array(0..<count) : [Int(generator.next() % UInt64(count))]
    for index in chosen {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { bits in
        for byte in 0..<4 { weights[4 * index + byte] = bits[byte] }
      }
    }
    return (
      assemble(header: header, weights: weights),
      "weights: \(all ? "every weight" : "weight \(chosen[0])") set to \(name)"
    )
  }

  func assemble(header: [UInt8], weights: [UInt8]) -> [UInt8] {
    var bytes = magicAndVersion
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
    bytes += header + weights
    withUnsafeBytes(of: fnv1a(bytes).littleEndian) { bytes += $0 }
    return bytes
  }
}

/// One change to one value somewhere in a JSON document, chosen at random.
enum JSONMutation {
  /// How many changes each field gets (all of them would take minutes: a mutant that passes the
  /// checks is drawn, which takes a quarter of a second).
  static let perField = 4

  /// Every kind of field of `document` (array elements count as one field, `steps.*.top`)
  /// changed in `perField` of the ways that suit its value, chosen by `generator`, each at one
  /// occurrence, also chosen by `generator`:
  /// the mutants with what was changed (`teacherForcing.labels.3: emptied`).
  static func all(of document: Any, using generator: inout SeededGenerator) -> [(
    document: Any, change: String
  )] {
    var byField: [String: [[AnyHashable]]] = [:]
    for path in allPaths(document, prefix: []) {
      let field = path.map { $0 is Int ? "*" : "\($0)" }.joined(separator: ".")
      byField[field, default: []].append(path)
    }
    var mutants: [(Any, String)] = []
    for field in byField.keys.sorted() {
      let paths = byField[field]!
      var kinds = mutations(of: value(in: document, at: paths[0][...]))
      kinds.shuffle(using: &generator)
      for (new, change) in kinds.prefix(perField) {
        let path = paths[Int(generator.next() % UInt64(paths.count))]
        let name = path.map { "\($0)" }.joined(separator: ".")
        mutants.append(
          (
            replace(in: document, at: path[...]) { _ in new },
            "\(name.isEmpty ? "the document" : name): \(change)"
          ))
      }
    }
    return mutants
  }

  static func value(in document: Any, at path: ArraySlice<AnyHashable>) -> Any {
    guard let first = path.first else { return document }
    if let object = document as? [String: Any], let key = first as? String {
      return value(in: object[key]!, at: path.dropFirst())
    }
    return value(in: (document as! [Any])[first as! Int], at: path.dropFirst())
  }

  /// `value` as JSON text (Foundation's writer refuses numbers like 1e39 with a trap).
  static func text(of value: Any) -> String {
    switch value {
    case let object as [String: Any]:
      let members = object.keys.sorted().map { "\(text(of: $0)):\(text(of: object[$0]!))" }
      return "{\(members.joined(separator: ","))}"
    case let array as [Any]: return "[\(array.map(text(of:)).joined(separator: ","))]"
    case let string as String:
      var escaped = "\""
      for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
        default: escaped.unicodeScalars.append(scalar)
        }
      }
      return escaped + "\""
    case let number as NSNumber:
      let type = String(cString: number.objCType)
      if type == "c" { return number.boolValue ? "true" : "false" }
      // Integers whole, however large (a fingerprint, Int.max): as a double they would round.
      if type == "Q" { return String(number.uint64Value) }
      if ["q", "l", "i", "s"].contains(type) { return String(number.int64Value) }
      let double = number.doubleValue
      return double == double.rounded() && abs(double) < 1e15
        ? String(Int64(double)) : String(describing: double)
    default: return "null"
    }
  }

  /// Every value's path: keys of objects, indices of arrays.
  static func allPaths(_ value: Any, prefix: [AnyHashable]) -> [[AnyHashable]] {
    var paths = [prefix]
    if let object = value as? [String: Any] {
      for key in object.keys.sorted() {
        paths += allPaths(object[key]!, prefix: prefix + [key])
      }
    } else if let array = value as? [Any] {
      for (index, element) in array.enumerated() {
        paths += allPaths(element, prefix: prefix + [index])
      }
    }
    return paths
  }

  static func replace(
    in value: Any, at path: ArraySlice<AnyHashable>, _ change: (Any) -> Any
  ) -> Any {
    guard let first = path.first else { return change(value) }
    if var object = value as? [String: Any], let key = first as? String {
      object[key] = replace(in: object[key]!, at: path.dropFirst(), change)
      return object
    }
    if var array = value as? [Any], let index = first as? Int {
      array[index] = replace(in: array[index], at: path.dropFirst(), change)
      return array
    }
    return value
  }

  /// The changes tried on a value of this kind, with their names.
  static func mutations(of value: Any) -> [(Any, String)] {
    var kinds: [(Any, String)] = [(NSNull(), "null"), ("x", "the string \"x\"")]
    if let array = value as? [Any] {
      kinds += [
        ([Any](), "emptied"), (Array(array.dropLast()), "shortened by one"),
        (array + array.suffix(1), "lengthened by one"),
        (array + Array(repeating: array.last ?? 0, count: 20_000), "lengthened by 20,000"),
        ([String: Any](), "an object instead"),
      ]
      if array.count >= 2 {
        kinds.append(([array[1]] + array.dropFirst(), "its first element a copy of the second"))
      }
      // Sizes whose sum wraps around to the same total: Int.max + Int.max + (a + b + c + 2).
      if array.count >= 3, let ints = Array(array.prefix(3)) as? [Int] {
        let rest = ints.reduce(2, &+)
        kinds.append(([Int.max, Int.max, rest] + array.dropFirst(3), "sizes that sum by wrapping"))
      }
    } else if value is [String: Any] {
      kinds += [([Any](), "an array instead")]
    } else if value is String {
      kinds += [
        ("", "the empty string"), (String(repeating: "w", count: 100_000), "100,000 w"),
        ("<pad>", "<pad>"), ("a\nb", "a newline inside"), ("a b", "a space inside"),
      ]
    } else {
      kinds += [0, -1, 1e9, 1e19, 0.5, 1e39].map { ($0, "\($0)") }
      kinds += [Int.max, Int.max - 1, 1 << 62, Int.min].map { ($0, "\($0)") }
    }
    return kinds
  }
}
