import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C during training: the first press asks training to stop after the current epoch
/// (nothing half-written is saved, an existing checkpoint stays as it was); a second press ends
/// the program at once.
enum Interruption {
  private static let requested = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed since `install()`.
  static var isRequested: Bool { requested.load(ordering: .relaxed) }

  /// Catches SIGINT.
  static func install() {
    signal(SIGINT) { _ in
      if Interruption.requested.exchange(true, ordering: .relaxed) { _exit(130) }
    }
  }
}
