// oneDNN's C API (Debian's libdnnl-dev), plus the one OpenMP call the cpu target needs.
#include <oneapi/dnnl/dnnl.h>

// oneDNN here is built on the OpenMP runtime (libgomp): its thread count is OpenMP's.
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
