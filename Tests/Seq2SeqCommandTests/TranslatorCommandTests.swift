import ArgumentParser
import Foundation
import Testing
import TranslationData

@testable import Seq2SeqCommand

@Suite("train, translate, evaluate, bleu", .serialized)
struct TranslatorCommandTests {
  static let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("seq2seq-cli-\(UUID().uuidString)")

  static func path(_ name: String) -> String {
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  @Test("train's defaults are D2L's configuration")
  func trainDefaults() throws {
    let command = try TrainCommand.parse([])
    let v = command.resolved
    #expect(v.epochs == 300 && v.numExamples == .lines(through: 600) && v.numSteps == .fixed(10))
    #expect(
      v.batchSize == 64 && v.model.embedSize == 32 && v.model.numHiddens == 32 && v.minFreq == 2)
    #expect(v.model.numLayers == 2 && v.model.dropout == 0.1 && v.lr == 0.005)
    #expect(v.split == nil && v.maxVocab == nil && v.patience == nil)
    #expect(
      v.model.cell == .gru && v.model.contextMode == .both && v.model.context == .lastState
        && !v.model.bidirectional && v.model.attention == nil)
    // A flag given wins over the preset's value.
    let full = try TrainCommand.parse(["--preset", "full", "--num-hiddens", "64"]).resolved
    #expect(full.model.numHiddens == 64 && full.numExamples == .all && full.numSteps == .auto)
    #expect(full.split == SplitShares(train: 90, validation: 5, test: 5))
  }

  @Test("a tiny training run writes a checkpoint that translate and evaluate read")
  func endToEnd() throws {
    let model = Self.path("tiny.ckpt")
    try TrainCommand.parse([
      "--epochs", "3", "--num-examples", "20", "--embed-size", "8", "--num-hiddens", "8",
      "--num-layers", "1", "--batch-size", "8", "--log-every", "1", "--out", model,
    ]).run()
    #expect(FileManager.default.fileExists(atPath: model))
    try TranslateCommand.parse(["--model", model, "go .", "Where is the xylophone?"]).run()
    try TranslateCommand.parse(["--model", model, "--beam", "3", "i lost ."]).run()
    try EvaluateCommand.parse(["--model", model, "--held-out", "20"]).run()
  }

  @Test("the tour runs end to end, and again from the model it saved")
  func tour() throws {
    let model = Self.path("tour.ckpt")
    let figures = Self.path("tour-figures")
    try TourCommand.parse(["--epochs", "2", "--save", model, "--figures", figures]).run()
    #expect(FileManager.default.fileExists(atPath: model))
    #expect(FileManager.default.fileExists(atPath: figures + "/seq2seq-predict.svg"))
    try TourCommand.parse(["--model", model, "--figures", figures]).run()
    #expect(try TourCommand.parse([]).epochs == 300)
  }

  @Test("a missing or corrupt checkpoint is a one-line error")
  func badCheckpoints() throws {
    let missing = Self.path("missing.ckpt")
    do {
      try TranslateCommand.parse(["--model", missing, "go ."]).run()
      Issue.record("a missing checkpoint was accepted")
    } catch {
      #expect(TranslateCommand.message(for: error).hasPrefix("\(missing): no such checkpoint"))
    }
    let corrupt = Self.path("corrupt.ckpt")
    try Data("SEQ2SEQ\n\u{1}\0\0\0garbage".utf8).write(to: URL(fileURLWithPath: corrupt))
    do {
      try EvaluateCommand.parse(["--model", corrupt]).run()
      Issue.record("a corrupt checkpoint was accepted")
    } catch {
      let message = EvaluateCommand.message(for: error)
      #expect(message.hasPrefix(corrupt) && !message.contains("\n"))
    }
  }

  @Test("unknown values of the chapter's choices are refused with the valid ones")
  func badChoices() {
    do {
      _ = try TrainCommand.parse(["--cell", "transformer"])
      Issue.record("--cell transformer was accepted")
    } catch {
      #expect(TrainCommand.message(for: error).contains("gru"))
    }
    #expect(throws: (any Error).self) { try TrainCommand.parse(["--dropout", "1.5"]) }
    #expect(throws: (any Error).self) { try TranslateCommand.parse(["--beam", "0"]) }
  }

  @Test("bleu scores files in sacrebleu's layout and checks that they line up")
  func bleuFiles() throws {
    let hypotheses = Self.path("hyp.txt")
    let references = Self.path("ref.txt")
    try "il est calme .\nje suis chez moi .\n".write(
      toFile: hypotheses, atomically: true, encoding: .utf8)
    try "il est calme .\nje suis en retard ?\n".write(
      toFile: references, atomically: true, encoding: .utf8)
    try BLEUCommand.parse(["--hyp", hypotheses, "--ref", references]).run()
    try BLEUCommand.parse(["--hyp", hypotheses, "--ref", references, "--json", "--width", "4"])
      .run()
    let short = Self.path("short.txt")
    try "il est calme .\n".write(toFile: short, atomically: true, encoding: .utf8)
    do {
      try BLEUCommand.parse(["--hyp", hypotheses, "--ref", short]).run()
      Issue.record("files of different lengths were accepted")
    } catch {
      #expect(BLEUCommand.message(for: error).contains("has 1 lines but"))
    }
    #expect(throws: (any Error).self) { try BLEUCommand.parse(["--hyp", hypotheses]) }
  }
}
