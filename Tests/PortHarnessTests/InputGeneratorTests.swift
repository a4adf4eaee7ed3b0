import PortIR
import XCTest

@testable import PortHarness

final class InputGeneratorTests: XCTestCase {
  func graph(_ inputs: [(String, ValueType)], nodes: [Node] = []) -> Graph {
    Graph(inputs: inputs.map(\.0), outputs: [], nodes: nodes, types: Dictionary(uniqueKeysWithValues: inputs))
  }

  func testSeededAndReproducible() throws {
    let g = graph([("x", .tensor(.float, Shape([2, 3])))])
    var first = InputGenerator(spec: InputSpec(seed: 42))
    var second = InputGenerator(spec: InputSpec(seed: 42))
    var other = InputGenerator(spec: InputSpec(seed: 43))
    let a = try first.generate(for: g).values["x"]
    XCTAssertEqual(a, try second.generate(for: g).values["x"])
    XCTAssertNotEqual(a, try other.generate(for: g).values["x"])
  }

  func testDefaultRangesPerElementType() throws {
    let g = graph([
      ("f", .tensor(.float, Shape([1000]))), ("i", .tensor(.int64, Shape([1000]))), ("b", .tensor(.bool, Shape([1000]))),
      ("h", .tensor(.float16, Shape([10]))), ("s", .tensor(.string, Shape([3]))),
    ])
    var generator = InputGenerator(spec: InputSpec(seed: 1))
    let values = try generator.generate(for: g).values
    let floats = try XCTUnwrap(values["f"]?.tensor).doubles()
    XCTAssertTrue(floats.allSatisfy { (-1...1).contains($0) })
    XCTAssertGreaterThan(Set(floats).count, 900, "uniform floats, not a handful of values")
    let ints = try XCTUnwrap(values["i"]?.tensor).int64s()
    XCTAssertTrue(ints.allSatisfy { (0...9).contains($0) })
    XCTAssertEqual(Set(ints).count, 10)
    let bools = try XCTUnwrap(values["b"]?.tensor)
    XCTAssertEqual(bools.elementType, .bool)
    XCTAssertEqual(Set(bools.int64s()), [0, 1])
    XCTAssertEqual(values["h"]?.tensor?.elementType, .float16)
    XCTAssertEqual(values["s"]?.tensor?.strings.count, 3)
  }

  func testRangeOverrideAndIntegerBounds() throws {
    let g = graph([("ids", .tensor(.int32, Shape([500]))), ("x", .tensor(.double, Shape([500])))])
    var generator = InputGenerator(spec: InputSpec(seed: 3, ranges: ["ids": 100...102, "x": 5...6]))
    let values = try generator.generate(for: g).values
    XCTAssertEqual(Set(try XCTUnwrap(values["ids"]?.tensor).int64s()), [100, 101, 102])
    XCTAssertTrue(try XCTUnwrap(values["x"]?.tensor).doubles().allSatisfy { (5...6).contains($0) })
  }

  func testIndicesStayInsideTheGatheredDimension() throws {
    let g = Graph(
      inputs: ["table", "ids"], outputs: ["out"],
      nodes: [Node(name: "g", opType: "Gather", inputs: ["table", "ids"], outputs: ["out"], attributes: ["axis": .int(0)])],
      types: ["table": .tensor(.float, Shape([4, 16])), "ids": .tensor(.int64, Shape([200]))])
    var generator = InputGenerator(spec: InputSpec(seed: 9))
    let ids = try XCTUnwrap(try generator.generate(for: g).values["ids"]?.tensor).int64s()
    XCTAssertEqual(Set(ids), [0, 1, 2, 3])
  }

  func testIntegerMasksAreAllOnesUnlessARangeIsGiven() throws {
    let g = graph([("attention_mask", .tensor(.int64, Shape([64]))), ("input_ids", .tensor(.int64, Shape([64])))])
    var generator = InputGenerator(spec: InputSpec(seed: 4))
    let values = try generator.generate(for: g).values
    XCTAssertEqual(Set(try XCTUnwrap(values["attention_mask"]?.tensor).int64s()), [1])
    XCTAssertGreaterThan(Set(try XCTUnwrap(values["input_ids"]?.tensor).int64s()).count, 1)
    var ranged = InputGenerator(spec: InputSpec(seed: 4, ranges: ["attention_mask": 0...1]))
    XCTAssertEqual(Set(try XCTUnwrap(try ranged.generate(for: g).values["attention_mask"]?.tensor).int64s()), [0, 1])
  }

  func testSymbolicDims() throws {
    let g = graph([("x", .tensor(.float, Shape(["batch", "seq", 4])))])
    var generator = InputGenerator(spec: InputSpec(dims: ["batch": 3]))
    let made = try generator.generate(for: g)
    XCTAssertEqual(made.values["x"]?.tensor?.shape, [3, 1, 4])
    XCTAssertEqual(made.described.first?.shape, [3, 1, 4])
    XCTAssertTrue(generator.notes.contains { $0.contains("'seq'") }, "unbound symbols default to 1 with a note")
    var shaped = InputGenerator(spec: InputSpec(shapes: ["x": [2, 5, 4]]))
    XCTAssertEqual(try shaped.generate(for: g).values["x"]?.tensor?.shape, [2, 5, 4])
  }

  func testNonTensorInputsNeedData() {
    let g = graph([("s", .sequence(.tensor(.float, nil)))])
    var generator = InputGenerator(spec: InputSpec())
    XCTAssertThrowsError(try generator.generate(for: g))
  }

  func testFlagParsing() throws {
    XCTAssertEqual(try PortOptions.parseDims(["batch=2,seq=128", "n=1"]), ["batch": 2, "seq": 128, "n": 1])
    XCTAssertThrowsError(try PortOptions.parseDims(["batch"]))
    XCTAssertEqual(try PortOptions.parseShapes(["x:1x3x224x224", "scalar:"]), ["x": [1, 3, 224, 224], "scalar": []])
    XCTAssertEqual(try PortOptions.parseShapes(["ns:input:2x2"]), ["ns:input": [2, 2]])
    XCTAssertThrowsError(try PortOptions.parseShapes(["x:1xAx3"]))
    XCTAssertEqual(try PortOptions.parseRanges(["ids:0,999"]), ["ids": 0...999])
    XCTAssertEqual(try PortOptions.parseRanges(["x:-0.5,0.5"]), ["x": -0.5...0.5])
    XCTAssertThrowsError(try PortOptions.parseRanges(["x:2,1"]))
  }
}
