import Testing

@testable import TensorCore

/// The choice of OpenBLAS's kernels: OpenBLAS 0.3.21 runs its generic Prescott kernels on a CPU it
/// does not know, and the package then asks for the kernels of the CPU's widest vectors, unless
/// OPENBLAS_CORETYPE named the kernels that run.
@Suite("BLAS kernels")
struct BLASKernelsTests {
  /// The flags of the two CPUs this project's machines come with (abridged to what matters).
  static let epyc: Set<String> = [
    "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
    "avx512_bf16",
  ]
  static let noAVX512: Set<String> = ["sse4_2", "avx", "avx2", "fma"]

  @Test("a CPU's level is its widest vectors that OpenBLAS has kernels for")
  func cpuLevels() {
    #expect(BLAS.VectorLevel(cpuFlags: Self.epyc) == .avx512)
    #expect(BLAS.VectorLevel(cpuFlags: Self.noAVX512) == .avx2)
    // AVX-512 without its byte and word instructions (Knights Landing) is not SkylakeX's level.
    #expect(BLAS.VectorLevel(cpuFlags: Self.noAVX512.union(["avx512f", "avx512cd"])) == .avx2)
    #expect(BLAS.VectorLevel(cpuFlags: ["avx2", "avx"]) == .avx)  // no fused multiply-add
    #expect(BLAS.VectorLevel(cpuFlags: ["sse2", "sse3"]) == .sse)
    #expect(BLAS.VectorLevel(cpuFlags: []) == .sse)  // no /proc/cpuinfo: nothing is asked for
  }

  @Test("a kernel set's level comes from its name, whatever its case")
  func kernelLevels() {
    for (name, level) in [
      ("Prescott", BLAS.VectorLevel.sse), ("Nehalem", .sse), ("Sandybridge", .avx),
      ("Haswell", .avx2), ("ZEN", .avx2), ("SkylakeX", .avx512), ("cooperlake", .avx512),
    ] {
      #expect(BLAS.VectorLevel(kernel: name) == level, "\(name)")
    }
    // Every level above SSE names a kernel set of its own level.
    for level in [BLAS.VectorLevel.avx, .avx2, .avx512] {
      #expect(BLAS.VectorLevel(kernel: level.kernelName!) == level)
    }
  }

  @Test("OpenBLAS's generic choice is replaced by the CPU's level's kernels; the user's is kept")
  func replacement() {
    func kernels(_ picked: String, set: Bool = false, cpu: Set<String>) -> BLAS.Kernels {
      BLAS.Kernels(
        picked: picked, running: picked, setByEnvironment: set, cpu: BLAS.VectorLevel(cpuFlags: cpu)
      )
    }
    // The Intel Xeon (family 6, model 207) that OpenBLAS 0.3.21 does not know.
    #expect(kernels("Prescott", cpu: Self.epyc).replacement == "SkylakeX")
    #expect(kernels("Prescott", cpu: Self.noAVX512).replacement == "Haswell")
    #expect(kernels("Sandybridge", cpu: Self.epyc).replacement == "SkylakeX")
    // OpenBLAS's own choice at the CPU's level stays, even when it is not the named one.
    #expect(kernels("Cooperlake", cpu: Self.epyc).replacement == nil)
    #expect(kernels("Zen", cpu: Self.noAVX512).replacement == nil)
    // Named in OPENBLAS_CORETYPE: kept, but reported as slower than the CPU could run.
    let named = kernels("Nehalem", set: true, cpu: Self.epyc)
    #expect(named.replacement == nil)
    #expect(named.slowerThanTheCPU)
    #expect(!kernels("SkylakeX", cpu: Self.epyc).slowerThanTheCPU)
    // An SSE-only CPU has nothing better to ask for.
    #expect(kernels("Prescott", cpu: ["sse3"]).replacement == nil)
  }

  @Test("the kernels that run are at least as wide as OpenBLAS's choice, and report says which")
  func theChoiceMade() {
    let choice = BLAS.kernels
    #expect(BLAS.kernelName == choice.running)
    #expect(BLAS.VectorLevel(kernel: choice.running) >= BLAS.VectorLevel(kernel: choice.picked))
    if choice.replacement == nil { #expect(choice.running == choice.picked) }
    #expect(BLAS.report().hasPrefix("Matrix products: OpenBLAS's \(choice.running) kernels"))
    // What a slower choice costs was measured when the choice was made, for both kernel sets.
    #expect(
      choice.measured.isEmpty == (choice.running == choice.picked && !choice.slowerThanTheCPU))
    #if os(Linux) && arch(x86_64)
      #expect(BLAS.cpuFlags().contains("sse2"))  // every x86-64 CPU has it: the flags were read
    #endif
  }
}
