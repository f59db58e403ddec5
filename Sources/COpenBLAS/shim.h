// OpenBLAS's C interface: cblas_sgemm for the matrix products, openblas_set_num_threads.
#include <cblas.h>

// The two entry points of OpenBLAS's runtime kernel selection (builds with DYNAMIC_ARCH, as
// Debian's): `gotoblas_dynamic_init` picks a kernel set from OPENBLAS_CORETYPE, or from the CPU
// when it is unset, unless one is already chosen; `gotoblas_dynamic_quit` forgets the choice.
// Weak, so that a build of OpenBLAS for one CPU (without them) still links: they are then null.
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

/// Whether this OpenBLAS can change its kernels at run time.
static inline int openblas_kernels_selectable(void) {
  return gotoblas_dynamic_init != 0 && gotoblas_dynamic_quit != 0;
}

/// Chooses OpenBLAS's kernels again, as it does when it loads (from OPENBLAS_CORETYPE if set).
/// Call only while no other thread runs a BLAS routine.
static inline void openblas_choose_kernels_again(void) {
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
}
