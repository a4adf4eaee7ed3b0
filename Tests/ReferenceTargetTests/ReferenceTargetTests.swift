import PortIR
import PortOps
import PortTarget
import PortInterpreter
import ReferenceTarget
import XCTest

final class ReferenceTargetTests: XCTestCase {
  /// Operators the importer rewrites into another op, so the reference never sees them.
  static let canonicalizedAway = ["Scatter": "ScatterElements", "Upsample": "Resize"]

  func testEveryAIONNXOperatorHasADefinitionAndAKernel() {
    let kernels = Set(KernelRegistry.all.map { "\($0.domain)::\($0.opType)" })
    for (domain, opType) in StandardOperators.allOperators where domain.isEmpty {
      XCTAssertNotNil(OpRegistry.definition(opType: opType, domain: domain), "no definition for \(opType)")
      if let replacement = Self.canonicalizedAway[opType] {
        XCTAssertTrue(kernels.contains("::\(replacement)"), "\(opType) is rewritten to \(replacement), which has no kernel")
      } else {
        XCTAssertTrue(kernels.contains("::\(opType)"), "no reference kernel for \(opType)")
      }
    }
  }

  func testUnknownCustomOpIsRefusedWithAReason() {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      nodes: [Node(name: "custom", opType: "Frobnicate", domain: "com.example", inputs: ["x"], outputs: ["y"])],
      types: ["x": .tensor(.float, [2])])
    let capability = ReferenceTarget().capability(of: graph)
    XCTAssertEqual(capability.refused.count, 1)
    XCTAssertEqual(capability.refused.first?.node, "custom")
    XCTAssertTrue(capability.refused.first?.reason.contains("com.example::Frobnicate") ?? false)
    XCTAssertThrowsError(try ReferenceTarget().compile(Model(graph: graph), options: CompileOptions())) { error in
      XCTAssertEqual((error as? PortError)?.location.node, "custom")
    }
  }

  func testRunsAndExposesIntermediates() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"], initializers: ["c": Tensor(shape: [2], floats: [1, -5])],
      nodes: [
        Node(name: "add", opType: "Add", inputs: ["x", "c"], outputs: ["t"], opsetVersion: 14),
        Node(name: "relu", opType: "Relu", inputs: ["t"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [2])])
    let executable = try ReferenceTarget().compile(Model(graph: graph), options: CompileOptions())
    let exposing = try XCTUnwrap(executable as? any ExposesIntermediates)
    let result = try exposing.runExposingIntermediates(["x": .tensor(Tensor(shape: [2], floats: [2, 3]))])
    XCTAssertEqual(result.outputs["y"]?.tensor?.floats(), [3, 0])
    XCTAssertEqual(result.intermediates["t"]?.tensor?.floats(), [3, -2])
  }
}

final class ExpectedFailureListTests: XCTestCase {
  /// Every list decodes, every entry has a category and a reason, and the target loads them all:
  /// a malformed file must not silently empty the list.
  func testEveryListDecodesAndIsLoaded() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Targets/Reference/ExpectedFailures")
    let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "json" }
    var total = 0
    for file in files {
      let entries = try ExpectedFailure.load(try Data(contentsOf: file))
      for entry in entries {
        XCTAssertTrue(entry.test.hasPrefix("test_"), "\(file.lastPathComponent): \(entry.test)")
        XCTAssertFalse(entry.category.isEmpty, "\(file.lastPathComponent): \(entry.test) has no category")
        XCTAssertGreaterThan(entry.reason.count, 20, "\(file.lastPathComponent): \(entry.test) needs a real reason")
      }
      total += entries.count
    }
    XCTAssertEqual(ReferenceTarget().expectedFailures.count, total)
  }
}
