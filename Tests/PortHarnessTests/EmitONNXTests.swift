import Foundation
import PortIR
import PortImport
import PortTarget
import ReferenceTarget
import XCTest

@testable import PortHarness

/// `--emit-onnx`: the imported model, or, for a target that exposes it, the model after its rewrites.
final class EmitONNXTests: XCTestCase {
  /// The reference, after a "rewrite" that appends an Identity to the output.
  struct RewritingTarget: Target {
    let name = "rewriting"
    let summary = "the reference after a rewrite it exposes (tests only)"
    private let reference = ReferenceTarget()
    func capability(of graph: Graph) -> Capability { reference.capability(of: graph) }
    func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
      var rewritten = model
      var graph = model.graph
      let output = graph.outputs[0]
      let inner = graph.freshName(output + "_inner")
      for index in graph.nodes.indices {
        graph.nodes[index].outputs = graph.nodes[index].outputs.map { $0 == output ? inner : $0 }
      }
      graph.types[inner] = graph.types[output]
      graph.nodes.append(Node(name: "rewritten_identity", opType: "Identity", inputs: [inner], outputs: [output], opsetVersion: 21))
      rewritten.graph = graph
      return Compiled(inner: try reference.compile(rewritten, options: options), compiledModel: rewritten)
    }
  }

  final class Compiled: ExposesCompiledGraph {
    let inner: any Executable
    let compiledModel: Model
    init(inner: any Executable, compiledModel: Model) {
      self.inner = inner
      self.compiledModel = compiledModel
    }
    func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] { try inner.run(inputs) }
  }

  func emit(_ target: any Target) throws -> (RunReport, ImportedModel) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("emitted-\(UUID().uuidString).onnx").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = PortOptions()
    options.measurePerformance = false
    options.emitONNX = path
    let report = PortJob(modelPath: try TestModels.addRelu(), target: target, reference: ReferenceTarget(), options: options).run()
    return (report, try ONNXImporter().load(path))
  }

  func testImportedModelByDefault() throws {
    let (report, emitted) = try emit(ReferenceTarget())
    XCTAssertEqual(report.status.outcome, .ok, report.status.message ?? "")
    XCTAssertEqual(emitted.model.graph.nodes.map(\.name), ["add_bias", "relu", "add_offset"])
    // addRelu imports opset 21, newer than libonnx 1.12 checks: the note says so rather than "passed".
    XCTAssertTrue(report.notes.contains { $0.contains("the imported model; libonnx checker") && !$0.contains("failed") }, "\(report.notes)")
  }

  func testModelAfterTheTargetsRewrites() throws {
    let (report, emitted) = try emit(RewritingTarget())
    XCTAssertEqual(report.status.outcome, .ok, report.status.message ?? "")
    XCTAssertEqual(emitted.model.graph.nodes.last?.name, "rewritten_identity")
    XCTAssertTrue(report.notes.contains { $0.contains("after rewriting's rewrites") }, "\(report.notes)")
  }
}
