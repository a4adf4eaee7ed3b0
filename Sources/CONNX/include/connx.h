// A plain C interface to Debian's libonnx (the ONNX project's own C++ checker,
// shape inference and version converter). Swift never sees protobuf's C++
// headers: models cross this boundary as serialized bytes.
#ifndef MODELPORT_CONNX_H
#define MODELPORT_CONNX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes of every call below.
enum connx_status {
  CONNX_OK = 0,
  CONNX_PARSE_ERROR = 1,    ///< the bytes are not a ModelProto
  CONNX_CHECK_FAILED = 2,   ///< libonnx rejected the model; see the message
  CONNX_INTERNAL_ERROR = 3  ///< an unexpected exception inside libonnx
};

/// The newest IR version this libonnx understands.
int64_t connx_max_ir_version(void);
/// The newest opset version this libonnx knows for a domain ("" is ai.onnx), or -1.
int64_t connx_max_opset(const char *domain);
/// The libonnx version string, e.g. "1.12.0".
const char *connx_library_version(void);

/// onnx::checker::check_model; external data is resolved relative to `model_dir` (may be NULL).
/// On failure *message (free with connx_free) says why.
int connx_check_model(const void *bytes, size_t length, const char *model_dir, char **message);

/// onnx::shape_inference::InferShapes with check_type and the given error mode
/// (1 = strict: node-level inference errors are errors). On success *out holds the
/// serialized model with value_info filled in.
int connx_infer_shapes(const void *bytes, size_t length, int strict,
                       void **out, size_t *out_length, char **message);

/// onnx::version_conversion::ConvertVersion to the target ai.onnx opset.
int connx_convert_version(const void *bytes, size_t length, int64_t target_opset,
                          void **out, size_t *out_length, char **message);

/// Releases memory returned by the calls above.
void connx_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
