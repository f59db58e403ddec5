import Foundation
import Testing

@testable import Seq2SeqCommand

/// `seq2seq figures`' own part: its messages, and the figures it writes from traces.
@Suite("figures through the command line", .serialized)
struct FigureCommandTests {
  /// `Figures/` at the package's root.
  static var committedFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Figures")
  }

  @Test("figures --from-traces writes every committed figure and its traces, byte for byte")
  func fromTraces() throws {
    let out = temporaryFolder("figures-from-traces")
    defer { try? FileManager.default.removeItem(at: out) }
    let (status, message) = quietly {
      Seq2SeqCommand.outcome(of: [
        "figures", "--from-traces", Self.committedFolder.path, "--out", out.path,
      ])
    }
    #expect(status == 0, "\(message)")
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(written.count == 19 && written.contains("traces.json"), "\(written)")
    #expect(
      try Data(contentsOf: out.appendingPathComponent("traces.json"))
        == Data(contentsOf: Self.committedFolder.appendingPathComponent("traces.json")))
  }

  @Test("a model trained on other data than the shipped corpus is refused in one line")
  func modelOfOtherData() throws {
    let folder = temporaryFolder("figures-other")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("other.txt").path
    try "Hello.\tBonjour.\nGo away.\tVa-t-en.\nCat.\tChat.\n".write(
      toFile: data, atomically: true, encoding: .utf8)
    let model = folder.appendingPathComponent("other.ckpt").path
    let trained = quietly {
      Seq2SeqCommand.outcome(of: [
        "train", "--data", data, "--epochs", "1", "--num-examples", "2", "--out", model,
      ])
    }
    #expect(trained.status == 0, "\(trained.message)")
    let (status, message) = quietly {
      Seq2SeqCommand.outcome(of: [
        "figures", "--model", model, "--out", folder.appendingPathComponent("out").path,
      ])
    }
    #expect(
      status == 1 && message.hasPrefix("Error: \(model): trained on other data"), "\(message)")
  }
}
