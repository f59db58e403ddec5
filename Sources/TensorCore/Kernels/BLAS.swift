import COpenBLAS

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Matrix products through OpenBLAS's `cblas_sgemm`, single-threaded unless
/// `OPENBLAS_NUM_THREADS` says otherwise (a second thread gains little on these small matrices
/// and often loses on a shared 2-core machine), with the kernels `kernels` chose.
public enum BLAS {
  /// The name of the kernels OpenBLAS chose for this CPU (or `OPENBLAS_CORETYPE`), e.g.
  /// `Haswell`, `SkylakeX`, or `Prescott`, its generic ones, for a CPU it does not know.
  public static var kernelName: String { String(cString: openblas_get_corename()) }

  /// C = alpha op(A) op(B) + beta C, with op(X) = X or X^T; row-major, C is (m, n),
  /// op(A) is (m, k), op(B) is (k, n).
  @inline(__always)
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    beta: Float, _ c: UnsafeMutablePointer<Float>
  ) {
    _ = kernels  // one thread and the kernels, chosen once before the first product
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha,
      a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
      beta, c, Int32(n))
  }
}
