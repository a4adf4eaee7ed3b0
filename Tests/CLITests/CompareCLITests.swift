import Foundation
import XCTest

/// `port compare`, `--emit-onnx`, `--timeout` and `port targets` with the fake external runtime
/// (Tests/ExternalRuntimeFixtures/fake, added through MODELPORT_EXTERNAL_TARGETS).
final class CompareCLITests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  override func setUpWithError() throws {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    if !found { throw XCTSkip("skipped: the fake external runtime needs python3 in PATH") }
  }

  func environment(_ mode: String) -> [String: String] {
    ["MODELPORT_EXTERNAL_TARGETS": Self.root.appendingPathComponent("Tests/ExternalRuntimeFixtures").path, "FAKE_RUNTIME_MODE": mode]
  }

  let quick = ["--warmup", "1", "--min-queries", "4", "--min-time", "0"]

  func testTargetsSaysWhetherExternalRuntimesAreAvailable() throws {
    let result = try PortCLI.run(["targets"], environment: environment("ok"))
    XCTAssertEqual(result.status, 0)
    let fake = result.stdout.split(separator: "\n").first { $0.hasPrefix("fake ") }
    XCTAssertTrue(fake?.contains("[available]") ?? false, result.stdout)
    for name in ["ort", "openvino"] {
      let line = result.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }
      XCTAssertTrue(
        line?.contains("[available]") ?? false || line?.contains("run Scripts/setup-runtimes") ?? false, result.stdout)
    }
  }

  func testBadDescriptorIsListedAndNamedNotSkipped() throws {
    let folder = try TemporaryFolder()
    let broken = folder.url.appendingPathComponent("broken")
    try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
    let descriptor = broken.appendingPathComponent("external-target.json")
    try Data(#"{"name": "broken", "summary": "no script", "python": "python3"}"#.utf8).write(to: descriptor)
    let environment = ["MODELPORT_EXTERNAL_TARGETS": folder.url.path]

    let listed = try PortCLI.run(["targets"], environment: environment)
    XCTAssertEqual(listed.status, 0, listed.stderr)
    let line = listed.stdout.split(separator: "\n").first { $0.hasPrefix("(not a target)") } ?? ""
    XCTAssertTrue(line.contains(descriptor.path) && line.contains("script: missing required field 'script'"), listed.stdout)

    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let run = try PortCLI.run([model.path, "--target", "broken"], environment: environment)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.stderr.contains("unknown target 'broken'") && run.stderr.contains(descriptor.path), run.stderr)
    XCTAssertTrue(run.stdout.isEmpty)
  }

  func testCrashKeepsTheOtherTargetsAndExits4() throws {
    let folder = try TemporaryFolder()
    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let json = folder.url.appendingPathComponent("compare.json").path
    let html = folder.url.appendingPathComponent("compare.html").path
    let result = try PortCLI.run(
      ["compare", model.path, "--targets", "reference,fake", "--json", json, "--html", html] + quick,
      environment: environment("crash-on-run"))
    XCTAssertEqual(result.status, 4, result.stderr)
    XCTAssertTrue(result.stderr.contains("target 'fake'") && result.stderr.contains("killed by signal 9"), result.stderr)
    XCTAssertTrue(result.stdout.contains("reference ★"), "the reference's row is kept and measured: \(result.stdout)")
    XCTAssertTrue(result.stdout.contains("target-failed (exit 4)"), result.stdout)
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
    XCTAssertEqual((object?["rows"] as? [Any])?.count, 2)
    XCTAssertTrue(FileManager.default.fileExists(atPath: html))
  }

  func testHangIsATimeout() throws {
    let folder = try TemporaryFolder()
    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let start = Date()
    let result = try PortCLI.run(
      [model.path, "--target", "fake", "--timeout", "1"] + quick, environment: environment("hang-on-run"))
    XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    XCTAssertEqual(result.status, 4, result.stderr)
    XCTAssertTrue(result.stderr.contains("did not answer 'run' within 1 s (--timeout)"), result.stderr)
  }

  func testGarbageAndRefusal() throws {
    let folder = try TemporaryFolder()
    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let garbage = try PortCLI.run([model.path, "--target", "fake"] + quick, environment: environment("garbage-on-run"))
    XCTAssertEqual(garbage.status, 4, garbage.stderr)
    XCTAssertTrue(garbage.stderr.contains("not a JSON header line"), garbage.stderr)
    let refused = try PortCLI.run([model.path, "--target", "fake"] + quick, environment: environment("unsupported-on-load"))
    XCTAssertEqual(refused.status, 3, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("fake has no kernel for Relu"), refused.stderr)
  }

  func testCompareAllGoodAndEmittedModel() throws {
    let folder = try TemporaryFolder()
    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let result = try PortCLI.run(
      ["compare", model.path, "--targets", "reference,fake", "--price-per-hour", "fake=0.5"] + quick,
      environment: environment("ok"))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("PASS"), result.stdout)
    let emitted = folder.url.appendingPathComponent("out/emitted.onnx").path
    let run = try PortCLI.run(
      [model.path, "--target", "fake", "--emit-onnx", emitted, "--threads", "2"] + quick, environment: environment("ok"))
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("libonnx checker"), run.stdout)
    XCTAssertTrue(run.stdout.contains("threads=2"), "--threads reaches the adapter: \(run.stdout)")
    let check = try PortCLI.run(["check", emitted])
    XCTAssertEqual(check.status, 0, check.stderr)
  }

  func testCompareFlagsAreChecked() throws {
    let folder = try TemporaryFolder()
    let model = try folder.write(ONNX.reluModel(), to: "relu.onnx")
    let unknown = try PortCLI.run(["compare", model.path, "--targets", "reference,nosuch"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("unknown target 'nosuch'"), unknown.stderr)
    let twice = try PortCLI.run(["compare", model.path, "--targets", "reference,reference"])
    XCTAssertEqual(twice.status, 2)
  }
}
