import PortIR
import PortTarget

enum ScanKernel: ReferenceKernel {
  static let opType = "Scan"
  static func refusal(for node: Node, in graph: Graph) -> String? {
    node.opsetVersion < 9 ? "Scan-8 with sequence_lens (per-batch lengths) is not implemented" : nil
  }
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let body = node.attributes["body"]?.graph else { throw node.failure("missing body") }
    let scanCount = node.int("num_scan_inputs", 0)
    let stateCount = inputs.count - scanCount
    guard stateCount >= 0, scanCount > 0 else { throw node.failure("num_scan_inputs does not fit the inputs") }
    var states: [HostValue] = try (0..<stateCount).map { index in
      guard let value = inputs[index] else { throw node.failure("state input \(index) is missing") }
      return value
    }
    let scanned = try (0..<scanCount).map { try inputs.tensor(stateCount + $0, of: node) }
    let inputAxes = try scanned.enumerated().map { index, tensor in
      try TensorKernels.axis(node.ints("scan_input_axes")?[safe: index] ?? 0, rank: tensor.rank, node, "scan_input_axes")
    }
    let inputDirections = node.ints("scan_input_directions") ?? []
    let length = scanned[0].shape[inputAxes[0]]
    for (tensor, axis) in zip(scanned, inputAxes) where tensor.shape[axis] != length {
      throw node.failure("scan inputs differ in sequence length")
    }
    let outputCount = body.outputs.count - stateCount
    guard outputCount >= 0 else { throw node.failure("body returns fewer values than there are states") }
    var collected: [[Tensor]] = Array(repeating: [], count: outputCount)
    for step in 0..<length {
      let slices = scanned.enumerated().map { index, tensor -> HostValue in
        let position = (inputDirections[safe: index] ?? 0) != 0 ? length - 1 - step : step
        let slice = TensorKernels.slice(tensor, axis: inputAxes[index], start: position, length: 1)
        var shape = slice.shape
        shape.remove(at: inputAxes[index])
        return .tensor(TensorKernels.reshaped(slice, shape))
      }
      let outputs = try context.runSubgraph(body, states + slices)
      states = Array(outputs[..<stateCount])
      for k in 0..<outputCount {
        guard let tensor = outputs[stateCount + k].tensor else { throw node.failure("scan outputs must be tensors") }
        collected[k].append(tensor)
      }
    }
    var results: [HostValue?] = states.map { $0 }
    let outputAxes = node.ints("scan_output_axes") ?? []
    let outputDirections = node.ints("scan_output_directions") ?? []
    for k in 0..<outputCount {
      guard let first = collected[k].first else { throw node.failure("a zero-length scan has no scan output shape") }
      let axis = try TensorKernels.axis(outputAxes[safe: k] ?? 0, rank: first.rank + 1, node, "scan_output_axes")
      let ordered = (outputDirections[safe: k] ?? 0) != 0 ? collected[k].reversed() : collected[k]
      results.append(.tensor(try TensorKernels.stack(ordered, axis: axis, node)))
    }
    return results
  }
}

fileprivate extension Array {
  /// The element at `index`, or nil past the end.
  subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}
