#include "connx.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <string>

// SwiftPM defines DEBUG in debug builds; libonnx uses it as a member name.
#undef DEBUG

#include "onnx/checker.h"
#include "onnx/common/version.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

// Exported by libonnx 1.12 but not declared in its header: the check with a context, so that
// external data is looked up relative to the model's folder instead of the working directory.
namespace onnx {
namespace checker {
void check_model(const ModelProto &model, CheckerContext &ctx);
}  // namespace checker
}  // namespace onnx

namespace {

char *copy_string(const std::string &text) {
  char *result = static_cast<char *>(std::malloc(text.size() + 1));
  if (result != nullptr) std::memcpy(result, text.c_str(), text.size() + 1);
  return result;
}

void set_message(char **message, const std::string &text) {
  if (message != nullptr) *message = copy_string(text);
}

bool parse(const void *bytes, size_t length, onnx::ModelProto &model, char **message) {
  if (length > static_cast<size_t>(std::numeric_limits<int>::max())) {
    set_message(message, "model is larger than 2 GiB; protobuf cannot parse it in one piece");
    return false;
  }
  if (!model.ParseFromArray(bytes, static_cast<int>(length))) {
    set_message(message, "not a valid ONNX ModelProto");
    return false;
  }
  return true;
}

int serialize(const onnx::ModelProto &model, void **out, size_t *out_length, char **message) {
  std::string data;
  if (!model.SerializeToString(&data)) {
    set_message(message, "could not serialize the model");
    return CONNX_INTERNAL_ERROR;
  }
  void *buffer = std::malloc(data.size() == 0 ? 1 : data.size());
  if (buffer == nullptr) {
    set_message(message, "out of memory");
    return CONNX_INTERNAL_ERROR;
  }
  std::memcpy(buffer, data.data(), data.size());
  *out = buffer;
  *out_length = data.size();
  return CONNX_OK;
}

}  // namespace

extern "C" {

int64_t connx_max_ir_version(void) { return onnx::IR_VERSION; }

int64_t connx_max_opset(const char *domain) {
  const auto &map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto found = map.find(domain == nullptr ? std::string() : std::string(domain));
  if (found == map.end()) return -1;
  return found->second.second;
}

const char *connx_library_version(void) { return onnx::LAST_RELEASE_VERSION; }

int connx_check_model(const void *bytes, size_t length, const char *model_dir, char **message) {
  try {
    onnx::ModelProto model;
    if (!parse(bytes, length, model, message)) return CONNX_PARSE_ERROR;
    onnx::checker::CheckerContext context;
    if (model_dir != nullptr) context.set_model_dir(std::string(model_dir) + "/");
    onnx::checker::check_model(model, context);
    return CONNX_OK;
  } catch (const onnx::checker::ValidationError &error) {
    set_message(message, error.what());
    return CONNX_CHECK_FAILED;
  } catch (const std::exception &error) {
    set_message(message, error.what());
    return CONNX_CHECK_FAILED;
  } catch (...) {
    set_message(message, "unknown exception in libonnx checker");
    return CONNX_INTERNAL_ERROR;
  }
}

int connx_infer_shapes(const void *bytes, size_t length, int strict, void **out, size_t *out_length,
                       char **message) {
  try {
    onnx::ModelProto model;
    if (!parse(bytes, length, model, message)) return CONNX_PARSE_ERROR;
    onnx::ShapeInferenceOptions options(true, strict ? 1 : 0, false);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    return serialize(model, out, out_length, message);
  } catch (const std::exception &error) {
    set_message(message, error.what());
    return CONNX_CHECK_FAILED;
  } catch (...) {
    set_message(message, "unknown exception in libonnx shape inference");
    return CONNX_INTERNAL_ERROR;
  }
}

int connx_convert_version(const void *bytes, size_t length, int64_t target_opset, void **out,
                          size_t *out_length, char **message) {
  try {
    onnx::ModelProto model;
    if (!parse(bytes, length, model, message)) return CONNX_PARSE_ERROR;
    onnx::ModelProto converted = onnx::version_conversion::ConvertVersion(model, static_cast<int>(target_opset));
    return serialize(converted, out, out_length, message);
  } catch (const std::exception &error) {
    set_message(message, error.what());
    return CONNX_CHECK_FAILED;
  } catch (...) {
    set_message(message, "unknown exception in libonnx version converter");
    return CONNX_INTERNAL_ERROR;
  }
}

void connx_free(void *pointer) { std::free(pointer); }

}  // extern "C"
