import ArgumentParser
import Testing

@testable import Seq2SeqCommand

@Suite("seq2seq command line")
struct CommandLineTests {
  @Test("--version prints the version")
  func versionIsSet() {
    #expect(Seq2SeqCommand.configuration.version == "0.1.0")
  }

  @Test("help lists the bench subcommand with its abstract")
  func helpListsBench() {
    let help = Seq2SeqCommand.helpMessage()
    #expect(help.contains("bench"))
    #expect(help.contains("Measure matrix products"))
  }

  @Test("bench parses its options")
  func benchParsesOptions() throws {
    let bench = try Bench.parse(["--repeats", "3", "--seconds", "0.5"])
    #expect(bench.repeats == 3)
    #expect(bench.seconds == 0.5)
  }

  @Test("an unknown flag is a one-line error, not a crash")
  func unknownFlagIsAnError() {
    do {
      _ = try Bench.parse(["--fast"])
      Issue.record("parsing --fast should have failed")
    } catch {
      let message = Bench.message(for: error)
      #expect(message == "Unknown option '--fast'")
    }
  }

  @Test("a non-positive repeat count is rejected with a message")
  func badRepeatsRejected() {
    #expect(throws: (any Error).self) { try Bench.parse(["--repeats", "0"]) }
    do {
      _ = try Bench.parse(["--repeats", "0"])
    } catch {
      #expect(Bench.message(for: error).contains("--repeats must be at least 1"))
    }
  }
}
