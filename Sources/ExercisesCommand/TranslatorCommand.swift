import ArgumentParser
import BLEU
import ContextVariable
import Diagrams
import ExerciseChecks
import ExerciseSupport
import Files
import Formatting
import Foundation
import LearnerTranslator
import Run
import Traces

extension ExercisesCommand {
  /// `exercises translator`: the library's model with your solved exercises as its pieces (D2L's
  /// encoder-decoder, or its Transformer), trained beside one of library pieces, translating
  /// D2L's sentences with your searches and your BLEU.
  struct Translator: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train the translator your exercises make, beside the library's, and translate.",
      discussion: """
        Puts your exercises into the library's own model, D2L's encoder-decoder (601 pairs, a \
        2-layer GRU of 32 units, seeded), trained by the library's trainer: your GRU step (1.3) run over time by your loop (1.4) in every layer, your c \
        (2.1; 2.2 or 2.3 with --context), c beside every input and the first state (3.1, 3.2; \
        with --attention your 8.1-8.3 make a new c at every step instead), \
        your decoder step (3.3), your masked loss and printed loss (4.1-4.3), your teacher forcing \
        and training step (5.1, 5.3), your greedy search (6.1, 6.2) and your BLEU (7.1-7.3). An \
        exercise you have not solved is the library's, and the list says so. The library's model \
        trains beside yours from the same weights on the same batches; when the losses part, \
        each of your pieces is run against the library's on the live tensors and the first that \
        differs is named. Ends with D2L's four sentences translated by both, and a figure of \
        both loss curves. With --transformer, D2L's Transformer made of your 10.1-10.7 instead. \
        Build in release mode for speed: swift run -c release exercises translator
        """)

    @Option(help: "Training epochs (D2L trains 300, its Transformer 200).")
    var epochs: Int?
    @Option(help: "Print both losses every N epochs.")
    var every = 30
    @Option(help: "The context variable c: last (2.1), mean (2.2) or max (2.3).")
    var context = "last"
    @Flag(help: "Let the decoder attend (concept 8): your 8.1-8.3 make c_t' at every step.")
    var attention = false
    @Flag(
      help:
        "D2L's Transformer (concept 10) instead of the GRU, made of your 10.1-10.7 (dropout off in both)."
    )
    var transformer = false
    @Option(help: "Translate with beam search of this many beams (your 6.3) instead of greedily.")
    var beam = 1
    @Option(
      parsing: .upToNextOption,
      help: "Exercises whose library piece runs instead of yours, e.g. --library 4.2 5.3.")
    var library: [String] = []
    @Option(help: "The folder the loss curves are drawn into (created if missing).")
    var figures = "translator-figures"
    @Flag(help: .hidden) var probe = false

    func validate() throws {
      guard (1...100_000).contains(trainingEpochs) else {
        throw ValidationError("--epochs must be between 1 and 100000, got \(trainingEpochs).")
      }
      guard every >= 1 else { throw ValidationError("--every must be at least 1, got \(every).") }
      guard (1...100).contains(beam) else {
        throw ValidationError("--beam must be between 1 and 100, got \(beam).")
      }
      if transformer, attention || context != "last" {
        throw ValidationError(
          "--transformer has no c and no recurrent attention: drop --attention and --context.")
      }
      guard ContextVariable(shortName: context) != nil else {
        throw ValidationError("--context must be last, mean or max, got \(context).")
      }
      for id in library where !Registry.exercises.contains(where: { $0.id == id }) {
        throw ValidationError("--library \(id): no such exercise (see `exercises list`).")
      }
    }

    /// `--epochs`, or D2L's for the model.
    var trainingEpochs: Int {
      epochs ?? (transformer ? RunConfiguration.d2lTransformer : RunConfiguration.d2l).epochs
    }

    func run() throws {
      let pooling = ContextVariable(shortName: context)!
      let epochs = trainingEpochs
      if probe {
        // In a child process: name each piece before it runs, so a trap is traced to it.
        Piece.announce = { line in
          print(line)
          fflush(nil)
        }
        try SideBySide(
          epochs: 1, pooling: pooling, attends: attention, transformer: transformer,
          beamSize: beam, library: Set(library)
        ).probe()
        return
      }
      let setAside = try Self.probeInChild(
        library: Set(library),
        options: ["--context", context, "--beam", String(beam)] + (attention ? ["--attention"] : [])
          + (transformer ? ["--transformer"] : [])
      )
      let run = try SideBySide(
        epochs: epochs, pooling: pooling, attends: attention, transformer: transformer,
        beamSize: beam, library: setAside.ids)
      try run.probe()
      print(
        transformer
          ? "Your translator: D2L's Transformer (601 pairs, 2 blocks of 32 hiddens, 4 heads, seed 0, dropout off)."
          : "Your translator: D2L's encoder-decoder (601 pairs, 2-layer GRU of 32 units, seed 0"
            + (attention ? ", additive attention)." : ")."))
      print("Whose code runs where:")
      for piece in run.pieces.all {
        let reason = setAside.reasons[piece.id] ?? piece.reason
        print(
          "  \(piece.isLearners ? "yours    " : "library's") \(piece.id) \(piece.role)"
            + (reason.map { " (\($0))" } ?? ""))
      }
      try Destination.checkFolder(figures)
      print("\nTraining both for \(epochs) epochs, one step per batch, the same batches:")
      let (yours, library) = try run.train(every: every) { line in
        print(line)
        fflush(nil)
      }
      print(
        "\nD2L's sentences, translated \(beam == 1 ? "greedily" : "with \(beam) beams") by each "
          + "model and scored with D2L's BLEU:")
      var differ = false
      for (english, french) in d2lTestPairs {
        let mine = try run.translateYours(english)
        let theirs = try run.translateLibrary(english)
        differ = differ || mine != theirs
        print(
          "  \(english) => yours: \(mine), bleu \(fixed(try run.bleuYours(mine, french), 3))   "
            + "library's: \(theirs), bleu \(fixed(d2lBLEU(prediction: theirs, label: french, k: 2), 3))"
        )
      }
      if differ, let mine = yours.last, let theirs = library.last, run.agree(mine, theirs) {
        print(
          "\n  Your translations differ from the library's while the losses agree: each of your "
            + "pieces against the library's, on what it computes and on what it hands the model:")
        print(
          "  \(try run.diagnose() ?? "every piece agrees with the library's, on the live tensors and on what it hands the model: the models part in their last bits (the library's fused kernels against your composites), which training carries along.")"
        )
      }
      let traces = TranslatorTraces(yours: yours, library: library)
      try Figure.write(
        Figure.all(traces), drawnFrom: traces, to: URL(fileURLWithPath: figures))
      print("\nwrote \(figures)/your-translator.svg and .png (both loss curves)")
    }

    /// Probes the pieces in a child process until none traps: a piece that traps is named with
    /// the inputs it trapped on, and the library's runs in its place.
    static func probeInChild(library: Set<String>, options: [String]) throws -> (
      ids: Set<String>, reasons: [String: String]
    ) {
      var (ids, reasons) = (library, [String: String]())
      for _ in 0..<Registry.exercises.count {
        let job = try Job(
          [Status.checkCommand("").first!, "translator", "--probe"] + options
            + (ids.isEmpty ? [] : ["--library"] + ids.sorted()))
        job.wait()
        if job.succeeded { return (ids, reasons) }
        let lines = job.output.split(separator: "\n").map(String.init)
        guard job.process.terminationReason == .uncaughtSignal,
          let (id, inputs) = Pieces.running(in: lines)
        else {
          throw CommandError("probing your pieces failed: \(lines.last ?? "no output")")
        }
        print(
          "Exercise \(id) on \(inputs): your code crashed (signal \(job.process.terminationStatus)), a shape that does not fit?"
        )
        print(
          "  The library's piece runs in its place; `swift run exercises check \(id)` shows it.\n")
        ids.insert(id)
        reasons[id] = "yours crashed on \(inputs)"
      }
      throw CommandError("probing your pieces failed: every piece crashed")
    }
  }
}
