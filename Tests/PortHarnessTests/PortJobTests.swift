import Foundation
import PortIR
import PortTarget
import ReferenceTarget
import XCTest

@testable import PortHarness

final class PortJobTests: XCTestCase {
  func quickOptions() -> PortOptions {
    var options = PortOptions()
    options.benchmark = BenchmarkSettings(warmup: 1, minQueries: 8, minSeconds: 0)
    return options
  }

  func job(_ path: String, _ target: any Target, _ options: PortOptions? = nil) -> PortJob {
    PortJob(modelPath: path, target: target, reference: ReferenceTarget(), options: options ?? quickOptions())
  }

  func testReferenceAgainstItselfPasses() throws {
    let path = try TestModels.addRelu()
    var options = quickOptions()
    options.layers = true
    options.batch = 4
    options.pricePerHour = 3.6
    let report = job(path, ReferenceTarget(), options).run()
    XCTAssertEqual(report.status.outcome, .ok, report.status.message ?? "")
    XCTAssertEqual(report.exitStatus, 0)
    XCTAssertEqual(report.placement?.native, 3)
    XCTAssertEqual(report.accuracy?.pass, true)
    XCTAssertEqual(report.accuracy?.outputs.first?.metrics.maxAbs, 0)
    XCTAssertEqual(report.accuracy?.layers?.compared, 3)
    XCTAssertNil(report.accuracy?.layers?.firstDivergent)
    let performance = try XCTUnwrap(report.performance)
    XCTAssertGreaterThanOrEqual(performance.iterations, 8)
    XCTAssertEqual(performance.offline?.batch, 4)
    XCTAssertEqual(performance.offline?.batched, true)
    XCTAssertGreaterThan(performance.peakRssBytes, 0)
    XCTAssertNotNil(report.cost?.costPerMillion)
    XCTAssertNil(report.cost?.joulesPerInference)
    XCTAssertTrue(report.notes.contains { $0.contains("'batch'") }, "the unbound batch dim is noted")
  }

  func testPerturbedNodeIsNamedAndExitsOne() throws {
    let path = try TestModels.addRelu()
    var options = quickOptions()
    options.layers = true
    options.measurePerformance = false
    // Relu's outputs are ≥ 0; shifting them by 0.5 moves everything downstream too.
    let report = job(path, PerturbingTarget(node: "relu", amount: 0.5), options).run()
    XCTAssertEqual(report.exitStatus, 1)
    XCTAssertEqual(report.status.outcome, .accuracy)
    let layers = try XCTUnwrap(report.accuracy?.layers)
    XCTAssertEqual(layers.firstDivergent?.node, "relu")
    XCTAssertEqual(layers.values.map(\.node), ["add_bias", "relu", "add_offset"])
    XCTAssertEqual(layers.values.map(\.pass), [true, false, false])
    XCTAssertEqual(try XCTUnwrap(layers.firstDivergent).metrics.maxAbs, 0.5, accuracy: 1e-6)
    XCTAssertTrue(report.status.message?.contains("'relu'") ?? false)
  }

  func testPerturbationWithinToleranceStillPasses() throws {
    let path = try TestModels.addRelu()
    var options = quickOptions()
    options.measurePerformance = false
    options.atol = 0.1
    let report = job(path, PerturbingTarget(node: "relu", amount: 0.01), options).run()
    XCTAssertEqual(report.exitStatus, 0)
    XCTAssertEqual(report.accuracy?.toleranceSource, "flag")
  }

  func testTargetToleranceAndCostDeclarations() throws {
    let path = try TestModels.addRelu()
    var options = quickOptions()
    options.watts = 10
    let report = job(path, PricedReference(), options).run()
    XCTAssertEqual(report.accuracy?.rtol, 1e-2)
    XCTAssertEqual(report.accuracy?.toleranceSource, "target")
    XCTAssertEqual(report.cost?.pricePerHour, 3.6)
    XCTAssertEqual(report.cost?.watts, 10, "the flag overrides the declared power")
    XCTAssertEqual(report.cost?.source, "flag+target")
  }

  func testExitStatuses() throws {
    let path = try TestModels.addRelu()
    XCTAssertEqual(job(path, RefusingTarget()).run().exitStatus, 3)
    let broken = job(path, BrokenTarget()).run()
    XCTAssertEqual(broken.exitStatus, 4)
    XCTAssertEqual(broken.status.stage, "compile")
    XCTAssertEqual(job("/nonexistent/model.onnx", ReferenceTarget()).run().exitStatus, 2)
    var badShape = quickOptions()
    badShape.inputSpec.shapes = ["nope": [1]]
    XCTAssertEqual(job(path, ReferenceTarget(), badShape).run().exitStatus, 2)
    var badDim = quickOptions()
    badDim.inputSpec.dims = ["bacth": 2]
    XCTAssertEqual(job(path, ReferenceTarget(), badDim).run().exitStatus, 2)
    var nothing = quickOptions()
    nothing.checkAccuracy = false
    nothing.measurePerformance = false
    XCTAssertEqual(job(path, ReferenceTarget(), nothing).run().exitStatus, 2)
    var missingData = quickOptions()
    missingData.inputSources = ["/nonexistent/input.npy"]
    XCTAssertEqual(job(path, ReferenceTarget(), missingData).run().exitStatus, 2)
  }

  func testRealInputData() throws {
    let path = try TestModels.addRelu()
    let directory = TestModels.temporaryDirectory()
    let x = Tensor(.float, shape: [3, 8], doubles: (0..<24).map { Double($0) / 24 - 0.5 })
    try NumPyFile.encode(x).write(to: URL(fileURLWithPath: directory + "/x.npy"))
    var options = quickOptions()
    options.inputSources = [directory]
    options.measurePerformance = false
    let report = job(path, ReferenceTarget(), options).run()
    XCTAssertEqual(report.exitStatus, 0, report.status.message ?? "")
    XCTAssertEqual(report.inputs?.source, "files")
    XCTAssertEqual(report.inputs?.values.first?.shape, [3, 8])
    XCTAssertEqual(report.accuracy?.outputs.first?.shape, [3, 8])
    // Wrong element type in the file: bad input.
    try NumPyFile.encode(Tensor(.double, shape: [1, 8], doubles: [Double](repeating: 0, count: 8)))
      .write(to: URL(fileURLWithPath: directory + "/x.npy"))
    XCTAssertEqual(job(path, ReferenceTarget(), options).run().exitStatus, 2)
  }

  func testProgressReportsStages() throws {
    let path = try TestModels.addRelu()
    var lines: [String] = []
    let progress = StreamProgress(interactive: false) { lines.append($0) }
    _ = job(path, ReferenceTarget()).run(progress: progress)
    let text = lines.joined()
    for stage in ["import", "capability", "inputs", "compile", "reference run", "benchmark"] {
      XCTAssertTrue(text.contains("[port] \(stage)"), "missing \(stage) in:\n\(text)")
    }
    XCTAssertFalse(text.contains("\r"), "no carriage returns when not a terminal")
  }
}

/// NaN in the reference's outputs matches NaN, so the report says the check proves nothing there.
final class ReferenceNaNNoteTests: XCTestCase {
  func testNaNInTheReferenceIsNoted() {
    let outputs: [String: HostValue] = [
      "all": .tensor(Tensor(shape: [2], floats: [.nan, .nan])),
      "some": .tensor(Tensor(shape: [3], floats: [1, .nan, 2])),
      "none": .tensor(Tensor(shape: [1], floats: [1])),
    ]
    let notes = PortJob.nanNotes(outputs, order: ["none", "some", "all"])
    XCTAssertEqual(notes.count, 2)
    XCTAssertTrue(notes[0].hasPrefix("the reference's output 'some' is NaN in 1 of 3 elements"), notes[0])
    XCTAssertTrue(notes[1].hasPrefix("the reference's output 'all' is NaN in every element"), notes[1])
    XCTAssertTrue(notes[1].contains("--inputs"))
  }
}
