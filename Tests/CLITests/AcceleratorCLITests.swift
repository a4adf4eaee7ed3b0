import Foundation
import XCTest

/// `port` with the manifest-driven accelerators: fallback, --no-fallback, a manifest given on the
/// command line, the artifact cache, the report sections.
final class AcceleratorCLITests: XCTestCase {
  let fixture = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/cnn/model.onnx").path

  var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("accelerator-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  /// Only Conv and Relu: the rest of the cnn fixture falls back.
  func writeTinyManifest() throws -> String {
    let path = folder.appendingPathComponent("tiny.json").path
    let manifest = """
      {"name": "tiny-npu", "summary": "made up: Conv and Relu only",
       "arithmetic": {"kind": "float16", "accumulator": "float32"},
       "hardware": {"macs_per_cycle": 16, "clock_mhz": 100, "on_chip_kib": 16, "memory_gbps": 1, "vector_lanes": 4,
                    "host_link_gbps": 1, "host_link_latency_us": 10},
       "defaults": {"element_types": ["float"]},
       "ops": {"Conv": {"unit": "mac"}, "Relu": {"unit": "vector"}}}
      """
    try Data(manifest.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func testManifestOnTheCommandLineRunsWithFallbackAndCaches() throws {
    let manifest = try writeTinyManifest()
    let json = folder.appendingPathComponent("report.json").path
    let arguments = [
      fixture, "--target", "tiny-npu", "--target-manifest", manifest, "--no-perf", "--cache-dir",
      folder.appendingPathComponent("cache").path, "--json", json,
    ]
    let first = try PortCLI.run(arguments)
    XCTAssertEqual(first.status, 0, first.stderr)
    XCTAssertTrue(first.stdout.contains("fall back to the host"), first.stdout)
    XCTAssertTrue(first.stdout.contains("estimate"), first.stdout)
    XCTAssertTrue(first.stdout.contains("op not in manifest"), first.stdout)
    let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
    XCTAssertEqual((report["compilation"] as? [String: Any])?["source"] as? String, "compiled")
    XCTAssertEqual((report["device_estimate"] as? [String: Any])?["kind"] as? String, "estimate")
    XCTAssertFalse((report["next_actions"] as? [String] ?? []).isEmpty)
    let second = try PortCLI.run(arguments)
    XCTAssertEqual(second.status, 0, second.stderr)
    let again = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
    XCTAssertEqual((again["compilation"] as? [String: Any])?["source"] as? String, "from-cache")
  }

  func testNoFallbackExitsThreeWithTheList() throws {
    let manifest = try writeTinyManifest()
    let result = try PortCLI.run([fixture, "--target", "tiny-npu", "--target-manifest", manifest, "--no-perf", "--no-fallback", "--quiet"])
    XCTAssertEqual(result.status, 3, result.stderr)
    XCTAssertTrue(result.stderr.contains("--no-fallback"), result.stderr)
    XCTAssertTrue(result.stderr.contains("(Softmax): op not in manifest"), result.stderr)
  }

  func testABrokenManifestNamesFileAndField() throws {
    let path = folder.appendingPathComponent("broken.json").path
    try Data(#"{"name": "x", "summary": "", "arithmetic": {"kind": "int4", "accumulator": "int32"}}"#.utf8)
      .write(to: URL(fileURLWithPath: path))
    let result = try PortCLI.run([fixture, "--target", "x", "--target-manifest", path])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(result.stderr.contains(path), result.stderr)
    XCTAssertTrue(result.stderr.contains("arithmetic.kind"), result.stderr)
  }

  func testTargetsListsAcceleratorsWithCoverage() throws {
    let result = try PortCLI.run(["targets", "--model", fixture])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("npu-int8"))
    XCTAssertTrue(result.stdout.contains("npu-fp16"))
    XCTAssertTrue(result.stdout.contains("ai.onnx ops"))
    XCTAssertTrue(result.stdout.contains("model:"))
  }
}
