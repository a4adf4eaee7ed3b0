import PortQuantization
import XCTest

final class FixedPointTests: XCTestCase {
  func testPlaceholder() { XCTAssertEqual(FixedPoint.quantize(0.5).shift, 0) }
}
