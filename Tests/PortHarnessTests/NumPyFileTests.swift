import Foundation
import PortIR
import XCTest

@testable import PortHarness

final class NumPyFileTests: XCTestCase {
  // Written by NumPy 2 (np.save / np.savez / np.savez_compressed); see each test.
  static let fortranBigEndian =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAwAAAAEAAAAEAAAAAgAAAAU="
  static let stored =
    "UEsDBC0AAAAAAAAAIQD9z6UI//////////8FABQAeC5ucHkBABAAiAAAAAAAAACIAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAADAPwAAAMBQSwMELQAAAAAAAAAhANA9kML//////////wcAFABpZHMubnB5AQAQAJgAAAAAAAAAmAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgMAAAAAAAAABAAAAAAAAAAFAAAAAAAAAFBLAQItAy0AAAAAAAAAIQD9z6UIiAAAAIgAAAAFAAAAAAAAAAAAAACAAQAAAAB4Lm5weVBLAQItAy0AAAAAAAAAIQDQPZDCmAAAAJgAAAAHAAAAAAAAAAAAAACAAb8AAABpZHMubnB5UEsFBgAAAAACAAIAaAAAAJABAAAAAA=="
  static let compressed =
    "UEsDBC0AAAAIAAAAIQBRuxWc//////////8JABQAYXJyXzAubnB5AQAQAOAAAAAAAAAATQAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOgommjoKtQpkAy4GMLhgTysaAFBLAwQtAAAACAAAACEA7hm7Xf//////////CQAUAGFycl8xLm5weQEAEACCAAAAAAAAAEYAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgXpNkqK6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQALkYGAFBLAQItAy0AAAAIAAAAIQBRuxWcTQAAAOAAAAAJAAAAAAAAAAAAAACAAQAAAABhcnJfMC5ucHlQSwECLQMtAAAACAAAACEA7hm7XUYAAACCAAAACQAAAAAAAAAAAAAAgAGIAAAAYXJyXzEubnB5UEsFBgAAAAACAAIAbgAAAAkBAAAAAA=="

  func testFortranOrderBigEndian() throws {
    // np.save(f, np.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3)))
    let tensor = try NumPyFile.decode(try XCTUnwrap(Data(base64Encoded: Self.fortranBigEndian)))
    XCTAssertEqual(tensor.elementType, .int32)
    XCTAssertEqual(tensor.shape, [2, 3])
    XCTAssertEqual(tensor.int64s(), [0, 1, 2, 3, 4, 5])
  }

  func testRoundTrip() throws {
    let original = Tensor(.float, shape: [2, 2], doubles: [1, -2.5, 3, 4])
    let data = try NumPyFile.encode(original)
    XCTAssertEqual((data.count - original.bytes.count) % 64, 0, "the data starts on a 64-byte boundary")
    XCTAssertEqual(try NumPyFile.decode(data), original)
    let scalar = Tensor(.int64, shape: [], int64s: [7])
    XCTAssertEqual(try NumPyFile.decode(try NumPyFile.encode(scalar)), scalar)
    let bools = Tensor(.bool, shape: [3], int64s: [1, 0, 1])
    XCTAssertEqual(try NumPyFile.decode(try NumPyFile.encode(bools)), bools)
  }

  func testStoredNPZ() throws {
    // np.savez(f, x=np.array([[1.5, -2.0]], dtype=np.float32), ids=np.array([3, 4, 5], dtype=np.int64))
    let entries = try ZipArchive.entries(try XCTUnwrap(Data(base64Encoded: Self.stored)))
    XCTAssertEqual(entries.map(\.name), ["x.npy", "ids.npy"])
    let x = try NumPyFile.decode(entries[0].data)
    XCTAssertEqual(x.shape, [1, 2])
    XCTAssertEqual(x.floats(), [1.5, -2])
    XCTAssertEqual(try NumPyFile.decode(entries[1].data).int64s(), [3, 4, 5])
  }

  func testCompressedNPZ() throws {
    // np.savez_compressed(f, np.zeros((3, 4)) + 0.25, np.array([True, False]))
    let entries = try ZipArchive.entries(try XCTUnwrap(Data(base64Encoded: Self.compressed)))
    XCTAssertEqual(entries.map(\.name), ["arr_0.npy", "arr_1.npy"])
    let a = try NumPyFile.decode(entries[0].data)
    XCTAssertEqual(a.elementType, .double)
    XCTAssertEqual(a.doubles(), [Double](repeating: 0.25, count: 12))
    let b = try NumPyFile.decode(entries[1].data)
    XCTAssertEqual(b.elementType, .bool)
    XCTAssertEqual(b.int64s(), [1, 0])
  }

  func testRejectsGarbage() {
    XCTAssertThrowsError(try NumPyFile.decode(Data("not numpy at all".utf8)))
    XCTAssertThrowsError(try ZipArchive.entries(Data(repeating: 0, count: 100)))
  }

  func testInputLoaderReadsNPZByPosition() throws {
    let directory = TestModels.temporaryDirectory()
    let path = directory + "/in.npz"
    try XCTUnwrap(Data(base64Encoded: Self.compressed)).write(to: URL(fileURLWithPath: path))
    let graph = Graph(
      inputs: ["a", "b"], outputs: [], types: ["a": .tensor(.double, Shape([3, 4])), "b": .tensor(.bool, Shape([2]))])
    var loader = InputLoader(graph: graph)
    let loaded = try loader.load([path])
    XCTAssertEqual(loaded.values["a"]?.tensor?.shape, [3, 4])
    XCTAssertEqual(loaded.values["b"]?.tensor?.elementType, .bool)
    // A declared fixed dim the data does not have is bad input.
    let mismatched = Graph(
      inputs: ["a", "b"], outputs: [], types: ["a": .tensor(.double, Shape([3, 5])), "b": .tensor(.bool, Shape([2]))])
    var strict = InputLoader(graph: mismatched)
    XCTAssertThrowsError(try strict.load([path]))
  }
}
