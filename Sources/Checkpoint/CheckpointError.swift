/// Why a checkpoint could not be written or read; each message is one line naming the file.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  /// There is no file at the path.
  case missing(path: String)
  /// The file does not start like a checkpoint of this project.
  case notACheckpoint(path: String)
  /// The file was written by another version of the format.
  case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
  /// The file ends before its header says it should.
  case truncated(path: String)
  /// The checksum does not match: some bytes changed after it was written.
  case corrupt(path: String, reason: String)
  /// The bytes are whole but say something impossible: a size beyond the limits, a token list
  /// that does not match its vocabulary, a weight that is not a number.
  case invalid(path: String, reason: String)
  /// The file is there but cannot be read (a folder, no permission).
  case unreadable(path: String, reason: String)
  /// The file could not be written.
  case unwritable(path: String, reason: String)

  /// One line, e.g. `model.ckpt: truncated (the file ends early); train again`.
  public var description: String {
    switch self {
    case .missing(let path):
      "\(path): no such checkpoint (train one with `seq2seq train --out \(path)`)"
    case .notACheckpoint(let path):
      "\(path): not a seq2seq checkpoint"
    case .unsupportedVersion(let path, let found, let supported):
      "\(path): checkpoint format version \(found), but this program reads versions 1 to \(supported)"
    case .truncated(let path):
      "\(path): truncated checkpoint (the file ends early)"
    case .corrupt(let path, let reason):
      "\(path): corrupt checkpoint (\(reason))"
    case .invalid(let path, let reason):
      "\(path): invalid checkpoint: \(reason)"
    case .unreadable(let path, let reason):
      "\(path): cannot read the checkpoint: \(reason)"
    case .unwritable(let path, let reason):
      "\(path): cannot write the checkpoint: \(reason)"
    }
  }
}
