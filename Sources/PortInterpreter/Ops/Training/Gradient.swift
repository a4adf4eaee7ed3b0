import PortIR
import PortTarget

/// Gradient: recomputes the part of the enclosing graph between `xs` and `y` from the given values
/// (xs, then zs), then back-propagates ones from y with the local rules of `GradientSupport`.
/// Values the recomputation reads that are neither given nor computed from xs come from the scope.
enum GradientKernel: ReferenceKernel {
  static let opType = "Gradient"
  static let domain = "ai.onnx.preview.training"

  static func refusal(for node: Node, in graph: Graph) -> String? {
    do {
      _ = try GradientSupport.plan(node, in: graph)
      return nil
    } catch {
      return error.reason
    }
  }

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let graph = context.graph
    let plan: GradientSupport.Plan
    do { plan = try GradientSupport.plan(node, in: graph) } catch { throw node.failure(error.reason, code: .unsupported) }

    let givenNames = plan.xs + plan.zs
    var values: [String: HostValue] = [:]
    for (index, name) in givenNames.enumerated() {
      guard index < inputs.count, let value = inputs[index] else { throw node.failure("input \(index) ('\(name)') is required") }
      values[name] = value
    }
    let producers = graph.producers

    // A value the recomputation reads: given or already computed, else from the scope, else by running
    // the (xs-independent) node that produces it.
    func resolve(_ name: String) throws -> HostValue {
      if let value = values[name] ?? context.scope.lookup(name) { return value }
      guard let index = producers[name], plan.constant.contains(index) else {
        throw node.failure("'\(name)', needed to recompute '\(plan.y)', has no value here; name it in 'zs' and pass it as an input")
      }
      _ = try runNode(index)
      guard let value = values[name] else { throw node.failure("'\(name)' was not produced") }
      return value
    }
    func runNode(_ index: Int) throws -> (inputs: [HostValue?], outputs: [HostValue?]) {
      let inner = graph.nodes[index]
      guard let kernel = KernelRegistry.kernel(for: inner) else {
        throw PortError(.unsupported, "no reference kernel for \(inner.qualifiedOpType)", at: Location(node: inner.name))
      }
      let innerInputs = try inner.inputs.map { $0.isEmpty ? nil : try resolve($0) }
      let outputs = try kernel.run(inner, innerInputs, context)
      // A given value (an x or z) keeps the value passed in, even where the graph also computes it.
      for (position, name) in inner.outputs.enumerated() where !name.isEmpty && position < outputs.count {
        if let value = outputs[position], !givenNames.contains(name) { values[name] = value }
      }
      return (innerInputs, outputs)
    }

    // Forward, keeping what the derivative rules need.
    var records: [Int: (inputs: [HostValue?], outputs: [HostValue?])] = [:]
    for index in plan.path { records[index] = try runNode(index) }

    // Backward from y, seeded with ones; a y that does not depend on xs leaves every gradient zero.
    var gradients: [String: GradientSupport.Dense] = [:]
    if plan.varying.contains(plan.y) {
      guard let y = try resolve(plan.y).tensor else { throw node.failure("'\(plan.y)' must be a tensor") }
      gradients[plan.y] = .ones(y.shape)
    }
    for index in plan.path.reversed() {
      let inner = graph.nodes[index]
      guard let outputName = inner.outputs.first, let gradient = gradients[outputName], let record = records[index],
        let output = record.outputs.first??.tensor
      else { continue }
      let inputGradients = try GradientSupport.backward(
        inner, inputs: record.inputs.map { $0?.tensor }, output: output, gradient: gradient)
      for (position, name) in inner.inputs.enumerated() where plan.varying.contains(name) {
        guard position < inputGradients.count, let contribution = inputGradients[position] else { continue }
        if gradients[name] == nil { gradients[name] = contribution } else { gradients[name]?.add(contribution) }
      }
    }

    return try node.outputs.enumerated().map { position, name in
      guard !name.isEmpty else { return nil }
      let x = try inputs.tensor(position, of: node)
      guard let gradient = gradients[plan.xs[position]] else { return .tensor(.zeros(x.elementType, shape: x.shape)) }
      guard gradient.shape == x.shape else {
        throw node.failure("the gradient of '\(plan.xs[position])' has shape \(gradient.shape), not \(x.shape)")
      }
      return .tensor(Tensor(x.elementType, shape: x.shape, doubles: gradient.values))
    }
  }
}
