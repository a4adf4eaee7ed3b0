import ExternalTarget
import Foundation
import PortExport
import PortHarness
import PortIR
import PortTarget
import ReferenceTarget
import XCTest

/// The external-runtime protocol, against a fake runtime (Tests/ExternalRuntimeFixtures/fake, Python
/// standard library only) that can be told to crash, hang or answer garbage; and the real ONNX
/// Runtime and OpenVINO adapters where `.venv-runtimes` exists.
final class ExternalTargetTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  func fake(_ mode: String, timeout: Double = 20) throws -> ExternalTarget {
    let targets = ExternalTarget.discover(in: [Self.root + "/Tests/ExternalRuntimeFixtures"], root: Self.root).targets
    guard var fake = targets.first(where: { $0.name == "fake" }) else {
      XCTFail("the fake runtime's descriptor was not found")
      throw XCTSkip("no fake runtime")
    }
    guard case .available = fake.availability() else { throw XCTSkip("skipped: python3 is not installed") }
    fake.environment["FAKE_RUNTIME_MODE"] = mode
    fake.timeout = timeout
    return fake
  }

  /// y = Relu(x), x: float[2, 3], written with the exporter.
  func reluModel() throws -> (Model, String) {
    var graph = Graph(name: "relu", inputs: ["x"], outputs: ["y"])
    graph.types["x"] = .tensor(.float, Shape(fixed: [2, 3]))
    graph.types["y"] = .tensor(.float, Shape(fixed: [2, 3]))
    graph.nodes = [Node(name: "relu", opType: "Relu", inputs: ["x"], outputs: ["y"], opsetVersion: 17)]
    let model = Model(graph: graph, irVersion: 8, opsetImports: ["": 17])
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("relu-\(UUID().uuidString).onnx").path
    try ONNXExporter().write(model, to: path)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return (model, path)
  }

  let input: [String: HostValue] = ["x": .tensor(Tensor(shape: [2, 3], floats: [-1, 2, -3, 4, -5, 6]))]

  func quickOptions() -> PortOptions {
    var options = PortOptions()
    options.benchmark = BenchmarkSettings(warmup: 1, minQueries: 8, minSeconds: 0)
    return options
  }

  /// Runs `body`, which must throw a PortError; returns it.
  func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> PortError? {
    do {
      try body()
      XCTFail("no error", file: file, line: line)
    } catch let error as PortError {
      return error
    } catch {
      XCTFail("not a PortError: \(error)", file: file, line: line)
    }
    return nil
  }

  // MARK: Protocol

  func testRunAndSelfTimedBenchmark() throws {
    let (model, _) = try reluModel()
    var options = CompileOptions()
    options.threads = 2
    let executable = try fake("ok").compile(model, options: options)
    let outputs = try executable.run(input)
    XCTAssertEqual(outputs["y"]?.tensor?.floats(), [0, 2, 0, 4, 0, 6])
    XCTAssertEqual(outputs["y"]?.tensor?.shape, [2, 3])
    XCTAssertNotNil((executable as? any ReportsDeviceTime)?.lastDeviceSeconds)
    let timed = try XCTUnwrap(executable as? any TimesItself)
    let samples = try timed.benchmark(input, warmup: 2, minQueries: 10, minSeconds: 0)
    XCTAssertGreaterThanOrEqual(samples.latencies.count, 10)
    XCTAssertTrue(samples.source.contains("threads=2"), "--threads reaches the adapter: \(samples.source)")
  }

  func testCrashDuringRunIsTheTargetsFailure() throws {
    let (model, _) = try reluModel()
    let executable = try fake("crash-on-run").compile(model, options: CompileOptions())
    let error = failure { _ = try executable.run(self.input) }
    XCTAssertEqual(error?.code, .executionFailed)
    XCTAssertTrue(error?.message.contains("target 'fake'") ?? false, error?.description ?? "")
    XCTAssertTrue(error?.message.contains("killed by signal 9 during 'run'") ?? false, error?.description ?? "")
    XCTAssertTrue(error?.message.contains("about to be killed") ?? false, "quotes its stderr: \(error?.description ?? "")")
  }

  func testCrashWhileLoading() throws {
    let (model, _) = try reluModel()
    let error = failure { _ = try self.fake("crash-on-load").compile(model, options: CompileOptions()) }
    XCTAssertEqual(error?.code, .executionFailed)
    XCTAssertTrue(error?.message.contains("exited with status 3 during 'load'") ?? false, error?.description ?? "")
  }

  func testHangIsKilledAtTheTimeout() throws {
    let (model, _) = try reluModel()
    let executable = try fake("hang-on-run", timeout: 1).compile(model, options: CompileOptions())
    let start = Date()
    let error = failure { _ = try executable.run(self.input) }
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    XCTAssertEqual(error?.code, .executionFailed)
    XCTAssertTrue(error?.message.contains("did not answer 'run' within 1 s (--timeout)") ?? false, error?.description ?? "")
  }

  func testGarbageReply() throws {
    let (model, _) = try reluModel()
    let executable = try fake("garbage-on-run").compile(model, options: CompileOptions())
    let error = failure { _ = try executable.run(self.input) }
    XCTAssertTrue(error?.message.contains("not a JSON header line") ?? false, error?.description ?? "")
    // The adapter was stopped: later calls fail at once instead of reading its garbage.
    let again = failure { _ = try executable.run(self.input) }
    XCTAssertTrue(again?.message.contains("already stopped") ?? false, again?.description ?? "")
  }

  func testOutputThatDoesNotFitItsShape() throws {
    let (model, _) = try reluModel()
    let executable = try fake("bad-shape-on-run").compile(model, options: CompileOptions())
    let error = failure { _ = try executable.run(self.input) }
    XCTAssertTrue(error?.message.contains("do not fit its shape") ?? false, error?.description ?? "")
  }

  func testRuntimeErrorIsAReplyNotACrash() throws {
    let (model, _) = try reluModel()
    let executable = try fake("error-on-run").compile(model, options: CompileOptions())
    let error = failure { _ = try executable.run(self.input) }
    XCTAssertTrue(error?.message.contains("fake ran out of fake memory") ?? false, error?.description ?? "")
  }

  func testUnsupportedLoadIsARefusal() throws {
    let (model, _) = try reluModel()
    let error = failure { _ = try self.fake("unsupported-on-load").compile(model, options: CompileOptions()) }
    XCTAssertEqual(error?.code, .unsupported)
    XCTAssertTrue(error?.message.contains("fake has no kernel for Relu") ?? false, error?.description ?? "")
  }

  func testUnavailableRuntimeSaysWhy() throws {
    var target = try fake("ok")
    target.descriptor.python = ".no-such-venv/bin/python"
    target.descriptor.setup = "Scripts/setup-runtimes"
    guard case .unavailable(let reason) = target.availability() else { return XCTFail("available without python") }
    XCTAssertEqual(reason, "python environment .no-such-venv/bin/python missing; run Scripts/setup-runtimes")
  }

  // MARK: Through the harness

  func testJobStatuses() throws {
    let (_, path) = try reluModel()
    let cases: [(String, RunReport.Outcome, String)] = [
      ("ok", .ok, ""),
      ("crash-on-run", .targetFailed, "killed by signal 9"),
      ("crash-mid-benchmark", .targetFailed, "exited with status 5 during 'benchmark'"),
      ("hang-on-benchmark", .targetFailed, "did not answer 'benchmark'"),
      ("unsupported-on-load", .cannotRun, "fake has no kernel"),
      ("fail-on-load", .targetFailed, "fake could not read the model"),
    ]
    for (mode, outcome, mention) in cases {
      let job = PortJob(modelPath: path, target: try fake(mode, timeout: 2), reference: ReferenceTarget(), options: quickOptions())
      let report = job.run()
      XCTAssertEqual(report.status.outcome, outcome, "\(mode): \(report.status.message ?? "")")
      if !mention.isEmpty {
        XCTAssertTrue((report.status.message ?? "").contains(mention), "\(mode): \(report.status.message ?? "")")
      }
      if mode == "ok" {
        XCTAssertTrue(report.notes.contains { $0.contains("timed inside the fake adapter") }, "\(report.notes)")
        XCTAssertEqual(report.accuracy?.pass, true)
      }
    }
  }

  func testCompareKeepsTheOtherTargets() throws {
    let (_, path) = try reluModel()
    var crashing = try fake("crash-on-run")
    crashing.descriptor.name = "crashing"
    var hanging = try fake("hang-on-run", timeout: 1)
    hanging.descriptor.name = "hanging"
    var options = quickOptions()
    options.pricePerHour = 3.6
    let job = CompareJob(
      modelPath: path, targets: [ReferenceTarget(), crashing, hanging, try fake("ok")], reference: ReferenceTarget(),
      options: options)
    let report = job.run()
    XCTAssertEqual(report.rows.map(\.target), ["reference", "crashing", "hanging", "fake"])
    XCTAssertEqual(report.rows.map(\.exitStatus), [0, 4, 4, 0])
    XCTAssertEqual(report.exitStatus, 4)
    XCTAssertTrue(report.status.message?.hasPrefix("crashing: target 'crashing'") ?? false, report.status.message ?? "")
    XCTAssertNotNil(report.rows[0].latencyP50Ms)
    XCTAssertNotNil(report.rows[3].costPerMillion)
    XCTAssertEqual(report.rows.filter(\.fastest).count, 1)
    XCTAssertTrue(report.rows[2].message?.contains("within 1 s") ?? false)
    XCTAssertEqual(report.rows[3].timedBy, "target")
    // The reports render every row, failed ones with their reason.
    let html = ComparisonReports.html(report)
    XCTAssertTrue(html.contains("<svg id=\"latency-bars\""))
    XCTAssertTrue(html.contains("target-failed (exit 4)"))
    XCTAssertTrue(ComparisonReports.markdown(report).contains("| crashing |"))
    let decoded = try ComparisonReports.decode(Data(try ComparisonReports.json(report).utf8))
    XCTAssertEqual(decoded.rows, report.rows)
    XCTAssertEqual(decoded.runs.count, 4)
  }

  func testDiscoveryReportsBadDescriptorsByFileAndField() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descriptors-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = [
      "good": #"{"name": "good", "summary": "s", "python": "python3", "script": "a.py"}"#,
      "typed": #"{"name": "typed", "summary": "s", "python": "python3", "script": "a.py", "modules": "numpy"}"#,
      "spaced": #"{"name": "two words", "summary": "s", "python": "python3", "script": "a.py"}"#,
      "garbage": "{ not json",
    ]
    for (name, text) in files {
      try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: folder.appendingPathComponent(name + "/external-target.json"))
    }
    let found = ExternalTarget.discover(in: [folder.path], root: Self.root)
    XCTAssertEqual(found.targets.map(\.name), ["good"])
    let problems = Dictionary(uniqueKeysWithValues: found.problems.map { ($0.location.file ?? "", $0) })
    XCTAssertEqual(problems.count, 3)
    let typed = try XCTUnwrap(problems[folder.path + "/typed/external-target.json"])
    XCTAssertEqual(typed.location.field, "modules")
    XCTAssertEqual(typed.code, .badArgument)
    XCTAssertEqual(problems[folder.path + "/spaced/external-target.json"]?.location.field, "name")
    XCTAssertNotNil(problems[folder.path + "/garbage/external-target.json"])
  }

  // MARK: The real runtimes

  func realRuntime(_ name: String) throws -> ExternalTarget {
    let targets = ExternalTarget.discover(in: [Self.root + "/Targets"], root: Self.root).targets
    let target = try XCTUnwrap(targets.first { $0.name == name }, "Targets/*/external-target.json names \(name)")
    if case .unavailable(let reason) = target.availability() { throw XCTSkip("skipped: \(name) is not available: \(reason)") }
    return target
  }

  func testRealRuntimesOnTheCNNFixture() throws {
    let path = Self.root + "/Fixtures/cnn/model.onnx"
    for name in ["ort", "openvino"] {
      let target = try realRuntime(name)
      let report = PortJob(modelPath: path, target: target, reference: ReferenceTarget(), options: quickOptions()).run()
      XCTAssertEqual(report.status.outcome, .ok, "\(name): \(report.status.message ?? "")")
      XCTAssertEqual(report.accuracy?.pass, true, name)
      XCTAssertGreaterThanOrEqual(report.performance?.iterations ?? 0, 8, name)
    }
  }
}
