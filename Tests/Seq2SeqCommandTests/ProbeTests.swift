import Foundation
import Testing

@testable import Files
@testable import Seq2SeqCommand

/// The probes of a skeptical user that once went wrong (issue 30's twelve causes), each run as
/// the user ran it: the files through the real program in a child process (a trap there fails
/// the test, not the suite), the command lines through `Seq2SeqCommand.outcome`.
@Suite("what a skeptical user tried", .serialized)
struct ProbeTests {
  static let folder = temporaryFolder("seq2seq-probes")
  static let tiny: String = {
    let path = folder.appendingPathComponent("tiny.ckpt").path
    trainTinyModel(to: path)
    return path
  }()

  /// Runs the program on `arguments` in a child process; expects a one-line refusal (exit 1)
  /// whose message contains `words`.
  static func expectRefused(
    _ arguments: [String], saying words: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    switch FileFuzzTests.run([FileFuzzTests.program] + arguments) {
    case .exited(1, let error):
      #expect(
        error.contains(words) && error.split(separator: "\n").count == 1,
        "\(error)", sourceLocation: sourceLocation)
    case let other:
      Issue.record("\(arguments): \(other)", sourceLocation: sourceLocation)
    }
  }

  // Cause 1: traces that parse but do not fit together.

  static func traces(_ change: (inout [String: Any]) -> Void) throws -> String {
    let source = FileFuzzTests.repository.appendingPathComponent("Figures/traces.json")
    var traces = try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as! [String: Any]
    change(&traces)
    let folder = Self.folder.appendingPathComponent("traces-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try JSONMutation.text(of: traces).write(
      to: folder.appendingPathComponent("traces.json"), atomically: false, encoding: .utf8)
    return folder.path
  }

  static func edit(_ traces: inout [String: Any], _ key: String, _ field: String, _ value: Any) {
    var record = traces[key] as! [String: Any]
    record[field] = value
    traces[key] = record
  }

  @Test("traces: a negative valid length, empty labels, no precisions, 5 million losses")
  func inconsistentTraces() throws {
    let out = Self.folder.appendingPathComponent("figures").path
    for (change, words) in [
      ({ Self.edit(&$0, "maskedLoss", "validLen", [-1, 3, 3, 3, 3]) }, "maskedLoss.validLen"),
      ({ Self.edit(&$0, "teacherForcing", "sourceValidLen", -1) }, "teacherForcing.sourceValidLen"),
      ({ Self.edit(&$0, "teacherForcing", "labels", [String]()) }, "teacherForcing.labels"),
      ({ Self.edit(&$0, "bleu", "precisions", [Double]()) }, "bleu.precisions"),
      (
        { $0["losses"] = Array(repeating: 0.123456789, count: 5_000_000) },
        "traces files are at most"
      ),
    ] as [((inout [String: Any]) -> Void, String)] {
      let folder = try Self.traces(change)
      Self.expectRefused(["figures", "--from-traces", folder, "--out", out], saying: words)
    }
  }

  // Cause 2: checkpoints consistent in their bytes and wrong in their meaning.

  static func checkpoint(_ change: (inout [String: Any]) -> Void) throws -> String {
    let file = CheckpointBytes(try [UInt8](Data(contentsOf: URL(fileURLWithPath: tiny))))
    var header = try JSONSerialization.jsonObject(with: Data(file.header)) as! [String: Any]
    change(&header)
    let path = folder.appendingPathComponent("edited-\(UUID().uuidString).ckpt").path
    try Data(file.withHeader(Data(JSONMutation.text(of: header).utf8))).write(
      to: URL(fileURLWithPath: path))
    return path
  }

  @Test("checkpoints: sizes beyond train's limits, short token lists, huge shapes, NaN weights")
  func meaningfulCheckpoints() throws {
    func configuration(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
      { Self.edit(&$0, "configuration", key, value) }
    }
    for (change, words) in [
      (configuration("numSteps", 0), "configuration.numSteps is 0"),
      (configuration("numLayers", -1), "configuration.numLayers is -1"),
      (configuration("targetVocabSize", 1_000_000_000), "configuration.targetVocabSize"),
      (
        // Within every limit, and a model of 13 GB: refused before it is built.
        {
          Self.edit(&$0, "configuration", "numHiddens", 4096)
          Self.edit(&$0, "configuration", "numLayers", 16)
        }, "the weights do not fit the configuration"
      ),
      ({ $0["shapes"] = [[10_000_000_000, 10_000_000_000]] }, "shapes.0"),
      (
        { $0["targetTokens"] = Array(($0["targetTokens"] as! [String]).dropLast()) },
        "targetTokens has"
      ),
    ] as [((inout [String: Any]) -> Void, String)] {
      let path = try Self.checkpoint(change)
      Self.expectRefused(["translate", "--model", path, "go ."], saying: words)
    }
    let file = CheckpointBytes(try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.tiny))))
    let nan = Float.nan.bitPattern.littleEndian
    let weights = (0..<(file.weights.count / 4)).flatMap { _ in
      withUnsafeBytes(of: nan) { Array($0) }
    }
    let path = Self.folder.appendingPathComponent("nan.ckpt")
    try Data(file.assemble(header: file.header, weights: weights)).write(to: path)
    Self.expectRefused(["translate", "--model", path.path, "go ."], saying: "not a finite number")
  }

  // Cause 3: resuming a run whose best model has gone.

  @Test("--resume when the best model has gone stops before training, naming it")
  func resumeWithoutBest() throws {
    let out = Self.folder.appendingPathComponent("split.ckpt").path
    let small = [
      "train", "--split", "80/10/10", "--num-examples", "300", "--embed-size", "4",
      "--num-hiddens", "4", "--num-layers", "1", "--bleu-pairs", "10", "--out", out,
    ]
    // Two epochs: the best is the first (a model this small scores BLEU 0 throughout), so the
    // file resumed from does not hold it (when it does, `train` writes the best model again).
    #expect(quietly { Seq2SeqCommand.outcome(of: small + ["--epochs", "2"]) }.status == 0)
    try FileManager.default.removeItem(atPath: out)
    let last = out.replacingOccurrences(of: ".ckpt", with: ".last.ckpt")
    let before = try Data(contentsOf: URL(fileURLWithPath: last))
    let resumed = quietly {
      Seq2SeqCommand.outcome(of: small + ["--epochs", "3", "--resume", last])
    }
    #expect(resumed.status == 1 && resumed.message.contains("is gone"), "\(resumed.message)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: last)) == before, "it trained anyway")
  }

  // Cause 4: vocabularies of nothing but the reserved tokens.

  @Test("a vocabulary without a word is refused before training")
  func emptyVocabulary() {
    let out = Self.folder.appendingPathComponent("empty.ckpt").path
    let refused = quietly {
      Seq2SeqCommand.outcome(of: [
        "train", "--epochs", "1", "--num-examples", "8", "--min-freq", "1000000", "--out", out,
      ])
    }
    #expect(
      refused.status == 1 && refused.message.contains("could only say <unk>"),
      "\(refused.message)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  // Cause 5: negative numbers read as options.

  @Test("a negative value is read as the option's value and refused by its own check")
  func negativeValues() {
    for (arguments, words) in [
      (["train", "--num-examples", "-1"], "--num-examples"),
      (["train", "--split", "-10/60/50"], "--split"),
      (
        ["translate", "--model", Self.tiny, "--alpha", "-5", "go ."],
        "--alpha must be a number >= 0"
      ),
    ] {
      let outcome = quietly { Seq2SeqCommand.outcome(of: arguments) }
      #expect(
        outcome.status != 0 && outcome.message.contains(words)
          && !outcome.message.contains("Missing value"), "\(arguments): \(outcome.message)")
    }
    #expect(
      Seq2SeqCommand.joiningNegativeValues(["--beam", "--n-best", "-2", "--", "-1"])
        == ["--beam", "--n-best=-2", "--", "-1"])
  }

  // Cause 6: temporary files left by a kill -9 during a save.

  @Test("a temporary file left by a killed writer is removed by the next write")
  func staleTemporaries() throws {
    let folder = temporaryFolder("seq2seq-stale")
    let dead = Process()
    dead.executableURL = URL(fileURLWithPath: "/bin/true")
    try dead.run()
    dead.waitUntilExit()
    let stale = folder.appendingPathComponent(
      ".model.ckpt.\(dead.processIdentifier)\(AtomicFile.temporarySuffix)")
    try Data(repeating: 7, count: 1000).write(to: stale)
    try AtomicFile.write("weights", to: folder.appendingPathComponent("model.ckpt").path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.ckpt"])
  }

  // Cause 7: evaluate --split train.

  @Test("evaluate --split train says the pairs were trained on")
  func evaluateTrainingPairs() throws {
    let out = Self.folder.appendingPathComponent("evaluated.ckpt").path
    #expect(
      quietly {
        Seq2SeqCommand.outcome(of: [
          "train", "--split", "80/10/10", "--num-examples", "200", "--embed-size", "4",
          "--num-hiddens", "4", "--num-layers", "1", "--bleu-pairs", "10", "--epochs", "1",
          "--out", out,
        ])
      }.status == 0)
    let printed = Self.folder.appendingPathComponent("evaluate.txt")
    let result = FileFuzzTests.run(
      [
        "/bin/sh", "-c",
        "'\(FileFuzzTests.program)' evaluate --model '\(out)' --split train "
          + "> '\(printed.path)'",
      ])
    guard case .exited(0, _) = result else {
      Issue.record("\(result)")
      return
    }
    let said = try String(contentsOf: printed, encoding: .utf8)
    #expect(said.contains("the pairs it was trained on"), "\(said)")
    #expect(!said.contains("no English sentence of them was trained on"))
  }

  // Cause 8: translate in a pipe.

  @Test("translate in a pipe answers each line before the next is written")
  func streaming() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileFuzzTests.program)
    process.arguments = ["translate", "--model", Self.tiny]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { process.terminate() }
    input.fileHandleForWriting.write(Data("go .\n".utf8))
    // The first line's translation must come while the pipe is still open.
    let answered = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var first = Data()
    DispatchQueue.global().async {
      first = output.fileHandleForReading.availableData
      answered.signal()
    }
    #expect(answered.wait(timeout: .now() + 30) == .success, "no answer before the next line")
    #expect(String(decoding: first, as: UTF8.self).hasPrefix("go . =>"))
    input.fileHandleForWriting.write(Data("hi .\n".utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }

  @Test("translate gives the same lines from a file (in batches) as from a pipe (line by line)")
  func fileAndPipeAgree() throws {
    // A model that tells its sentences apart: 60 epochs on 200 pairs, a quarter of a second.
    let model = Self.folder.appendingPathComponent("small.ckpt").path
    let trained = quietly {
      Seq2SeqCommand.outcome(of: [
        "train", "--epochs", "60", "--num-examples", "200", "--min-freq", "1", "--embed-size",
        "16", "--num-hiddens", "16", "--num-layers", "1", "--lr", "0.01", "--out", model,
      ])
    }
    #expect(trained.status == 0, "\(trained.message)")
    let lines = [
      "go .", "hi .", "run !", "", "wow !", "fire !", "help !", "i lost .", "he's calm .",
    ]
    let file = Self.folder.appendingPathComponent("input.txt")
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    func translated(_ redirect: String, beam: Int) throws -> String {
      let out = Self.folder.appendingPathComponent("translated.txt")
      let command =
        "\(redirect) '\(FileFuzzTests.program)' translate --model '\(model)' --beam \(beam) "
        + "> '\(out.path)' 2>/dev/null"
      _ = FileFuzzTests.run(["/bin/sh", "-c", command])
      return try String(contentsOf: out, encoding: .utf8)
    }
    for beam in [1, 3] {
      let fromFile = try translated("< '\(file.path)'", beam: beam)
      let fromPipe = try translated("cat '\(file.path)' |", beam: beam)
      #expect(fromFile.split(separator: "\n").count == lines.count - 1)
      #expect(Set(fromFile.split(separator: "\n").map { $0.split(separator: "=>")[1] }).count > 3)
      #expect(fromFile == fromPipe, "\(fromFile)\n\(fromPipe)")
    }
  }

  // Cause 9: NUL bytes.

  @Test("a line holding a NUL is skipped with a note, the others translated")
  func nulBytes() throws {
    let out = Self.folder.appendingPathComponent("nul.txt")
    let file = Self.folder.appendingPathComponent("nul-input.txt")
    try Data("\u{0}\ngo .\ngo\u{0} .\n".utf8).write(to: file)
    let result = FileFuzzTests.run([
      "/bin/sh", "-c",
      "'\(FileFuzzTests.program)' translate --model '\(Self.tiny)' < '\(file.path)' > '\(out.path)'",
    ])
    guard case .exited(1, let error) = result else {
      Issue.record("\(result)")
      return
    }
    #expect(error.contains("line 1: holds the control character U+0000, skipped"), "\(error)")
    #expect(error.contains("line 3: holds the control character U+0000, skipped"), "\(error)")
    let said = try Data(contentsOf: out)
    #expect(!said.contains(0) && String(decoding: said, as: UTF8.self).hasPrefix("go . =>"))
  }

  // Cause 10: a failed figures run.

  @Test("a failed figures run leaves no empty --out folder")
  func failedFigures() {
    let out = Self.folder.appendingPathComponent("never").path
    let missing = Self.folder.appendingPathComponent("no-traces").path
    let outcome = quietly {
      Seq2SeqCommand.outcome(of: ["figures", "--from-traces", missing, "--out", out])
    }
    #expect(outcome.status == 1)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  // A probe added while fixing them: an endless device read as a file.

  @Test("a corpus or checkpoint that never ends (/dev/zero) is refused, not read forever")
  func endlessDevice() {
    Self.expectRefused(["data", "--data", "/dev/zero"], saying: "no end after 512 MB")
    Self.expectRefused(["translate", "--model", "/dev/zero", "go ."], saying: "no end after")
  }

  @Test("a figure too large for a PNG is refused in words, and nothing is written")
  func hugeFigure() throws {
    let folder = try Self.traces {
      Self.edit(&$0, "teacherForcing", "sourceTokens", Array(repeating: "w", count: 990))
    }
    let out = Self.folder.appendingPathComponent("huge").path
    Self.expectRefused(
      ["figures", "--from-traces", folder, "--out", out, "--scale", "8"],
      saying: "figure seq2seq-train: 528880 x 2640 pixels, more than a PNG can have")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  // Cause 12: --n-best above --beam; a sentence longer than numSteps.

  @Test("--n-best above --beam is refused; --n-best alone searches with that many beams")
  func nBestAndBeam() {
    let refused = quietly {
      Seq2SeqCommand.outcome(of: [
        "translate", "--model", Self.tiny, "--n-best", "5", "--beam", "2", "go .",
      ])
    }
    #expect(refused.status != 0 && refused.message.contains("--n-best 5 needs at least 5 beams"))
    let alone = quietly {
      Seq2SeqCommand.outcome(of: ["translate", "--model", Self.tiny, "--n-best", "3", "go ."])
    }
    #expect(alone.status == 0, "\(alone.message)")
  }

  @Test("a sentence longer than numSteps is cut with a note")
  func longSentence() {
    let sentence = String(repeating: "go ", count: 2000)
    let result = FileFuzzTests.run([
      FileFuzzTests.program, "translate", "--model", Self.tiny, sentence,
    ])
    guard case .exited(0, let error) = result else {
      Issue.record("\(result)")
      return
    }
    #expect(error.contains("sentence 1 has 2000 tokens; the model reads the first"), "\(error)")
    #expect(!error.contains("go, go"), "each unknown word is named once")
  }
}
