import Foundation
import PortIR
import PortInterpreter
import PortOps
import PortTarget
import XCTest

@testable import CPUTarget

/// Deterministic, varied float values.
private func sample(_ count: Int, seed: Int = 1) -> [Float] {
  (0..<count).map { Float(sin(Double($0 * 7 + seed * 13) * 0.37)) }
}

/// A chain of `length` 3×3 convolutions with ReLU, 16 channels, on a 1×8×12×12 input.
private func convChain(_ length: Int, between: [Node] = []) -> Graph {
  var graph = Graph(inputs: ["x"], outputs: ["y\(length)"])
  graph.types["x"] = .tensor(.float, Shape(fixed: [1, 8, 12, 12]))
  var channels = 8
  for layer in 1...length {
    let w = "w\(layer)"
    let b = "b\(layer)"
    graph.initializers[w] = Tensor(shape: [16, channels, 3, 3], floats: sample(16 * channels * 9, seed: layer).map { $0 * 0.2 })
    graph.initializers[b] = Tensor(shape: [16], floats: sample(16, seed: layer + 50))
    let input = layer == 1 ? "x" : "y\(layer - 1)"
    graph.nodes.append(Node(name: "conv\(layer)", opType: "Conv", inputs: [input, w, b], outputs: ["c\(layer)"],
      attributes: ["pads": .ints([1, 1, 1, 1]), "kernel_shape": .ints([3, 3])]))
    graph.nodes.append(Node(name: "relu\(layer)", opType: "Relu", inputs: ["c\(layer)"], outputs: ["y\(layer)"]))
    channels = 16
  }
  return graph
}

private func input(_ shape: [Int]) -> [String: HostValue] {
  ["x": .tensor(Tensor(shape: shape, floats: sample(shape.reduce(1, *), seed: 7)))]
}

private func assertClose(_ actual: [String: HostValue], _ expected: [String: HostValue], file: StaticString = #filePath, line: UInt = #line) {
  XCTAssertEqual(Set(actual.keys), Set(expected.keys), file: file, line: line)
  for (name, value) in expected {
    guard let a = actual[name]?.tensor, let e = value.tensor else { return XCTFail("output '\(name)' missing", file: file, line: line) }
    XCTAssertEqual(a.shape, e.shape, file: file, line: line)
    for (x, y) in zip(a.doubles(), e.doubles()) where abs(x - y) > 1e-4 + 1e-3 * abs(y) {
      return XCTFail("output '\(name)': \(x) vs \(y)", file: file, line: line)
    }
  }
}

private func compile(_ graph: Graph, blocked: Bool = true) throws -> CPUExecutable {
  let prepared = try CPUCompiler.prepare(try Inference.run(graph), bindings: [:])
  return try CPUCompiler.lower(prepared, blockedLayouts: blocked, threads: 1)
}

final class CPUTargetTests: XCTestCase {
  func testMemoryPlanReusesMemoryOfDeadBuffers() {
    // a → b → c → d: each buffer dies after the next step, so two slots suffice.
    let requests = (0..<4).map { MemoryPlan.Request(bytes: 1000, first: $0, last: $0 + 1) }
    let plan = MemoryPlan(requests)
    XCTAssertEqual(plan.unsharedBytes, 4 * 1024)
    XCTAssertEqual(plan.arenaBytes, 2 * 1024)
    // Buffers live at the same time never overlap.
    for i in requests.indices {
      for j in requests.indices where i < j && requests[i].first <= requests[j].last && requests[j].first <= requests[i].last {
        XCTAssertTrue(plan.offsets[i] + 1000 <= plan.offsets[j] || plan.offsets[j] + 1000 <= plan.offsets[i])
      }
    }
  }

  func testConvChainArenaIsSmallerThanItsBuffers() throws {
    let executable = try compile(convChain(6))
    XCTAssertLessThan(executable.plan.arenaBytes, executable.plan.unsharedBytes / 2)
  }

  func testConvChainMatchesInterpreter() throws {
    let graph = try Inference.run(convChain(3))
    let expected = try Interpreter().run(graph, inputs: input([1, 8, 12, 12]))
    for blocked in [true, false] {
      let executable = try compile(graph, blocked: blocked)
      assertClose(try executable.run(input([1, 8, 12, 12])), expected)
      // Every node runs natively, ReLUs fused into the convolutions.
      XCTAssertEqual(executable.count(kind: "conv"), 3)
      XCTAssertEqual(executable.count(kind: "eltwise"), 0)
      XCTAssertTrue(executable.steps.allSatisfy { !($0 is FallbackStep) })
    }
  }

  func testBlockedLayoutsReorderOnlyAtTheChainsEnds() throws {
    // With the layout choice, activations stay blocked between convolutions: reorders only at the
    // graph input and output, however long the chain.
    let short = try compile(convChain(2))
    let long = try compile(convChain(6))
    XCTAssertEqual(short.count(kind: "reorder"), long.count(kind: "reorder"))
    XCTAssertLessThanOrEqual(long.count(kind: "reorder"), 2)
    let blockedSteps = long.steps.compactMap { $0 as? PrimitiveStep }.filter { $0.kind == "conv" }
    let blockedOutputs = blockedSteps.filter { step in
      guard let dst = step.arguments.first(where: { $0.arg == Arg.dst }) else { return false }
      return !DNNL.isPlain(dst.md, shape: [1, 16, 12, 12])
    }
    XCTAssertGreaterThan(blockedOutputs.count, 0, "convolutions keep a blocked layout")
    // A plain consumer in the middle (Erf, a Swift kernel) costs one reorder there and one back.
    var graph = convChain(2)
    graph.nodes.insert(Node(name: "erf", opType: "Erf", inputs: ["c1"], outputs: ["e1"]), at: 1)
    graph.nodes[2].inputs = ["e1"]
    let split = try compile(graph)
    XCTAssertEqual(split.count(kind: "reorder"), long.count(kind: "reorder") + 2)
    assertClose(try split.run(input([1, 8, 12, 12])), try Interpreter().run(try Inference.run(graph), inputs: input([1, 8, 12, 12])))
  }

  func testUnsupportedNodeRunsOnTheInterpreterFallback() throws {
    var graph = convChain(2)
    // Cos has no native kernel: it runs on the interpreter between two native convolutions.
    graph.nodes.insert(Node(name: "cos", opType: "Cos", inputs: ["y1"], outputs: ["k1"]), at: 2)
    graph.nodes[3].inputs[0] = "k1"
    let inferred = try Inference.run(graph)
    let executable = try compile(inferred)
    XCTAssertEqual(executable.steps.filter { $0 is FallbackStep }.count, 1)
    XCTAssertFalse(executable.nativeNodes.contains("cos"))
    XCTAssertTrue(executable.nativeNodes.contains("conv2") || executable.nativeNodes.contains { $0.hasPrefix("relu2") })
    assertClose(try executable.run(input([1, 8, 12, 12])), try Interpreter().run(inferred, inputs: input([1, 8, 12, 12])))
  }

  func testReshapeIsAZeroCopyView() throws {
    var graph = Graph(inputs: ["x"], outputs: ["z"])
    graph.types["x"] = .tensor(.float, Shape(fixed: [2, 6]))
    graph.initializers["shape"] = Tensor(int64s: [3, 4])
    graph.nodes = [
      Node(name: "relu", opType: "Relu", inputs: ["x"], outputs: ["r"]),
      Node(name: "reshape", opType: "Reshape", inputs: ["r", "shape"], outputs: ["s"]),
      Node(name: "sigmoid", opType: "Sigmoid", inputs: ["s"], outputs: ["z"]),
    ]
    let inferred = try Inference.run(graph)
    let executable = try compile(inferred)
    XCTAssertTrue(executable.nativeNodes.contains("reshape"))
    // Import, relu, sigmoid: the reshape adds no step.
    XCTAssertEqual(executable.steps.count, 3)
    assertClose(try executable.run(input([2, 6])), try Interpreter().run(inferred, inputs: input([2, 6])))
  }

  func testClaimsEveryNodeTheInterpreterRuns() {
    let graph = convChain(1)
    XCTAssertTrue(CPUTarget().capability(of: graph).claimsEverything)
    XCTAssertEqual(CPUTarget().name, "cpu")
  }
}
