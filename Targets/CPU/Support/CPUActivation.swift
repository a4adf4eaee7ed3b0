import CDNNL
import PortIR

/// Activations oneDNN runs as eltwise primitives or post-ops.
enum CPUActivation {
  /// oneDNN's algorithm and parameters for an activation by ONNX name, or nil.
  static func algorithm(_ name: String, _ params: [Float]) -> (dnnl_alg_kind_t, Float, Float)? {
    switch name {
    case "Relu": return (dnnl_eltwise_relu, 0, 0)
    case "LeakyRelu": return (dnnl_eltwise_relu, params.first ?? 0.01, 0)
    case "Clip":
      return (dnnl_eltwise_clip, params.count > 0 ? params[0] : -Float.greatestFiniteMagnitude,
        params.count > 1 ? params[1] : Float.greatestFiniteMagnitude)
    case "Sigmoid": return (dnnl_eltwise_logistic, 0, 0)
    case "Tanh": return (dnnl_eltwise_tanh, 0, 0)
    case "HardSwish": return (dnnl_eltwise_hardswish, 0, 0)
    case "Gelu": return (dnnl_eltwise_gelu_erf, 0, 0)
    default: return nil
    }
  }

  /// The activation a standalone ONNX node computes, with its parameters (constant Clip bounds
  /// included), or nil when it is none oneDNN has.
  static func of(_ node: Node, _ graph: Graph) -> (name: String, params: [Float])? {
    switch node.opType {
    case "Relu", "Sigmoid", "Tanh", "HardSwish": return (node.opType, [])
    case "LeakyRelu": return ("LeakyRelu", [node.attributes["alpha"]?.float ?? 0.01])
    case "Gelu":
      guard (node.attributes["approximate"]?.string ?? "none") == "none" else { return nil }
      return ("Gelu", [])
    case "Clip":
      var bounds: [Float] = [-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude]
      for position in 1..<3 {
        guard let name = node.input(position) else { continue }
        guard let constant = graph.initializers[name], constant.elementType == .float, constant.count == 1 else { return nil }
        bounds[position - 1] = constant.floats()[0]
      }
      return ("Clip", bounds)
    default: return nil
    }
  }
}
