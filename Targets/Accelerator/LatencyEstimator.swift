import Foundation
import PortIR
import PortTarget

/// A roofline estimate of one inference on the device, from the manifest's figures and the value
/// shapes of a run: per device layer, the larger of compute time (MACs over the MAC array, or
/// elements over the vector lanes) and memory time (bytes over the bandwidth, activations
/// re-read once per tile when weights and activations exceed the on-chip memory); plus the
/// host↔device transfers at fallback boundaries.
struct LatencyEstimator {
  var manifest: AcceleratorManifest
  var arithmetic: any DeviceArithmetic

  /// Ops that only relabel memory on the device (no data movement).
  static let free: Set<String> = ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"]

  func estimate(_ plan: AcceleratorPlan, _ graph: Graph, _ shapes: [String: [Int]]) -> DeviceLatencyEstimate {
    let hw = manifest.hardware
    let clock = manifest.clockHz
    let bandwidth = hw.memoryGbps * 1e9
    let onChip = hw.onChipKib * 1024
    var layers: [LayerEstimate] = []
    var device = 0.0
    var computeBound = 0
    var memoryBound = 0
    var tiled = 0
    func elements(_ name: String) -> Double { Double(shapes[name]?.reduce(1, *) ?? 0) }
    for (index, node) in graph.nodes.enumerated() where plan.onDevice(index) {
      if Self.free.contains(node.opType) { continue }
      let constraints = manifest.constraints(for: node.opType)
      let alignment = Double(constraints?.channelAlignment ?? 1)
      var weights = 0.0
      var activationsIn = 0.0
      // The second operand of a MAC op streams like weights (read once), constant or not.
      let macOp = ["Conv", "ConvTranspose", "MatMul", "Gemm"].contains(node.opType)
      for (position, input) in node.inputs.enumerated() where !input.isEmpty {
        if let constant = graph.initializers[input] {
          weights += Double(constant.count) * arithmetic.weightBytes
        } else if macOp && position == 1 {
          weights += elements(input) * arithmetic.weightBytes
        } else {
          activationsIn += elements(input) * arithmetic.activationBytes
        }
      }
      let activationsOut = node.outputs.filter { !$0.isEmpty }.reduce(0.0) { $0 + elements($1) * arithmetic.activationBytes }
      let working = weights + activationsIn + activationsOut
      let tiles = max(1, Int((working / onChip).rounded(.up)))
      let bytes = weights + activationsIn * Double(tiles) + activationsOut
      let macs = Self.macs(node, graph, shapes, alignment: alignment)
      let compute: Double
      if macs > 0 {
        compute = macs / (hw.macsPerCycle * clock)
      } else {
        // Vector / LUT work: a few passes over the output elements.
        let outputs = node.outputs.first.map(elements) ?? 0
        let passes = node.opType == "Softmax" || node.opType == "LayerNormalization" ? 4.0 : 1.0
        let window = Double((node[attribute: "kernel_shape"]?.ints ?? []).reduce(1, *))
        compute = outputs * passes * window / (hw.vectorLanes * clock)
      }
      let memory = bytes / bandwidth
      let seconds = max(compute, memory)
      device += seconds
      if compute >= memory { computeBound += 1 } else { memoryBound += 1 }
      if tiles > 1 { tiled += 1 }
      layers.append(
        LayerEstimate(
          node: node.name, opType: node.opType, macs: macs, bytes: bytes, seconds: seconds,
          bound: compute >= memory ? "compute" : "memory", tiles: tiles))
    }
    // Transfers: each crossing value moves in host form (its own element size) over the host link.
    var transferBytes = 0.0
    let crossings = AcceleratorPlanner.transferValues(graph, plan.refusals)
    for crossing in crossings {
      let size = Double(graph.type(of: crossing.value).elementType.map { max(1, $0.bitWidth / 8) } ?? 4)
      transferBytes += elements(crossing.value) * size
    }
    let transferSeconds = transferBytes / (hw.hostLinkGbps * 1e9) + Double(crossings.count) * hw.hostLinkLatencyUs * 1e-6
    layers.sort { $0.seconds > $1.seconds }
    let basis = String(
      format: "roofline: %.0f MAC/cycle at %.0f MHz, %.1f GB/s memory, %.0f KiB on-chip, host link %.1f GB/s + %.0f µs",
      hw.macsPerCycle, hw.clockMhz, hw.memoryGbps, hw.onChipKib, hw.hostLinkGbps, hw.hostLinkLatencyUs)
    return DeviceLatencyEstimate(
      basis: basis, deviceSeconds: device, transferSeconds: transferSeconds, transfers: crossings.count,
      transferBytes: transferBytes, computeBoundLayers: computeBound, memoryBoundLayers: memoryBound, tiledLayers: tiled,
      layers: Array(layers.prefix(20)))
  }

  /// Multiply-accumulates of a node on the MAC array, channels padded to the alignment; 0 for ops
  /// the vector unit runs.
  static func macs(_ node: Node, _ graph: Graph, _ shapes: [String: [Int]], alignment: Double) -> Double {
    func padded(_ channels: Int) -> Double { (Double(channels) / alignment).rounded(.up) * alignment }
    switch node.opType {
    case "Conv", "ConvInteger", "QLinearConv":
      let weightIndex = node.opType == "QLinearConv" ? 3 : 1
      guard node.inputs.count > weightIndex, let w = shapes[node.inputs[weightIndex]] ?? graph.initializers[node.inputs[weightIndex]]?.shape,
        let y = shapes[node.outputs[0]], w.count >= 2, y.count >= 2
      else { return 0 }
      let group = Double(node[attribute: "group"]?.int ?? 1)
      let depthwise = group > 1 && Double(w[0]) == group
      let perOutput = (depthwise ? 1 : padded(w[1])) * Double(w[2...].reduce(1, *))
      let outputs = Double(y[0]) * (depthwise ? Double(y[1]) : padded(y[1])) * Double(y[2...].reduce(1, *))
      return outputs * perOutput
    case "ConvTranspose":
      guard let x = shapes[node.inputs[0]], let w = shapes[node.inputs[1]] ?? graph.initializers[node.inputs[1]]?.shape, w.count >= 2
      else { return 0 }
      let group = Double(node[attribute: "group"]?.int ?? 1)
      return Double(x.reduce(1, *)) * Double(w[1]) * Double(w[2...].reduce(1, *)) / max(1, group) * group
    case "MatMul", "MatMulInteger", "QLinearMatMul":
      guard let a = shapes[node.inputs[0]], let y = shapes[node.outputs[0]], let k = a.last else { return 0 }
      return Double(y.reduce(1, *)) * padded(k)
    case "Gemm":
      guard let a = shapes[node.inputs[0]], let y = shapes[node.outputs[0]], a.count == 2 else { return 0 }
      let k = (node[attribute: "transA"]?.int ?? 0) == 1 ? a[0] : a[1]
      return Double(y.reduce(1, *)) * padded(k)
    default:
      return 0
    }
  }
}
