import PortIR
import PortInterpreter
import PortOps
import PortPasses
import XCTest

/// The `com.modelport` fused ops: inference (through `Inference.run`, checked by `verify`) and
/// reference kernels that equal the unfused chain they stand for.
final class FusedOpsTests: XCTestCase {
  let x = Tensor(shape: [1, 2, 5, 5], floats: sample(50))
  let w = Tensor(shape: [3, 2, 3, 3], floats: sample(54, seed: 2))
  let b = Tensor(shape: [3], floats: [0.1, -0.2, 0.3])
  let z = Tensor(shape: [1, 3, 5, 5], floats: sample(75, seed: 3))

  func fused(_ opType: String, _ inputs: [String], _ attributes: [String: Attribute]) -> Node {
    Node(name: "f", opType: opType, domain: FusedOps.domain, inputs: inputs, outputs: ["y"], attributes: attributes, opsetVersion: 1)
  }

  func run(_ nodes: [Node], _ initializers: [String: Tensor], _ types: [String: ValueType], _ inputs: [String: HostValue])
    throws -> (Graph, Tensor)
  {
    let graph = try Inference.run(
      Graph(inputs: Array(types.keys).sorted(), outputs: ["y"], initializers: initializers, nodes: nodes, types: types))
    try graph.verify(signature: OpRegistry.signature(for:))
    guard let y = try Interpreter().run(graph, inputs: inputs)["y"]?.tensor else { throw XCTSkip("no output") }
    return (graph, y)
  }

  func testFusedConvInfersAndEqualsConvAddActivation() throws {
    let activations: [(String, [Float], Node)] = [
      ("Relu", [], Node(opType: "Relu", inputs: ["s"], outputs: ["y"], opsetVersion: 14)),
      ("LeakyRelu", [0.3], Node(opType: "LeakyRelu", inputs: ["s"], outputs: ["y"], attributes: ["alpha": .float(0.3)], opsetVersion: 16)),
      ("Clip", [-0.5, 0.6], Node(opType: "Clip", inputs: ["s", "lo", "hi"], outputs: ["y"], opsetVersion: 13)),
      ("HardSigmoid", [0.3, 0.4], Node(opType: "HardSigmoid", inputs: ["s"], outputs: ["y"], attributes: ["alpha": .float(0.3), "beta": .float(0.4)], opsetVersion: 6)),
      ("HardSwish", [], Node(opType: "HardSwish", inputs: ["s"], outputs: ["y"], opsetVersion: 14)),
      ("Gelu", [], Node(opType: "Gelu", inputs: ["s"], outputs: ["y"], opsetVersion: 20)),
    ]
    let initializers: [String: Tensor] = [
      "W": w, "B": b, "lo": Tensor(shape: [], floats: [-0.5]), "hi": Tensor(shape: [], floats: [0.6]),
    ]
    let types: [String: ValueType] = ["x": .tensor(.float, [1, 2, 5, 5]), "z": .tensor(.float, [1, 3, 5, 5])]
    let inputs: [String: HostValue] = ["x": .tensor(x), "z": .tensor(z)]
    for (name, params, activation) in activations {
      var attributes: [String: Attribute] = ["pads": .ints([1, 1, 1, 1]), "activation": .string(name)]
      if !params.isEmpty { attributes["activation_params"] = .floats(params) }
      let (graph, actual) = try run([fused("FusedConv", ["x", "W", "B", "z"], attributes)], initializers, types, inputs)
      XCTAssertEqual(graph.type(of: "y"), .tensor(.float, [1, 3, 5, 5]))
      let chain = [
        Node(opType: "Conv", inputs: ["x", "W", "B"], outputs: ["c"], attributes: ["pads": .ints([1, 1, 1, 1])], opsetVersion: 11),
        Node(opType: "Add", inputs: ["c", "z"], outputs: ["s"], opsetVersion: 14), activation,
      ]
      let (_, expected) = try run(chain, initializers, types, inputs)
      XCTAssertEqual(actual, expected, name)
    }
  }

  func testFusedGemmAndMatMulInferAndEqualTheirChains() throws {
    let a = Tensor(shape: [2, 3, 4], floats: sample(24))
    let bm = Tensor(shape: [4, 5], floats: sample(20, seed: 4))
    let bias = Tensor(shape: [5], floats: sample(5, seed: 5))
    let types: [String: ValueType] = ["a": .tensor(.float, [2, 3, 4])]
    let (graph, actual) = try run(
      [fused("FusedMatMul", ["a", "Bm", "bias"], ["activation": .string("Tanh")])], ["Bm": bm, "bias": bias], types,
      ["a": .tensor(a)])
    XCTAssertEqual(graph.type(of: "y"), .tensor(.float, [2, 3, 5]))
    let (_, expected) = try run(
      [
        Node(opType: "MatMul", inputs: ["a", "Bm"], outputs: ["m"], opsetVersion: 13),
        Node(opType: "Add", inputs: ["m", "bias"], outputs: ["s"], opsetVersion: 14),
        Node(opType: "Tanh", inputs: ["s"], outputs: ["y"], opsetVersion: 13),
      ], ["Bm": bm, "bias": bias], types, ["a": .tensor(a)])
    XCTAssertEqual(actual, expected)

    let a2 = Tensor(shape: [5, 3], floats: sample(15))
    let gemmAttributes: [String: Attribute] = ["transA": .int(1), "alpha": .float(0.5), "beta": .float(2)]
    let types2: [String: ValueType] = ["a": .tensor(.float, [5, 3])]
    let (graph2, actual2) = try run(
      [fused("FusedGemm", ["a", "Bm", "bias"], gemmAttributes.merging(["activation": .string("Sigmoid")]) { $1 })],
      ["Bm": Tensor(shape: [5, 4], floats: sample(20, seed: 4)), "bias": Tensor(shape: [1, 4], floats: [0.1, -0.2, 0.3, 0.4])], types2,
      ["a": .tensor(a2)])
    XCTAssertEqual(graph2.type(of: "y"), .tensor(.float, [3, 4]))
    let (_, expected2) = try run(
      [
        Node(opType: "Gemm", inputs: ["a", "Bm", "bias"], outputs: ["g"], attributes: gemmAttributes, opsetVersion: 13),
        Node(opType: "Sigmoid", inputs: ["g"], outputs: ["y"], opsetVersion: 13),
      ], ["Bm": Tensor(shape: [5, 4], floats: sample(20, seed: 4)), "bias": Tensor(shape: [1, 4], floats: [0.1, -0.2, 0.3, 0.4])], types2,
      ["a": .tensor(a2)])
    XCTAssertEqual(actual2, expected2)
  }

  func testInferenceRejectsBadActivationsAndShapes() throws {
    let types: [String: ValueType] = ["x": .tensor(.float, [1, 2, 5, 5]), "z": .tensor(.float, [1, 3, 4, 4])]
    func infers(_ node: Node) -> Bool {
      (try? Inference.run(Graph(inputs: ["x", "z"], outputs: ["y"], initializers: ["W": w], nodes: [node], types: types))) != nil
    }
    XCTAssertTrue(infers(fused("FusedConv", ["x", "W"], ["activation": .string("Relu")])))
    XCTAssertFalse(infers(fused("FusedConv", ["x", "W"], ["activation": .string("Swish")])))
    XCTAssertFalse(infers(fused("FusedConv", ["x", "W"], ["activation": .string("LeakyRelu")])), "needs alpha")
    XCTAssertFalse(infers(fused("FusedConv", ["x", "W", "", "z"], [:])), "Z [1,3,4,4] is not Y's [1,3,3,3]")
  }
}
