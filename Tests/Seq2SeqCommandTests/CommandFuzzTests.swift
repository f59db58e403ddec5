import Foundation
import TensorCore
import Testing

@testable import Seq2SeqCommand

/// Seeded random command lines for every subcommand, run in this process as the program runs
/// them: odd numbers (negative, zero, huge, NaN, words), empty strings, unknown words, paths that
/// do not exist, folders, devices, unreadable and unwritable places. Whatever comes, the command
/// must end in one of three ways: done (status 0, having written or printed something), refused
/// with a one-line message in words (never a Foundation `Error Domain=` dump), or a usage error;
/// never a crash, and never a file outside the paths it was given.
@Suite("command-line fuzzing", .serialized)
struct CommandFuzzTests {
  /// A folder for everything the runs write, with a tiny model and a few files to read.
  static let folder: URL = {
    let folder = temporaryFolder("seq2seq-fuzz")
    trainTinyModel(to: folder.appendingPathComponent("tiny.ckpt").path)
    try! "go .\nje suis calme .\n".write(
      to: folder.appendingPathComponent("two.txt"), atomically: true, encoding: .utf8)
    try! Data([0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("binary.txt"))
    try! FileManager.default.createDirectory(
      at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
    return folder
  }()

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// Values any option may get.
  static let oddValues = [
    "-1", "0", "nan", "inf", "", " ", "abc", "1e9", "99999999999999999999", "3.5", "-0", "é€",
  ]
  /// Paths any path option may get: real files, folders, devices, missing and unwritable places.
  static var paths: [String] {
    [
      path("tiny.ckpt"), path("two.txt"), path("binary.txt"), path("sub"), path("missing/x"),
      path("new.out"), "/dev/null", "/sys/seq2seq-fuzz", "/proc/version", "/no/such/file", "",
    ]
  }
  /// Sentences for translate.
  static let sentences = [
    "go .", "", "   ", "Où est le xylophone ?", "?!?!", String(repeating: "go ", count: 40),
    "\u{202F}!",
  ]

  /// Small valid values and odd ones, per option; paths for the options that take one.
  static func values(for option: String) -> [String] {
    switch option {
    case "--data", "--model", "--hyp", "--ref", "--from-traces", "--out", "--save", "--figures",
      "--resume", "--baseline", "--links":
      return paths
    case "--preset": return ["d2l", "full", "attention", "fast", ""]
    // train's shares and evaluate's part names in one list: each command refuses the other's.
    case "--split":
      return ["90/5/5", "80/10/10", "100/0/0", "50/50", "0/50/50", "a/b/c", "", "test", "train"]
    case "--num-steps": return ["auto", "2", "3", "100000000"] + oddValues
    case "--cell": return ["gru", "lstm", "rnn", "transformer", ""]
    case "--context": return ["last", "mean", "max", "first"]
    case "--context-mode": return ["init", "concat", "both", "bridge", "neither"]
    case "--feed": return ["teacher", "own", "scheduled", "random"]
    case "--attention": return ["none", "additive", "dot", "luong", ""]
    case "--tokenize": return ["13a", "none", "intl"]
    case "--dropout", "--gold-ratio", "--lr", "--alpha", "--scale", "--lr-decay":
      return ["0.1", "0.5", "1", "1.5", "-0.2", "nan", "inf", "1e-30", ""]
    case "--sentence": return sentences
    // Huge is valid here, and means real work (every line of the corpus): not for a quick test.
    case "--num-examples", "--held-out": return ["1", "2", "3"] + oddValues
    // Huge must be refused at once (it would ask for gigabytes or days).
    default: return ["1", "2", "3", "100000000"] + oddValues
    }
  }

  /// Each subcommand with its options (flags without a value end in `!`) and the settings that
  /// keep a run small: prepended, so that the fuzzed options given after them win.
  static let commands: [(name: String, options: [String], small: [String])] = [
    (
      "data",
      [
        "--data", "--num-examples", "--num-steps", "--batch-size", "--min-freq", "--seed",
        "--pairs",
      ], []
    ),
    (
      "train",
      [
        "--data", "--num-examples", "--num-steps", "--batch-size", "--embed-size", "--num-hiddens",
        "--num-layers", "--decoder-hiddens", "--decoder-layers", "--dropout", "--lr", "--cell",
        "--bidirectional!", "--no-bidirectional!", "--context", "--context-mode", "--feed",
        "--gold-ratio",
        "--per-token-loss!", "--no-mask!", "--output-context!", "--seed", "--workers", "--out",
        "--log-every", "--epochs", "--preset", "--min-freq", "--max-vocab", "--split",
        "--bleu-pairs", "--patience", "--resume", "--lr-decay", "--attention",
      ],
      [
        "--epochs", "1", "--num-examples", "8", "--embed-size", "4", "--num-hiddens", "4",
        "--num-layers", "1", "--out", path("train.ckpt"),
      ]
    ),
    (
      "translate", ["--model", "--beam", "--alpha", "--n-best", "--show-attention!"],
      ["--model", path("tiny.ckpt")]
    ),
    (
      "evaluate", ["--model", "--held-out", "--data", "--beam", "--split"],
      ["--model", path("tiny.ckpt"), "--held-out", "3"]
    ),
    (
      "bleu",
      ["--hyp", "--ref", "--width", "--json!", "--sentence-level!", "--lowercase!", "--tokenize"],
      ["--hyp", path("two.txt"), "--ref", path("two.txt")]
    ),
    (
      "figures",
      [
        "--model", "--sentence", "--pair", "--out", "--scale", "--epochs", "--from-traces",
        "--baseline", "--links",
      ],
      ["--epochs", "1", "--out", path("figures")]
    ),
    (
      "attention", ["--model", "--data", "--split", "--out"],
      ["--model", path("tiny.ckpt"), "--out", path("attention.json")]
    ),
    (
      "tour", ["--epochs", "--model", "--save", "--figures", "--seed"],
      ["--epochs", "1", "--save", path("tour.ckpt"), "--figures", path("tour")]
    ),
  ]

  /// A random command line: a subcommand, its small settings, then up to four fuzzed options.
  static func commandLine(using generator: inout SeededGenerator) -> [String] {
    let command = commands[Int.random(in: 0..<commands.count, using: &generator)]
    var arguments = [command.name] + command.small
    for _ in 0..<Int.random(in: 0...4, using: &generator) {
      let option = command.options[Int.random(in: 0..<command.options.count, using: &generator)]
      if option.hasSuffix("!") {
        arguments.append(String(option.dropLast()))
      } else {
        let values = values(for: option)
        arguments += [option, values[Int.random(in: 0..<values.count, using: &generator)]]
      }
    }
    if command.name == "translate" {
      for _ in 0..<Int.random(in: 0...3, using: &generator) {
        arguments.append(sentences[Int.random(in: 0..<sentences.count, using: &generator)])
      }
    }
    return arguments
  }

  /// The paths a run must refuse to write or read before any work.
  static var badPaths: Set<String> {
    [
      path("sub"), path("missing/x"), "/dev/null", "/sys/seq2seq-fuzz", "/proc/version",
      "/no/such/file", "",
    ]
  }

  /// The outcome of `arguments`, but `tour` and `figures`, whose runs train and draw for a
  /// second or more, are only parsed unless a path they are given is bad: then they must refuse
  /// it before any work, at once.
  static func outcome(of arguments: [String]) -> (status: Int32, message: String) {
    guard ["tour", "figures"].contains(arguments[0]),
      !arguments.indices.dropFirst().contains(where: {
        arguments[$0 - 1].hasPrefix("--") && badPaths.contains(arguments[$0])
      })
    else { return Seq2SeqCommand.outcome(of: arguments) }
    do {
      _ = try Seq2SeqCommand.parseAsRoot(arguments)
      return (0, "")
    } catch {
      return (Seq2SeqCommand.exitCode(for: error).rawValue, Seq2SeqCommand.fullMessage(for: error))
    }
  }

  /// What the package folder holds, to see that no run wrote into it.
  static func workingFolder() -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? [])
  }

  @Test("random command lines end cleanly: done, or one line in words, never a crash")
  func fuzz() throws {
    let before = Self.workingFolder()
    var generator = SeededGenerator(seed: 2026)
    var counts = (done: 0, refused: 0)
    for run in 0..<Self.runs {
      let arguments = Self.commandLine(using: &generator)
      let (status, message) = quietly { Self.outcome(of: arguments) }
      let shown = arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(
        separator: " ")
      if status == 0 {
        counts.done += 1
        continue
      }
      counts.refused += 1
      let first = message.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
      #expect(
        first.hasPrefix("Error: ") || message.isEmpty && arguments.first == "translate",
        "run \(run): seq2seq \(shown)\n\(message)")
      #expect(
        !message.contains("Error Domain") && !message.contains("NSCocoa")
          && !message.contains("The operation could not be completed"),
        "run \(run): seq2seq \(shown)\n\(message)")
      let isUsage = message.contains("\nUsage: ")
      #expect(isUsage || !message.contains("\n"), "run \(run): seq2seq \(shown)\n\(message)")
    }
    #expect(Self.workingFolder() == before, "a run wrote into the package folder")
    var null = stat()
    #expect(
      stat("/dev/null", &null) == 0 && null.st_mode & S_IFMT == S_IFCHR, "/dev/null was replaced")
    #expect(counts.done > Self.runs / 10 && counts.refused > Self.runs / 10)
    print("command-line fuzzing: \(Self.runs) runs, \(counts.done) done, \(counts.refused) refused")
  }

  /// How many random command lines the test runs (about 0.02 s each on average).
  static let runs = 500
}
