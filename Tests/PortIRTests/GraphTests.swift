import Foundation
import PortOps
import XCTest

@testable import PortIR

/// `Graph.verify()` and the textual IR.
final class GraphVerifyTests: XCTestCase {
  let floats = ValueType.tensor(.float, Shape(fixed: [2]))

  func graph(_ nodes: [Node], inputs: [String] = ["x"], outputs: [String] = ["y"]) -> Graph {
    Graph(name: "g", inputs: inputs, outputs: outputs, nodes: nodes, types: ["x": floats])
  }

  func problems(_ graph: Graph, signature: @escaping (Node) -> OpSignature? = { _ in nil }) -> [PortError] {
    do {
      try graph.verify(signature: signature)
      return []
    } catch let errors as PortErrors {
      return errors.errors
    } catch {
      XCTFail("unexpected \(error)")
      return []
    }
  }

  func testValidGraphPasses() {
    let g = graph([
      Node(name: "a", opType: "Relu", inputs: ["x"], outputs: ["t"]),
      Node(name: "b", opType: "Add", inputs: ["t", "x"], outputs: ["y"]),
    ])
    XCTAssertEqual(problems(g).count, 0)
  }

  func testSSAViolation() {
    let g = graph([
      Node(name: "a", opType: "Relu", inputs: ["x"], outputs: ["y"]),
      Node(name: "b", opType: "Relu", inputs: ["x"], outputs: ["y"]),
    ])
    let found = problems(g)
    XCTAssertEqual(found.map(\.code), [.duplicateName])
    XCTAssertEqual(found.first?.location.node, "b")
    XCTAssertEqual(found.first?.location.field, "output 'y'")
    // Redefining a graph input is an SSA violation too.
    XCTAssertEqual(problems(graph([Node(name: "a", opType: "Relu", inputs: ["x"], outputs: ["x"])], outputs: ["x"])).map(\.code), [.duplicateName])
  }

  func testCycle() {
    let g = graph([
      Node(name: "a", opType: "Relu", inputs: ["t"], outputs: ["y"]),
      Node(name: "b", opType: "Relu", inputs: ["y"], outputs: ["t"]),
    ])
    let found = problems(g)
    XCTAssertEqual(found.map(\.code), [.graphCycle])
    XCTAssertEqual(found.first?.location.node, "a")
  }

  func testDangling() {
    let g = graph([Node(name: "a", opType: "Add", inputs: ["x", "ghost"], outputs: ["t"])])
    let found = problems(g)
    // The input nobody defines, and the graph output nobody produces.
    XCTAssertEqual(found.map(\.code), [.danglingInput, .danglingInput])
    XCTAssertEqual(found.first?.location.node, "a")
    XCTAssertTrue(found.first?.message.contains("'ghost'") ?? false)
    XCTAssertTrue(found.last?.message.contains("'y'") ?? false)
  }

  func testOmittedOptionalInputsAreNotDangling() {
    let g = graph([Node(name: "a", opType: "Clip", inputs: ["x", "", ""], outputs: ["y", ""])])
    XCTAssertEqual(problems(g).count, 0)
  }

  func testSubgraphsSeeTheirScope() {
    let body = Graph(name: "body", inputs: [], outputs: ["inner"], nodes: [
      Node(name: "in", opType: "Relu", inputs: ["x"], outputs: ["inner"])
    ])
    let ok = graph([Node(name: "if", opType: "If", inputs: ["x"], outputs: ["y"], attributes: ["then_branch": .graph(body)])])
    XCTAssertEqual(problems(ok).count, 0)
    let badBody = Graph(name: "body", inputs: [], outputs: ["inner"], nodes: [
      Node(name: "in", opType: "Relu", inputs: ["later"], outputs: ["inner"])
    ])
    let bad = graph([
      Node(name: "if", opType: "If", inputs: ["x"], outputs: ["y"], attributes: ["then_branch": .graph(badBody)]),
      Node(name: "after", opType: "Relu", inputs: ["x"], outputs: ["later"]),
    ])
    XCTAssertEqual(problems(bad).map(\.code), [.danglingInput])
    XCTAssertEqual(problems(bad).first?.location.node, "in")
  }

  func testArity() {
    let signature: (Node) -> OpSignature? = { node in
      node.opType == "Add" ? OpSignature(inputs: 2...2, outputs: 1...1) : OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...1)
    }
    let g = graph([
      Node(name: "a", opType: "Add", inputs: ["x"], outputs: ["t", "u"]),
      Node(name: "b", opType: "Concat", inputs: ["x", "x", "x"], outputs: ["y"]),
    ])
    let found = problems(g, signature: signature)
    XCTAssertEqual(found.map(\.code), [.badArity, .badArity])
    XCTAssertEqual(found.map(\.message), ["Add takes 2 inputs, got 1", "Add gives 1 outputs, got 2"])
    let none = graph([Node(name: "b", opType: "Concat", inputs: [], outputs: ["y"])])
    XCTAssertEqual(problems(none, signature: signature).map(\.message), ["Concat takes at least 1 inputs, got 0"])
  }

  func testConstantWhoseDataDisagreesWithItsShape() {
    var g = graph([Node(name: "a", opType: "Add", inputs: ["x", "w"], outputs: ["y"])])
    g.initializers["w"] = Tensor(.float, shape: [3], bytes: Data(count: 8))
    let found = problems(g)
    XCTAssertEqual(found.map(\.code), [.badTensorData])
    XCTAssertEqual(found.first?.location.field, "initializer 'w'")
  }

  func testText() {
    var g = Graph(
      name: "main", inputs: ["x"], outputs: ["y"],
      nodes: [
        Node(name: "r", opType: "ReduceSum", inputs: ["x", "axes"], outputs: ["t"], attributes: ["keepdims": .int(0)]),
        Node(name: "c", opType: "Mystery", domain: "com.example", inputs: ["t", ""], outputs: ["y"]),
      ],
      types: ["x": .tensor(.float, Shape(["N", 3])), "t": .tensor(.float, Shape(["N"])), "y": .tensor(.float, nil)])
    g.initializers["axes"] = Tensor(int64s: [1])
    XCTAssertEqual(
      g.text,
      """
      graph main (x: float[N,3]) -> (y: float[*]) {
        const axes: int64[1] = int64[1] {1}
        r: t = ReduceSum(x, axes) {keepdims: 0}
        c: y = com.example::Mystery(t, _)
        return y
      }

      """)
    let model = Model(graph: g, irVersion: 9, opsetImports: ["": 18, "com.example": 1], producerName: "test", producerVersion: "1")
    XCTAssertTrue(model.text.hasPrefix("model ir_version: 9, opsets: {ai.onnx: 18, com.example: 1}, producer: test 1\ngraph main"))
  }

  func testTextShowsSubgraphs() {
    let body = Graph(name: "then", inputs: [], outputs: ["a"], nodes: [Node(name: "n", opType: "Relu", inputs: ["x"], outputs: ["a"])])
    let g = graph([Node(name: "if", opType: "If", inputs: ["x"], outputs: ["y"], attributes: ["then_branch": .graph(body)])])
    XCTAssertTrue(g.text.contains("  if: y = If(x)\n    then_branch:\n      graph then () -> (a: ?) {\n        n: a = Relu(x)\n"), g.text)
  }
}

/// Shapes and broadcasting.
final class ShapeTests: XCTestCase {
  func testShapeBasics() {
    let shape: Shape = [2, "N", .unknown]
    XCTAssertEqual(shape.rank, 3)
    XCTAssertEqual(shape.description, "[2,N,?]")
    XCTAssertNil(shape.fixedSizes)
    XCTAssertNil(shape.elementCount)
    XCTAssertEqual(shape.binding(["N": 4]).dims, [2, 4, .unknown])
    XCTAssertEqual(Shape(fixed: [2, 3, 4]).elementCount, 24)
    XCTAssertEqual(Shape(fixed: []).elementCount, 1)
    XCTAssertEqual(Shape(fixed: [0, 5]).elementCount, 0)
    // Declared sizes whose product overflows are not a count (and do not trap).
    XCTAssertNil(Shape(fixed: [1 << 40, 1 << 40]).elementCount)
  }

  func testBroadcast() throws {
    XCTAssertEqual(try Broadcast.sizes([[2, 1, 4], [3, 1]]), [2, 3, 4])
    XCTAssertEqual(try Broadcast.sizes([[5], []]), [5])
    XCTAssertEqual(try Broadcast.sizes([[0, 3], [1, 3]]), [0, 3])
    XCTAssertEqual(try Broadcast.shape([Shape(["N", 1]), Shape([1, 7])]), Shape(["N", 7]))
    XCTAssertEqual(try Broadcast.shape([Shape(["N"]), Shape(["N"])]), Shape(["N"]))
    XCTAssertEqual(try Broadcast.shape([Shape(["N"]), Shape(["M"])]), Shape([.unknown]))
    XCTAssertEqual(try Broadcast.shape([Shape(["N"]), Shape([3])]), Shape([3]))
    XCTAssertNil(try Broadcast.shape([Shape([2]), nil]))
    XCTAssertThrowsError(try Broadcast.sizes([[2, 3], [4, 3]])) { error in
      XCTAssertEqual("\(error)", "dimensions 2 and 4 cannot be broadcast together")
    }
  }
}
