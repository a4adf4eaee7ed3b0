import Foundation
import PortIR
import PortInterpreter
import PortOps
import PortPasses
import XCTest

/// Deterministic pseudo-random floats, uniform in `range` (xorshift64*), for legalization inputs.
func randomFloats(_ count: Int, seed: UInt64, in range: ClosedRange<Double> = -4...4) -> [Float] {
  var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
  return (0..<count).map { _ in
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    let unit = Double((state &* 0x2545_F491_4F6C_DD1D) >> 11) / Double(1 << 53)
    return Float(range.lowerBound + unit * (range.upperBound - range.lowerBound))
  }
}

/// A random float tensor input.
func randomInput(_ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = -4...4) -> HostValue {
  .tensor(Tensor(shape: shape, floats: randomFloats(shape.reduce(1, *), seed: seed, in: range)))
}

/// x [shape] → op → y, with the node named "n".
func unaryGraph(_ opType: String, _ attributes: [String: Attribute] = [:], shape: [Int] = [2, 3, 4, 5], opset: Int = 22)
  -> Graph
{
  Graph(
    inputs: ["x"], outputs: ["y"],
    nodes: [Node(name: "n", opType: opType, inputs: ["x"], outputs: ["y"], attributes: attributes, opsetVersion: opset)],
    types: ["x": .tensor(.float, Shape(fixed: shape))])
}

/// Legalizes `graph` for `native` (and `predicate`); checks the result verifies, keeps the input
/// and output names, leaves no non-native node (unless `allNative` is false), records types that
/// a fresh inference agrees with, and computes the same outputs as the original on the reference
/// interpreter within |a − b| ≤ atol + rtol·|b| (unless `numeric` is false: for whole models, whose
/// rewrites are each checked numerically on their own, and which the debug interpreter runs slowly).
@discardableResult
func checkLegalization(
  _ graph: Graph, native: Set<String>, inputs: [String: HostValue], rtol: Double = 1e-5, atol: Double = 1e-6,
  allNative: Bool = true, numeric: Bool = true, predicate: Legalizer.NativePredicate? = nil, file: StaticString = #filePath, line: UInt = #line
) throws -> LegalizationResult {
  let before = try Inference.run(graph)
  try before.verify(signature: OpRegistry.signature(for:))
  let legalizer = Legalizer(nativeOps: native, verifying: true, isNative: predicate)
  let result = try legalizer.legalize(before)
  let after = result.graph
  try after.verify(signature: OpRegistry.signature(for:))
  XCTAssertEqual(after.inputs, before.inputs, "inputs", file: file, line: line)
  XCTAssertEqual(after.outputs, before.outputs, "outputs", file: file, line: line)
  if allNative {
    XCTAssertEqual(result.remaining, [], "nodes left non-native", file: file, line: line)
    for node in after.nodes {
      XCTAssertTrue(legalizer.isNative(node, in: after), "\(node.name) (\(node.opType)) is not native", file: file, line: line)
    }
  }
  let reinferred = try Inference.run(after)
  for node in after.nodes {
    for output in node.outputs where !output.isEmpty {
      XCTAssertEqual(after.types[output], reinferred.types[output], "type of '\(output)'", file: file, line: line)
    }
  }
  guard numeric else { return result }
  let expected = try Interpreter().run(before, inputs: inputs)
  let actual = try Interpreter().run(after, inputs: inputs)
  assertClose(actual, expected, rtol: rtol, atol: atol, file: file, line: line)
  return result
}
