import Checkpoint
import EncoderDecoder
import Foundation
import Testing
import TranslationData

@testable import Seq2SeqCommand

/// Bad destinations are refused before any work, a failed save loses nothing, and every file
/// error is one line in words.
@Suite("destinations and file errors", .serialized)
struct DestinationTests {
  static let folder = temporaryFolder("seq2seq-destinations")

  /// Files that cannot be written, and what the message must say.
  static var badFiles: [(path: String, reason: String)] {
    [
      ("/no/such/dir/model.ckpt", "no such folder /no/such/dir"),
      (folder.path, "it is a folder"),
      ("/proc/version/model.ckpt", "/proc/version is a file, not a folder"),
      ("/sys/model.ckpt", "/sys takes no new file"),
      ("/dev/null", "it is a device, not a file"),
      ("", "an empty path"),
      // A legal name of 250 bytes, whose temporary file (.NAME.PID.seq2seq-tmp) is too long.
      (
        folder.appendingPathComponent(String(repeating: "x", count: 245) + ".ckpt").path,
        "the name is too long"
      ),
    ]
  }

  /// Folders that cannot be written into.
  static let badFolders: [(path: String, reason: String)] = [
    ("/no/such/dir", "no such folder /no/such"), ("/proc/version", "it is a file"),
    ("/sys/figures", ""), ("/dev/null", "it is a device, not a folder"),
  ]

  /// The message of a command line that must fail, checked to be one line naming `path`.
  func refusal(_ arguments: [String], path: String, reason: String) {
    let (status, message) = quietly { Seq2SeqCommand.outcome(of: arguments) }
    let shown = path.isEmpty ? "\"\"" : path
    #expect(status != 0, "\(arguments) succeeded")
    #expect(
      message.hasPrefix("Error: cannot write \(shown): ")
        && (reason.isEmpty || message.contains(reason))
        && !message.contains("\n"),
      "\(arguments): \(message)")
  }

  @Test("train, tour and figures refuse a destination they cannot write, before any work")
  func refusedBeforeWork() {
    // A missing corpus or checkpoint as well: had the work started first, that would be the error.
    for (path, reason) in Self.badFiles {
      refusal(
        ["train", "--data", "/no/such/corpus.txt", "--out", path], path: path, reason: reason)
      refusal(
        ["tour", "--save", path, "--figures", Self.folder.appendingPathComponent("tour").path],
        path: path, reason: reason)
    }
    for (path, reason) in Self.badFolders {
      refusal(["figures", "--out", path, "--model", "/no/such.ckpt"], path: path, reason: reason)
      refusal(["tour", "--figures", path, "--model", "/no/such.ckpt"], path: path, reason: reason)
    }
  }

  @Test("Foundation's file errors are printed in words, never as an Error Domain dump")
  func readableErrors() {
    let errors: [(any Error, String)] = [
      (
        CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/a/b.svg"]),
        "cannot write /a/b.svg: permission denied"
      ),
      (
        CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/a/c.txt"]),
        "cannot read /a/c.txt: no such file or folder"
      ),
      (
        NSError(
          domain: NSCocoaErrorDomain, code: 4,
          userInfo: [
            NSFilePathErrorKey: "/no/dir",
            NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOENT)),
          ]), "cannot use /no/dir: no such file or directory"
      ),
    ]
    for (error, expected) in errors {
      let message = Seq2SeqCommand.fullMessage(for: Seq2SeqCommand.readable(error))
      #expect(message == "Error: \(expected)")
    }
  }

  @Test("translate reports an empty sentence, translates the others, and exits with 1")
  func emptySentences() throws {
    let model = Self.folder.appendingPathComponent("tiny.ckpt").path
    trainTinyModel(to: model)
    #expect(
      quietly { Seq2SeqCommand.outcome(of: ["translate", "--model", model, "go ."]) }.status == 0)
    let skipped = quietly {
      Seq2SeqCommand.outcome(of: ["translate", "--model", model, "go .", " "])
    }
    #expect(skipped.status == 1 && skipped.message.isEmpty)
  }
}
