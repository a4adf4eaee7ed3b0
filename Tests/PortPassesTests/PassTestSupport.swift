import Foundation
import PortIR
import PortOps
import PortPasses
import PortTarget
import ReferenceTarget
import XCTest

/// Runs a graph on the reference target.
func referenceRun(_ graph: Graph, _ inputs: [String: HostValue]) throws -> [String: HostValue] {
  try ReferenceTarget().compile(Model(graph: graph), options: CompileOptions()).run(inputs)
}

/// Deterministic, varied float values for test inputs and weights.
func sample(_ count: Int, seed: Int = 1) -> [Float] {
  (0..<count).map { Float(sin(Double($0 * 7 + seed * 13) * 0.37)) }
}

/// Fails when two runs' outputs differ beyond |a − b| ≤ atol + rtol·|b|.
func assertClose(
  _ actual: [String: HostValue], _ expected: [String: HostValue], rtol: Double = 1e-5, atol: Double = 1e-5,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(Set(actual.keys), Set(expected.keys), "output names differ", file: file, line: line)
  for (name, value) in expected {
    guard let a = actual[name]?.tensor, let e = value.tensor else {
      XCTFail("output '\(name)' is missing or not a tensor", file: file, line: line)
      continue
    }
    XCTAssertEqual(a.shape, e.shape, "output '\(name)' shape", file: file, line: line)
    XCTAssertEqual(a.elementType, e.elementType, "output '\(name)' type", file: file, line: line)
    let (x, y) = (a.doubles(), e.doubles())
    guard x.count == y.count else { continue }
    var worst = 0.0
    var worstIndex = -1
    for i in x.indices {
      let excess = abs(x[i] - y[i]) - (atol + rtol * abs(y[i]))
      if excess > worst || (x[i].isNaN != y[i].isNaN) {
        worst = excess.isNaN ? .infinity : excess
        worstIndex = i
      }
    }
    if worstIndex >= 0 {
      XCTFail("output '\(name)' differs at \(worstIndex): \(x[worstIndex]) vs \(y[worstIndex])", file: file, line: line)
    }
  }
}

/// Runs `pass` (with verification) on an inferred graph; checks graph inputs/outputs kept and the
/// outputs on the reference target unchanged. Returns the rewritten graph.
func checkPass(
  _ pass: any Pass, _ graph: Graph, _ inputs: [String: HostValue], rtol: Double = 1e-5, atol: Double = 1e-5,
  file: StaticString = #filePath, line: UInt = #line
) throws -> (before: Graph, after: Graph) {
  let before = try Inference.run(graph)
  try before.verify(signature: OpRegistry.signature(for:))
  let after = try PassPipeline([pass], verifying: true).run(before)
  XCTAssertEqual(after.inputs, before.inputs, file: file, line: line)
  XCTAssertEqual(after.outputs, before.outputs, file: file, line: line)
  assertClose(try referenceRun(after, inputs), try referenceRun(before, inputs), rtol: rtol, atol: atol, file: file, line: line)
  return (before, after)
}

func opTypes(_ graph: Graph) -> [String] { graph.nodes.map(\.opType) }
