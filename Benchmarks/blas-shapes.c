// sgemm on the hot shapes of `--preset full` (embed 128, GRU 2x192, vocabularies 12,000, batch
// 128 split between 2 workers, about 13 steps, two thirds of the positions valid), one thread,
// through whichever CBLAS library is named on the command line:
//
//   cc -O2 -o blas-shapes Benchmarks/blas-shapes.c -ldl
//   ./blas-shapes /usr/lib/x86_64-linux-gnu/libopenblas.so.0
//   OPENBLAS_CORETYPE=Prescott ./blas-shapes /usr/lib/x86_64-linux-gnu/libopenblas.so.0
//   ./blas-shapes /usr/lib/x86_64-linux-gnu/blis-openmp/libblis.so.4
//
// `Benchmarks/blas-kernels.sh` runs all of them side by side. The library is opened with dlopen so
// one binary measures every library, and the kernels OpenBLAS picks are named as it says them.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RowMajor = 101, NoTrans = 111, Trans = 112 };
typedef void (*sgemm_t)(int, int, int, int, int, int, float, const float *, int, const float *,
                        int, float, float *, int);

struct shape {
  const char *name;
  int ta, tb, m, n, k;
};

// C (m, n) = op(A) (m, k) op(B) (k, n), row-major, as the package's `BLAS.gemm` calls it.
static const struct shape shapes[] = {
    {"output layer forward   (550x192)x(192x12000)", 0, 0, 550, 12000, 192},
    {"output layer dX        (550x12000)x(12000x192)^T", 0, 1, 550, 192, 12000},
    {"output layer dW        (550x192)^T x(550x12000)", 1, 0, 192, 12000, 550},
    {"GRU input projection   (832x320)x(320x576)", 0, 0, 832, 576, 320},
    {"GRU recurrence, a step (64x192)x(192x576)", 0, 0, 64, 576, 192},
    {"GRU recurrence dH      (64x576)x(576x192)^T", 0, 1, 64, 192, 576},
    {"GRU weight gradient    (64x192)^T x(64x576)", 1, 0, 192, 576, 64},
    {"attention query, a step (64x192)x(192x192)", 0, 0, 64, 192, 192},
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s LIBRARY.so\n", argv[0]);
    return 2;
  }
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    fprintf(stderr, "error: %s\n", dlerror());
    return 1;
  }
  sgemm_t sgemm = (sgemm_t)dlsym(library, "cblas_sgemm");
  if (!sgemm) {
    fprintf(stderr, "error: %s has no cblas_sgemm\n", argv[1]);
    return 1;
  }
  void (*threads)(int) = (void (*)(int))dlsym(library, "openblas_set_num_threads");
  if (threads) threads(1);
  char *(*corename)(void) = (char *(*)(void))dlsym(library, "openblas_get_corename");
  const char *(*arch)(int) = (const char *(*)(int))dlsym(library, "bli_arch_string");
  int (*archID)(void) = (int (*)(void))dlsym(library, "bli_arch_query_id");
  if (corename)
    printf("OpenBLAS, kernels: %s\n", corename());
  else if (arch && archID)
    printf("BLIS, kernels: %s\n", arch(archID()));

  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
    struct shape h = shapes[s];
    float *a = malloc(sizeof(float) * h.m * h.k), *b = malloc(sizeof(float) * h.k * h.n);
    float *c = malloc(sizeof(float) * h.m * h.n);
    for (long i = 0; i < (long)h.m * h.k; i++) a[i] = (float)((i * 7919) % 1000) / 1000 - 0.5f;
    for (long i = 0; i < (long)h.k * h.n; i++) b[i] = (float)((i * 104729) % 1000) / 1000 - 0.5f;
    double rounds[5];
    for (int r = 0; r < 5; r++) {
      long calls = 0;
      double start = now(), elapsed;
      do {
        sgemm(RowMajor, h.ta ? Trans : NoTrans, h.tb ? Trans : NoTrans, h.m, h.n, h.k, 1, a,
              h.ta ? h.m : h.k, b, h.tb ? h.k : h.n, 0, c, h.n);
        calls++;
      } while ((elapsed = now() - start) < 0.2);
      rounds[r] = 2.0 * h.m * h.n * h.k * calls / elapsed / 1e9;
    }
    qsort(rounds, 5, sizeof *rounds, compare);
    printf("  %-50s %6.1f GFLOP/s\n", h.name, rounds[2]);
    free(a), free(b), free(c);
  }
  return 0;
}
