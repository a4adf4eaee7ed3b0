import PortIR
import PortOps
import PortPasses
import XCTest

/// Gemm → MatMul (+ Add) and MatMul → Gemm.
final class LegalizationLinearTests: XCTestCase {
  /// a [M,K] (or [K,M] with transA) × B → y; B constant or an input; C of `biasShape` or none.
  func gemm(transA: Bool, transB: Bool, alpha: Float, beta: Float, biasShape: [Int]?, constantB: Bool) -> (Graph, [String: HostValue]) {
    let (m, k, n) = (3, 4, 5)
    let aShape = transA ? [k, m] : [m, k]
    let bShape = transB ? [n, k] : [k, n]
    let bTensor = Tensor(shape: bShape, floats: randomFloats(k * n, seed: 41))
    var graph = Graph(
      inputs: ["a"], outputs: ["y"],
      nodes: [
        Node(
          name: "gemm", opType: "Gemm", inputs: ["a", "B"] + (biasShape == nil ? [] : ["C"]), outputs: ["y"],
          attributes: ["transA": .int(transA ? 1 : 0), "transB": .int(transB ? 1 : 0), "alpha": .float(alpha), "beta": .float(beta)],
          opsetVersion: 13)
      ],
      types: ["a": .tensor(.float, Shape(fixed: aShape))])
    var inputs = ["a": randomInput(aShape, seed: 42)]
    if constantB {
      graph.initializers["B"] = bTensor
    } else {
      graph.inputs.append("B")
      graph.types["B"] = bTensor.valueType
      inputs["B"] = .tensor(bTensor)
    }
    if let biasShape {
      graph.initializers["C"] = Tensor(shape: biasShape, floats: randomFloats(biasShape.reduce(1, *), seed: 43))
    }
    return (graph, inputs)
  }

  func testGemmToMatMulEveryForm() throws {
    let native: Set<String> = ["MatMul", "Add", "Mul", "Transpose"]
    for transA in [false, true] {
      for transB in [false, true] {
        for (alpha, beta) in [(Float(1), Float(1)), (0.5, 2)] {
          for biasShape in [nil, [5], [3, 1], [3, 5], []] as [[Int]?] {
            for constantB in [true, false] {
              let (graph, inputs) = gemm(
                transA: transA, transB: transB, alpha: alpha, beta: beta, biasShape: biasShape, constantB: constantB)
              let result = try checkLegalization(graph, native: native, inputs: inputs)
              let ops = opTypes(result.graph)
              XCTAssertEqual(ops.filter { $0 == "MatMul" }.count, 1)
              XCTAssertEqual(ops.contains("Add"), biasShape != nil)
              // Constant operands fold: no Transpose of B, no Mul by α, no Mul of C by β.
              if constantB { XCTAssertEqual(ops.filter { $0 == "Transpose" }.count, transA ? 1 : 0, "\(ops)") }
              XCTAssertEqual(ops.filter { $0 == "Mul" }.count, !constantB && alpha != 1 ? 1 : 0, "\(ops)")
            }
          }
        }
      }
    }
  }

  func testMatMulToGemm() throws {
    for aShape in [[6, 4], [2, 3, 4]] {
      let graph = Graph(
        inputs: ["a"], outputs: ["y"], initializers: ["W": Tensor(shape: [4, 5], floats: randomFloats(20, seed: 44))],
        nodes: [Node(name: "mm", opType: "MatMul", inputs: ["a", "W"], outputs: ["y"], opsetVersion: 13)],
        types: ["a": .tensor(.float, Shape(fixed: aShape))])
      let result = try checkLegalization(graph, native: ["Gemm", "Reshape"], inputs: ["a": randomInput(aShape, seed: 45)])
      XCTAssertEqual(opTypes(result.graph), aShape.count == 2 ? ["Gemm"] : ["Reshape", "Gemm", "Reshape"])
    }
  }

  func testMatMulWithSymbolicBatchToGemm() throws {
    let graph = Graph(
      inputs: ["a"], outputs: ["y"], initializers: ["W": Tensor(shape: [4, 5], floats: randomFloats(20, seed: 46))],
      nodes: [Node(name: "mm", opType: "MatMul", inputs: ["a", "W"], outputs: ["y"], opsetVersion: 13)],
      types: ["a": .tensor(.float, ["batch", 3, 4])])
    let result = try checkLegalization(graph, native: ["Gemm", "Reshape"], inputs: ["a": randomInput([2, 3, 4], seed: 47)])
    XCTAssertEqual(opTypes(result.graph), ["Reshape", "Gemm", "Reshape"])
  }

  func testGemmAndMatMulNeitherNativeDoNotLoop() throws {
    let (graph, inputs) = gemm(transA: false, transB: false, alpha: 1, beta: 1, biasShape: [5], constantB: true)
    let result = try checkLegalization(graph, native: ["Add"], inputs: inputs, allNative: false)
    XCTAssertEqual(opTypes(result.graph), ["Gemm"])
    XCTAssertEqual(result.remaining.first?.reasons.count, 1)
    XCTAssertTrue(result.remaining[0].reasons[0].hasPrefix("GemmToMatMul: needs MatMul"), "\(result.remaining)")
  }
}
