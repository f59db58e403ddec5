// OpenBLAS's C interface: cblas_sgemm for the matrix products, openblas_set_num_threads.
#include <cblas.h>
