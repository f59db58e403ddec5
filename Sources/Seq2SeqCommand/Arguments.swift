import ArgumentParser
import ContextVariable
import EncoderDecoder
import Layers
import TeacherForcing

extension CellKind: ExpressibleByArgument {}
extension ContextMode: ExpressibleByArgument {}

/// The context variable by the short names the command line uses: last, mean, max.
enum ContextName: String, CaseIterable, ExpressibleByArgument {
  case last, mean, max

  /// The context variable it names.
  var contextVariable: ContextVariable {
    switch self {
    case .last: .lastState
    case .mean: .meanPooling
    case .max: .maxPooling
    }
  }
}

/// What the decoder reads while training, by name.
enum FeedName: String, CaseIterable, ExpressibleByArgument {
  case teacher, own, scheduled

  /// The feed it names; `goldRatio` is the gold token's probability when scheduled.
  func decoderFeed(goldRatio: Float) -> DecoderFeed {
    switch self {
    case .teacher: .teacherForcing
    case .own: .ownPredictions
    case .scheduled: .scheduledSampling(goldProbability: goldRatio)
    }
  }
}

/// How many workers the commands train with by default: two, the cores of the small machine the
/// project is measured on (`TrainingOptions.workers`; the library's default is D2L's one loop).
let defaultWorkers = 2
