import PortIR
import PortInterpreter
import PortTarget

/// The golden interpreter: every drift ModelPort reports is measured against it.
import Foundation

public struct ReferenceTarget: Target, HasExpectedFailures {
  public let name = "reference"
  public let summary = "golden interpreter: plain, obviously correct kernels, accumulating in Double"

  public init() {}

  /// The conformance tests this target may fail, each with a category and reason: one JSON file
  /// per area in `ExpectedFailures/`.
  public var expectedFailures: [ExpectedFailure] {
    ExpectedFailure.load(folder: Bundle.module.url(forResource: "ExpectedFailures", withExtension: nil))
  }

  public func capability(of graph: Graph) -> Capability {
    Interpreter.capability(of: graph)
  }

  public func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    if let refused = capability(of: model.graph).refused.first {
      throw PortError(.unsupported, refused.reason, at: Location(node: refused.node))
    }
    return ReferenceExecutable(graph: model.graph)
  }
}

final class ReferenceExecutable: ExposesIntermediates {
  let graph: Graph

  init(graph: Graph) { self.graph = graph }

  func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] {
    try runExposingIntermediatesIf(false, inputs).outputs
  }

  func runExposingIntermediates(_ inputs: [String: HostValue]) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    try runExposingIntermediatesIf(true, inputs)
  }

  private func runExposingIntermediatesIf(_ expose: Bool, _ inputs: [String: HostValue]) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    let interpreter = Interpreter()
    if expose { interpreter.captured = [:] }
    let outputs = try interpreter.run(graph, inputs: inputs)
    return (outputs, interpreter.captured ?? [:])
  }
}
