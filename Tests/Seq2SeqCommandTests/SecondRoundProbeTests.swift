import Foundation
import Testing

@testable import Run
@testable import Seq2SeqCommand

/// The probes of issue 42 that once went wrong, each typed as the user typed it (a shell line,
/// with its redirections and process substitutions) and run in a child process: a trap, a hang
/// or a second line fails the test, not the suite. Causes 2 (kills) and 5 (the learner's code)
/// have suites of their own: `KillAtEveryRenameTests`, `BackupsTests`.
@Suite("what a hostile user tried, second round", .serialized)
struct SecondRoundProbeTests {
  static let folder = temporaryFolder("seq2seq-probes-2")
  static let corpus = FileFuzzTests.repository.appendingPathComponent(
    "Sources/TranslationData/Resources/fra-eng-20000.txt"
  ).path
  /// The tiny model of `ProbeTests` (nine pairs, four units), with its trainer state.
  static var tiny: String { ProbeTests.tiny }
  /// The same, trained with a split.
  static let split: String = {
    let path = folder.appendingPathComponent("split.ckpt").path
    _ = quietly {
      Seq2SeqCommand.outcome(of: [
        "train", "--split", "80/10/10", "--num-examples", "200", "--embed-size", "4",
        "--num-hiddens", "4", "--num-layers", "1", "--bleu-pairs", "10", "--epochs", "1",
        "--out", path,
      ])
    }
    return path
  }()

  /// Runs `script` with bash in `folder`, `$S` standing for the program; its exit status and
  /// everything it printed (standard output, then standard error).
  static func sh(_ script: String, timeout: Double = 40) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    // The address space capped at 4 GB, as `FileFuzzTests.run` does (not under AddressSanitizer,
    // whose shadow memory needs terabytes of it).
    let cap = FileFuzzTests.underAddressSanitizer ? "" : "ulimit -v 4000000; "
    process.arguments = ["-c", "\(cap)\(script)"]
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment.merging([
      "S": FileFuzzTests.program, "CORPUS": corpus, "TINY": tiny,
    ]) { $1 }
    let log = folder.appendingPathComponent("output-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try! FileHandle(forWritingTo: log)
    (process.standardOutput, process.standardError) = (handle, handle)
    process.standardInput = FileHandle.nullDevice
    try! process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(5_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return (-1, "still running after \(timeout) s")
    }
    try? handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    return (process.terminationReason == .uncaughtSignal ? -2 : process.terminationStatus, output)
  }

  /// Expects `script` to be refused with exit 1 and one line starting `Error:` holding `words`.
  static func expectRefused(
    _ script: String, saying words: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (status, output) = sh(script)
    let lines = output.split(separator: "\n")
    #expect(
      status == 1 && lines.count == 1 && lines[0].hasPrefix("Error:") && output.contains(words),
      "\(script): exit \(status): \(output)", sourceLocation: sourceLocation)
  }

  /// A copy of the checkpoint at `path` with its header changed, the checksum recomputed.
  static func edited(_ path: String, _ change: (inout [String: Any]) -> Void) throws -> String {
    let file = CheckpointBytes(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    var header = try JSONSerialization.jsonObject(with: Data(file.header)) as! [String: Any]
    change(&header)
    let edited = folder.appendingPathComponent("edited-\(UUID().uuidString).ckpt").path
    try Data(file.withHeader(Data(JSONMutation.text(of: header).utf8))).write(
      to: URL(fileURLWithPath: edited))
    return edited
  }

  /// `header[path[0]][path[1]]... = value`.
  static func set(_ header: inout [String: Any], _ path: [String], _ value: Any) {
    guard let key = path.first else { return }
    if path.count == 1 {
      header[key] = value
    } else {
      var inner = header[key] as! [String: Any]
      set(&inner, Array(path.dropFirst()), value)
      header[key] = inner
    }
  }

  // Cause 1: numbers from files and flags checked against what they are used with.

  @Test("evaluate with a corpus shorter than the model's, or a huge --held-out")
  func everydayEvaluate() throws {
    Self.expectRefused(
      "$S evaluate --model $TINY --data <(head -n 3 $CORPUS)",
      saying: "has 3 pairs, but the model was trained on the first 9 pairs")
    Self.expectRefused(
      "printf 'Go.\\tVa !\\n' > one.txt; $S evaluate --model $TINY --data one.txt",
      saying: "one.txt has 1 pairs")
    let huge = Self.sh(
      "$S evaluate --model $TINY --data <(head -n 30 $CORPUS) --held-out 9223372036854775807")
    #expect(huge.status == 0 && huge.output.contains("Held-out pairs 10...30"), "\(huge)")
  }

  @Test("header numbers: wrapping split sizes, numExamples near Int.max or above the corpus")
  func headerNumbers() throws {
    let pairsRead = 201
    let wrapping = try Self.edited(Self.split) {
      Self.set(&$0, ["run", "split", "sizes"], [Int.max, Int.max, pairsRead + 2])
    }
    Self.expectRefused("$S evaluate --model \(wrapping)", saying: "run.split.sizes")
    let huge = try Self.edited(Self.tiny) { $0["numExamples"] = Int.max }
    Self.expectRefused("$S evaluate --model \(huge)", saying: "numExamples is \(Int.max)")
    let beyond = try Self.edited(Self.tiny) { $0["numExamples"] = 30_000 }
    Self.expectRefused(
      "$S evaluate --model \(beyond)", saying: "has 20000 pairs, but the model was trained on")
  }

  @Test("a resumed run's Adam step count and dropout generators are checked")
  func trainerState() throws {
    let train =
      "$S train --epochs 2 --num-examples 8 --embed-size 4 --num-hiddens 4 --num-layers 1 "
      + "--out resumed.ckpt --resume"
    for steps in [Int.max, 1 << 62, 5] {
      let edited = try Self.edited(Self.tiny) {
        Self.set(&$0, ["run", "trainer", "adamSteps"], steps)
      }
      // Named with the file, however deep the check that refuses it.
      Self.expectRefused(
        "\(train) \(edited)",
        saying: steps == 5 ? "cannot resume from \(edited): its Adam step count 5" : "adamSteps")
    }
    let zero = try Self.edited(Self.tiny) {
      let workers = (($0["run"] as! [String: Any])["trainer"] as! [String: Any])["dropout"]
      let zeros = (workers as! [[[Any]]]).map { $0.map { _ in [0, 0, 0, 0] } }
      Self.set(&$0, ["run", "trainer", "dropout"], zeros)
    }
    Self.expectRefused(
      "\(train) \(zero)", saying: "cannot resume from \(zero): worker 1's dropout generators")
  }

  @Test("tokens that are not words, weights that overflow, a split seed edited")
  func meaning() throws {
    func tokens(_ change: @escaping ([String]) -> [String]) throws -> String {
      try Self.edited(Self.tiny) { $0["targetTokens"] = change($0["targetTokens"] as! [String]) }
    }
    // The tiny model's French vocabulary: the four reserved tokens and one word.
    let newline = try tokens { $0.dropLast() + ["va\nX"] }
    Self.expectRefused("$S translate --model \(newline) go .", saying: #"holds "va\nX" at 4"#)
    let duplicate = try tokens { $0.dropLast() + ["<eos>"] }
    Self.expectRefused("$S translate --model \(duplicate) go .", saying: "twice (at 3 and 4)")
    let file = CheckpointBytes(try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.tiny))))
    let big = withUnsafeBytes(of: Float(3e38).bitPattern.littleEndian) { Array($0) }
    let huge = Self.folder.appendingPathComponent("huge.ckpt")
    try Data(
      file.assemble(
        header: file.header,
        weights: (0..<(file.weights.count / 4)).flatMap { _ in big })
    ).write(to: huge)
    Self.expectRefused(
      "$S translate --model \(huge.path) go .", saying: "beyond ±1e6")
    let seed = try Self.edited(Self.split) { Self.set(&$0, ["run", "split", "seed"], 7) }
    Self.expectRefused(
      "$S evaluate --model \(seed) --split test", saying: "does not give the pairs it records")
  }

  // Causes 3 and 4: an output never over an input.

  @Test("train --data c.txt --out c.txt, and attention --model a.ckpt --out a.ckpt")
  func outputOverInput() throws {
    Self.expectRefused(
      "head -n 50 $CORPUS > c.txt; ln -f c.txt linked.txt; $S train --data c.txt --out ./linked.txt",
      saying: "it is the file --data reads (c.txt)")
    #expect(
      try String(contentsOfFile: Self.folder.appendingPathComponent("c.txt").path, encoding: .utf8)
        .count > 0)
    Self.expectRefused(
      "cp $TINY a.ckpt; $S attention --model a.ckpt --out a.ckpt",
      saying: "it is the file --model reads")
    #expect(
      try Data(contentsOf: Self.folder.appendingPathComponent("a.ckpt"))
        == Data(contentsOf: URL(fileURLWithPath: Self.tiny)))
  }

  // Cause 6: every read and loop bounded.

  @Test("bench without end, translate < /dev/zero, a pipe nobody writes to")
  func bounds() {
    for (flags, words) in [
      ("--seconds inf", "--seconds must be in (0, 600]"),
      ("--repeats 1000000000", "--repeats must be at most 100"),
    ] {
      let bench = Self.sh("$S bench \(flags)", timeout: 10)
      #expect(bench.status == 64 && bench.output.hasPrefix("Error: \(words)"), "\(bench)")
    }
    Self.expectRefused("$S translate --model $TINY < /dev/zero", saying: "a line longer than 1 MB")
    Self.expectRefused(
      "rm -f fifo; mkfifo fifo; $S translate --model fifo go .",
      saying: "fifo: cannot read the checkpoint: a pipe that gave no data for 10 s")
    Self.expectRefused(
      "rm -f fifo; mkfifo fifo; $S train --epochs 1 --data fifo --out f.ckpt",
      saying: "a pipe that gave no data for 10 s")
  }

  // Cause 7: every message one line, naming the file and the problem.

  @Test("links, loops, newlines in paths, folders, scales and pairs")
  func messages() throws {
    Self.expectRefused(
      "ln -sfn loop-b loop-a; ln -sfn loop-a loop-b; $S translate --model loop-a go .",
      saying: "loop-a: cannot read the checkpoint: too many levels of symbolic links")
    Self.expectRefused(
      "$S translate --model \"$(printf 'a\\nb.ckpt')\" go .",
      saying: #"a\nb.ckpt: no such checkpoint"#)
    Self.expectRefused(
      "mkdir -p traces/traces.json; $S figures --from-traces traces --out out",
      saying: "traces/traces.json: it is a folder")
    Self.expectRefused(
      "$S translate --model $TINY < /", saying: "cannot read standard input: it is a folder")
    let pair = Self.sh("$S figures --pair 99999 --epochs 300 --out pair-figures")
    #expect(
      pair.status == 1 && pair.output.contains("--pair must be a training pair")
        && !pair.output.contains("epoch "), "\(pair)")
    let scale = Self.sh(
      "$S figures --from-traces \(FileFuzzTests.repository.path)/Figures --scale 1e-300 --out s")
    #expect(scale.status == 64 && scale.output.contains("--scale must be in [0.05, 8]"), "\(scale)")
  }

  @Test("a links file with CRLF endings is read line by line")
  func crlfLinks() throws {
    let path = Self.folder.appendingPathComponent("links.txt")
    try Data("3\t0-0 1-1\r\n4\t0-0\r\n".utf8).write(to: path)
    let links = try AlignmentLinks.read(from: path.path)
    #expect(links.pairs.keys.sorted() == [3, 4])
    #expect(links.rows(line: 3, targetCount: 2) == [[0], [1]])
  }
}
