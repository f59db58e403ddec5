#!/usr/bin/env bash
# sgemm on `--preset full`'s hot shapes with every BLAS this machine offers: OpenBLAS with the
# kernels it picks by itself and with each set named by hand, and BLIS (`apt-get install
# libblis-dev`), which picks its kernels from the CPU's features. One thread each.
# Usage: bash Benchmarks/blas-kernels.sh   (RESULTS.md, "Which BLAS", has what it printed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(mktemp)
trap 'rm -f "$binary"' EXIT
cc -O2 -o "$binary" "$here/blas-shapes.c" -ldl
openblas=/usr/lib/x86_64-linux-gnu/libopenblas.so.0
grep -m1 "model name" /proc/cpuinfo
echo "OpenBLAS, its own choice:"
env -u OPENBLAS_CORETYPE "$binary" "$openblas"
for kernels in Prescott Sandybridge Haswell SkylakeX; do
  echo "OpenBLAS, OPENBLAS_CORETYPE=$kernels:"
  OPENBLAS_CORETYPE=$kernels "$binary" "$openblas"
done
blis=/usr/lib/x86_64-linux-gnu/blis-openmp/libblis.so.4
if [ -e "$blis" ]; then
  OMP_NUM_THREADS=1 BLIS_NUM_THREADS=1 "$binary" "$blis"
else
  echo "BLIS: not installed (apt-get install libblis-dev)"
fi
