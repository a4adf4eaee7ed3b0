import Foundation
import XCTest

/// A target that refuses the model's nodes makes the main job exit 3, naming a node and the reason.
final class TargetRefusalTests: XCTestCase {
  func testSkeletonTargetRefusesWithExitStatus3() throws {
    let fixture = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/cnn/model.onnx").path
    let result = try PortCLI.run([fixture, "--target", "skeleton", "--no-perf"])
    XCTAssertEqual(result.status, 3, result.stderr)
    XCTAssertTrue(result.stderr.contains("the skeleton target runs no operators"), result.stderr)
    XCTAssertTrue(result.stderr.contains("node '"), result.stderr)
  }

  func testTargetsListsEveryTarget() throws {
    let result = try PortCLI.run(["targets"])
    XCTAssertEqual(result.status, 0)
    XCTAssertTrue(result.stdout.contains("reference"))
    XCTAssertTrue(result.stdout.contains("skeleton"))
  }
}
