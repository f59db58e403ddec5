// The whole library in one import, for a program or a notebook that wants it all:
// `import Seq2Seq` brings the core, the layers, the data, the eight concepts, checkpoints and
// the run (presets, the epoch loop, validation, resume, the trace recorder).
// The figures (`Diagrams`, which links Cairo) stay a separate import.

@_exported import Attention
@_exported import BLEU
@_exported import Checkpoint
@_exported import ContextVariable
@_exported import Decoder
@_exported import Encoder
@_exported import EncoderDecoder
@_exported import Layers
@_exported import MaskedLoss
@_exported import Prediction
@_exported import Run
@_exported import TeacherForcing
@_exported import TensorCore
@_exported import Traces
@_exported import TranslationData
