import Foundation
import PortIR
import PortTarget

/// A compiled accelerator plan: each region is a subgraph, run in order; device regions through
/// the simulated device arithmetic, host regions on the injected fallback target.
final class AcceleratorExecutable: ExposesIntermediates, EstimatesDeviceLatency, DescribesCompilation {
  struct Region {
    var graph: Graph
    var runner: any RegionRunner
  }

  let graph: Graph
  let regions: [Region]
  let compilation: CompilationInfo
  let deviceLatencyEstimate: DeviceLatencyEstimate?

  init(graph: Graph, regions: [Region], compilation: CompilationInfo, estimate: DeviceLatencyEstimate?) {
    self.graph = graph
    self.regions = regions
    self.compilation = compilation
    self.deviceLatencyEstimate = estimate
  }

  func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] {
    try execute(inputs, expose: false).outputs
  }

  func runExposingIntermediates(_ inputs: [String: HostValue]) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    try execute(inputs, expose: true)
  }

  private func execute(_ inputs: [String: HostValue], expose: Bool) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    var values: [String: HostValue] = [:]
    for name in graph.inputs {
      guard let value = inputs[name] else { throw PortError(.badArgument, "no value given for graph input '\(name)'") }
      values[name] = value
    }
    var intermediates: [String: HostValue] = [:]
    for region in regions {
      var feed: [String: HostValue] = [:]
      for name in region.graph.inputs {
        guard let value = values[name] else {
          throw PortError(.executionFailed, "value '\(name)' was not computed before the region that reads it")
        }
        feed[name] = value
      }
      let (outputs, inner) = try region.runner.run(feed, expose: expose)
      for (name, value) in outputs { values[name] = value }
      if expose {
        intermediates.merge(inner) { a, _ in a }
        intermediates.merge(outputs) { a, _ in a }
      }
    }
    var outputs: [String: HostValue] = [:]
    for name in graph.outputs {
      if let value = values[name] ?? graph.initializers[name].map(HostValue.tensor) { outputs[name] = value }
    }
    return (outputs, intermediates)
  }
}

/// A host region: a subgraph compiled on the fallback target.
final class HostRegion: RegionRunner {
  let executable: any Executable
  init(_ executable: any Executable) { self.executable = executable }

  func run(_ feed: [String: HostValue], expose: Bool) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  ) {
    if expose, let exposing = executable as? any ExposesIntermediates {
      return try exposing.runExposingIntermediates(feed)
    }
    return (try executable.run(feed), [:])
  }
}
