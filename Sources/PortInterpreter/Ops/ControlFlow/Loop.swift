import PortIR
import PortTarget

enum LoopKernel: ReferenceKernel {
  static let opType = "Loop"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let body = node.attributes["body"]?.graph else { throw node.failure("missing body") }
    let tripCount = try inputs.optionalTensor(0).map { tensor -> Int64 in
      guard let value = tensor.scalarInt else { throw node.failure("M must hold one element") }
      return value
    }
    let conditionGiven = inputs.count > 1 && inputs[1] != nil
    var condition = try inputs.optionalTensor(1).map { tensor -> Bool in
      guard let value = tensor.scalarInt else { throw node.failure("cond must hold one element") }
      return value != 0
    } ?? true
    var carried: [HostValue] = try (2..<max(inputs.count, 2)).map { index in
      guard let value = inputs[index] else { throw node.failure("loop-carried input \(index) is missing") }
      return value
    }
    let scanCount = body.outputs.count - 1 - carried.count
    guard scanCount >= 0 else { throw node.failure("body returns too few values") }
    var scans: [[Tensor]] = Array(repeating: [], count: scanCount)
    var iteration: Int64 = 0
    while condition && (tripCount.map { iteration < $0 } ?? true) {
      let bodyInputs: [HostValue] =
        [.tensor(Tensor(int64s: [iteration], shape: [])), .tensor(Tensor(.bool, shape: [], int64s: [condition ? 1 : 0]))]
        + carried
      let outputs = try context.runSubgraph(body, bodyInputs)
      // Without a cond input the loop is a for loop: the body's cond is ignored.
      if conditionGiven {
        guard let next = outputs[0].tensor?.scalarInt else { throw node.failure("body cond must be a one-element tensor") }
        condition = next != 0
      }
      carried = Array(outputs[1..<(1 + carried.count)])
      for k in 0..<scanCount {
        guard let tensor = outputs[1 + carried.count + k].tensor else { throw node.failure("scan outputs must be tensors") }
        scans[k].append(tensor)
      }
      iteration += 1
    }
    var results: [HostValue?] = carried.map { $0 }
    for k in 0..<scanCount {
      if scans[k].isEmpty {
        let type = context.type(of: node.outputs[carried.count + k]).elementType ?? .float
        results.append(.tensor(Tensor.zeros(type, shape: [0])))
      } else {
        results.append(.tensor(try TensorKernels.stack(scans[k], axis: 0, node)))
      }
    }
    return results
  }
}
