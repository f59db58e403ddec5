import COpenBLAS

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// OpenBLAS 0.3.21 (Debian 12's) chooses its kernels by the CPU's model number. On a CPU newer than
// it knows (the Intel Xeon of family 6, model 207 this project runs on) it falls back to its
// generic Prescott kernels: SSE3, 31 GFLOP/s a core on the output layer's product where its
// SkylakeX kernels run 166-187 (`Benchmarks/blas-shapes.c`, RESULTS.md). BLIS 0.9.0, which picks
// by features, did no better: it ran its generic kernels (28-34 GFLOP/s) on the AMD EPYC. So the
// package keeps OpenBLAS and, when OpenBLAS picked kernels for narrower vectors than the CPU has,
// asks it once, before the first product, for the kernels of the CPU's widest vectors. A kernel
// set in OPENBLAS_CORETYPE is the user's choice and is kept.

extension BLAS {
  /// The widest vector instructions a CPU has, or an OpenBLAS kernel set uses.
  public enum VectorLevel: Int, Comparable, Sendable, CustomStringConvertible {
    /// SSE only: OpenBLAS's generic kernels (Prescott, Nehalem, ...).
    case sse
    /// 256-bit vectors without fused multiply-add (Sandybridge).
    case avx
    /// 256-bit vectors with fused multiply-add (Haswell, Zen).
    case avx2
    /// 512-bit vectors (SkylakeX, Cooperlake).
    case avx512

    /// Orders levels by vector width.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The level's usual name, e.g. `AVX-512`.
    public var description: String { ["SSE", "AVX", "AVX2", "AVX-512"][rawValue] }

    /// The OpenBLAS kernel set written for this level, or nil for SSE (nothing to ask for).
    public var kernelName: String? { [nil, "Sandybridge", "Haswell", "SkylakeX"][rawValue] }

    /// The level of OpenBLAS's kernel set `name` (as `openblas_get_corename` spells it).
    public init(kernel name: String) {
      switch name.lowercased() {
      case "skylakex", "cooperlake", "sapphirerapids": self = .avx512
      case "haswell", "zen", "excavator": self = .avx2
      case "sandybridge", "bulldozer", "piledriver", "steamroller": self = .avx
      default: self = .sse
      }
    }

    /// The widest level a CPU with these `/proc/cpuinfo` flags runs (the kernel lists a flag only
    /// when the operating system saves the registers too).
    public init(cpuFlags flags: Set<String>) {
      if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) {
        self = .avx512
      } else if flags.isSuperset(of: ["avx2", "fma"]) {
        self = .avx2
      } else if flags.contains("avx") {
        self = .avx
      } else {
        self = .sse
      }
    }
  }

  /// Which kernels run the matrix products, and why.
  public struct Kernels: Sendable, Equatable {
    /// The kernel set OpenBLAS chose when it loaded (from the CPU, or from OPENBLAS_CORETYPE).
    public var picked: String
    /// The kernel set that runs.
    public var running: String
    /// Whether OPENBLAS_CORETYPE named the kernels OpenBLAS picked (then they are kept, whatever
    /// they are).
    public var setByEnvironment: Bool
    /// The CPU's widest vectors.
    public var cpu: VectorLevel

    /// The kernel set to ask for instead of `picked`: the CPU's own level's, when OpenBLAS picked
    /// narrower ones by itself; nil when `picked` stays.
    public var replacement: String? {
      guard !setByEnvironment, VectorLevel(kernel: picked) < cpu else { return nil }
      return cpu.kernelName
    }

    /// Whether the kernels that run use narrower vectors than the CPU has.
    public var slowerThanTheCPU: Bool { VectorLevel(kernel: running) < cpu }

    /// GFLOP/s on a GRU step's product of the kernels that run and of the others that matter
    /// (the ones OpenBLAS picked, when replaced; the CPU's level's, when slower ones run): measured
    /// once, while the choice is made. Empty when there is nothing to compare.
    public var measured: [String: Double] = [:]
  }

  /// The choice made before the first matrix product: OpenBLAS's own, unless it picked kernels for
  /// narrower vectors than the CPU has and OPENBLAS_CORETYPE is unset; then the CPU's level's.
  /// Made once, by the first product (which the others wait for): switching kernels, and
  /// measuring the ones compared, happens while no other thread can run a product.
  public static let kernels: Kernels = {
    if getenv("OPENBLAS_NUM_THREADS") == nil { openblas_set_num_threads(1) }
    let picked = kernelName
    let named = getenv("OPENBLAS_CORETYPE").map { String(cString: $0).lowercased() }
    var choice = Kernels(
      picked: picked, running: picked, setByEnvironment: named == picked.lowercased(),
      cpu: VectorLevel(cpuFlags: cpuFlags()))
    if let better = choice.replacement, use(kernels: better) {
      choice.running = better
      choice.measured = [picked: gflops(picked), better: gflops(better)]
    } else if choice.slowerThanTheCPU, let best = choice.cpu.kernelName {
      choice.measured = [picked: gflops(picked), best: gflops(best)]
    }
    return choice
  }()

  /// Asks OpenBLAS for the kernel set `name` and says whether it now runs it; otherwise it runs
  /// what it ran before. Only while no other thread runs a BLAS routine.
  @discardableResult
  static func use(kernels name: String) -> Bool {
    guard openblas_kernels_selectable() != 0 else { return false }
    let before = kernelName
    let variable = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
    defer {
      if let variable {
        setenv("OPENBLAS_CORETYPE", variable, 1)
      } else {
        unsetenv("OPENBLAS_CORETYPE")
      }
    }
    setenv("OPENBLAS_CORETYPE", name, 1)
    openblas_choose_kernels_again()
    if kernelName.lowercased() == name.lowercased() { return true }
    setenv("OPENBLAS_CORETYPE", before, 1)
    openblas_choose_kernels_again()
    return false
  }

  /// The flags of the first processor in `/proc/cpuinfo`, or none where there is no such file.
  static func cpuFlags() -> Set<String> {
    guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0, let line {
      let text = String(cString: line)
      guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
      return Set(
        text[text.index(after: colon)...].split(whereSeparator: \.isWhitespace).map(String.init))
    }
    return []
  }
}

extension BLAS {
  /// One line saying which kernels run the matrix products and, when OpenBLAS's choice was not
  /// the CPU's widest, what the difference costs (`Kernels.measured`).
  public static func report() -> String {
    let choice = kernels
    let level = VectorLevel(kernel: choice.running)
    let rate = { (name: String) in
      choice.measured[name].map { "\(Int($0.rounded())) GFLOP/s" } ?? "(not measured)"
    }
    if choice.running != choice.picked {
      return
        "Matrix products: OpenBLAS's \(choice.running) kernels (\(level)). OpenBLAS picked its "
        + "\(choice.picked) ones (\(VectorLevel(kernel: choice.picked))) for this CPU: "
        + "\(rate(choice.picked)) against \(rate(choice.running)) here."
    }
    guard choice.slowerThanTheCPU, let best = choice.cpu.kernelName else {
      return "Matrix products: OpenBLAS's \(choice.running) kernels (\(level))."
    }
    guard choice.setByEnvironment else {
      return "Matrix products: OpenBLAS's \(choice.running) kernels (\(level)) on a CPU with "
        + "\(choice.cpu); this OpenBLAS cannot change them, so products run slower than they could."
    }
    return "Matrix products: OpenBLAS's \(choice.running) kernels (\(level)), as OPENBLAS_CORETYPE "
      + "says: \(rate(choice.running)) against \(rate(best)) with this CPU's \(best) ones "
      + "(\(choice.cpu)); unset OPENBLAS_CORETYPE to run those."
  }

  /// GFLOP/s of kernel set `name` on a GRU step's product, (64 x 192)(192 x 576), the best of
  /// four rounds of eight; the kernels that ran before run again afterwards. Only while no other
  /// thread runs a product; it calls OpenBLAS directly, since `gemm` waits for `kernels`.
  private static func gflops(_ name: String) -> Double {
    let running = kernelName
    guard running == name || use(kernels: name) else { return .nan }
    defer { if running != name { use(kernels: running) } }
    let (m, n, k) = (64, 576, 192)
    let a = [Float](repeating: 0.5, count: m * k)
    let b = [Float](repeating: 0.25, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    var best = Double.infinity
    for _ in 0..<4 {
      let start = seconds()
      for _ in 0..<8 {
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a,
          Int32(k), b, Int32(n), 0, &c, Int32(n))
      }
      best = min(best, seconds() - start)
    }
    return 2 * Double(m * n * k) * 8 / best / 1e9
  }

  /// Seconds on the monotonic clock.
  private static func seconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}
