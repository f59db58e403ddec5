import COpenBLAS
import TensorCore
import Testing

@Suite("OpenBLAS")
struct BLASSmokeTests {
  @Test("cblas_sgemm multiplies a 2x3 by a 3x2 matrix")
  func sgemmMultiplies() {
    let a: [Float] = [1, 2, 3, 4, 5, 6]
    let b: [Float] = [7, 8, 9, 10, 11, 12]
    var c = [Float](repeating: 0, count: 4)
    // The package chooses OpenBLAS's kernels before its first product and may switch them then;
    // a direct call waits for that choice like the package's own products do.
    _ = BLAS.kernels
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
    #expect(c == [58, 64, 139, 154])
  }
}
