import Foundation
import PortIR
import PortOps

/// An accelerator described by data: the ops it runs natively with their constraints, its
/// arithmetic, and the hardware figures the latency estimate and the cost come from. A new
/// accelerator of the family is a new manifest file, not new code. The format is documented in
/// `docs/accelerator-manifest.md`.
public struct AcceleratorManifest: Sendable, Hashable, Codable {
  /// The target's name on the command line (`--target npu-int8`).
  public var name: String
  public var summary: String
  public var arithmetic: Arithmetic
  public var hardware: Hardware
  /// Constraints every op inherits unless it says otherwise.
  public var defaults: OpConstraints
  /// The ops the device runs natively, by ONNX op type.
  public var ops: [String: OpConstraints]

  /// Where the manifest was read from (not part of the file).
  public var source: String = ""

  enum CodingKeys: String, CodingKey { case name, summary, arithmetic, hardware, defaults, ops }

  public struct Arithmetic: Sendable, Hashable, Codable {
    /// `int8` (integer arithmetic with fixed-point requantization) or `float16` (half storage).
    public var kind: Kind
    /// int8: activations are `int8` or `uint8`.
    public var activations: String?
    /// int8: `per-channel` or `per-tensor` symmetric weights.
    public var weights: String?
    /// The accumulator: `int32` for int8, `float32` for float16.
    public var accumulator: String
    /// int8: calibration method (`minmax`, `percentile`, `kl`) and percentile.
    public var calibration: String?
    public var percentile: Double?
    /// The tolerances of a comparison with the reference (defaults by kind).
    public var rtol: Double?
    public var atol: Double?

    public enum Kind: String, Sendable, Hashable, Codable {
      case int8
      case float16
    }
  }

  public struct Hardware: Sendable, Hashable, Codable {
    /// Multiply-accumulates per cycle of the MAC array.
    public var macsPerCycle: Double
    public var clockMhz: Double
    /// On-chip memory (SRAM) for weights and activations, KiB.
    public var onChipKib: Double
    /// External memory bandwidth, GB/s.
    public var memoryGbps: Double
    /// Elementwise / LUT / pooling throughput, elements per cycle.
    public var vectorLanes: Double
    /// The host link that fallback regions cross.
    public var hostLinkGbps: Double
    public var hostLinkLatencyUs: Double
    public var pricePerHour: Double?
    public var watts: Double?

    enum CodingKeys: String, CodingKey {
      case macsPerCycle = "macs_per_cycle", clockMhz = "clock_mhz", onChipKib = "on_chip_kib",
        memoryGbps = "memory_gbps", vectorLanes = "vector_lanes", hostLinkGbps = "host_link_gbps",
        hostLinkLatencyUs = "host_link_latency_us", pricePerHour = "price_per_hour", watts
    }
  }

  /// What the device accepts for one op. Absent fields: no constraint (or the defaults').
  public struct OpConstraints: Sendable, Hashable, Codable {
    /// Element types of the op's runtime inputs and outputs (the model's types, before the device
    /// converts them to its arithmetic).
    public var elementTypes: [String]?
    public var maxRank: Int?
    /// Largest kernel extent along each spatial axis.
    public var maxKernel: Int?
    public var strides: [Int]?
    public var dilations: [Int]?
    /// `standard` (group 1), `depthwise` (group = channels), `grouped` (anything else).
    public var groups: [String]?
    /// Binary ops: `same` (equal shapes), `scalar`, `channel` (one value per channel), `numpy`.
    public var broadcast: [String]?
    /// Static shapes only (the default for the family).
    public var staticShapes: Bool?
    /// Channel counts are padded to a multiple of this (the estimate counts the padding).
    public var channelAlignment: Int?
    /// Which unit runs it: `mac` (the MAC array), `vector`, `lut` (lookup-table activation), `dma`.
    public var unit: String?
    /// Allowed values of attributes, e.g. `{"mode": ["nearest"]}`.
    public var attributes: [String: [String]]?
    /// Softmax and friends: `last` (only the last axis) or `any`.
    public var axis: String?

    enum CodingKeys: String, CodingKey {
      case elementTypes = "element_types", maxRank = "max_rank", maxKernel = "max_kernel", strides, dilations,
        groups, broadcast, staticShapes = "static_shapes", channelAlignment = "channel_alignment", unit, attributes,
        axis
    }

    static let keys: Set<String> = [
      "element_types", "max_rank", "max_kernel", "strides", "dilations", "groups", "broadcast", "static_shapes",
      "channel_alignment", "unit", "attributes", "axis",
    ]

    /// `self` with every absent field taken from `defaults`.
    func inheriting(_ defaults: OpConstraints) -> OpConstraints {
      var merged = self
      merged.elementTypes = elementTypes ?? defaults.elementTypes
      merged.maxRank = maxRank ?? defaults.maxRank
      merged.maxKernel = maxKernel ?? defaults.maxKernel
      merged.strides = strides ?? defaults.strides
      merged.dilations = dilations ?? defaults.dilations
      merged.groups = groups ?? defaults.groups
      merged.broadcast = broadcast ?? defaults.broadcast
      merged.staticShapes = staticShapes ?? defaults.staticShapes
      merged.channelAlignment = channelAlignment ?? defaults.channelAlignment
      merged.unit = unit ?? defaults.unit
      merged.attributes = attributes ?? defaults.attributes
      merged.axis = axis ?? defaults.axis
      return merged
    }
  }

  /// The constraints of `opType`, defaults filled in; nil when the op is not in the manifest.
  public func constraints(for opType: String) -> OpConstraints? {
    ops[opType].map { $0.inheriting(defaults) }
  }

  /// Op types run natively.
  public var nativeOps: Set<String> { Set(ops.keys) }

  /// Whether the device has a lookup-table activation unit (for next-action hints).
  public var hasLookupTable: Bool { ops.values.contains { $0.unit == "lut" } }

  /// The clock in Hz.
  public var clockHz: Double { hardware.clockMhz * 1e6 }
}

// MARK: Loading

extension AcceleratorManifest {
  static let topKeys: Set<String> = ["name", "summary", "arithmetic", "hardware", "defaults", "ops"]
  static let arithmeticKeys: Set<String> = ["kind", "activations", "weights", "accumulator", "calibration", "percentile", "rtol", "atol"]
  static let hardwareKeys: Set<String> = [
    "macs_per_cycle", "clock_mhz", "on_chip_kib", "memory_gbps", "vector_lanes", "host_link_gbps",
    "host_link_latency_us", "price_per_hour", "watts",
  ]

  /// Reads and checks a manifest file. Every error names the file and the field.
  public static func load(path: String) throws -> AcceleratorManifest {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PortError(.fileUnreadable, "cannot read accelerator manifest", at: Location(file: path))
    }
    return try decode(data, source: path)
  }

  /// Decodes and checks manifest JSON; `source` names it in errors.
  public static func decode(_ data: Data, source: String) throws -> AcceleratorManifest {
    func fail(_ field: String, _ message: String) -> PortError {
      PortError(.badArgument, "accelerator manifest: \(message)", at: Location(file: source, field: field))
    }
    // Unknown keys are errors: a misspelt constraint must not silently lift it.
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw fail("", "not valid JSON (\(error.localizedDescription))")
    }
    guard let top = object as? [String: Any] else { throw fail("", "the top level must be a JSON object") }
    func checkKeys(_ dictionary: Any?, _ known: Set<String>, _ path: String) throws {
      guard let dictionary = dictionary as? [String: Any] else { return }
      for key in dictionary.keys.sorted() where !known.contains(key) {
        throw fail(path.isEmpty ? key : "\(path).\(key)", "unknown field '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
      }
    }
    try checkKeys(top, topKeys, "")
    try checkKeys(top["arithmetic"], arithmeticKeys, "arithmetic")
    try checkKeys(top["hardware"], hardwareKeys, "hardware")
    try checkKeys(top["defaults"], OpConstraints.keys, "defaults")
    for (op, constraints) in (top["ops"] as? [String: Any]) ?? [:] {
      try checkKeys(constraints, OpConstraints.keys, "ops.\(op)")
    }

    var manifest: AcceleratorManifest
    do {
      manifest = try JSONDecoder().decode(AcceleratorManifest.self, from: data)
    } catch let error as DecodingError {
      let (field, message) = error.fieldAndMessage
      throw fail(field, message)
    }
    manifest.source = source
    try manifest.check(fail)
    return manifest
  }

  /// Semantic checks: positive figures, known op types, element types and enumerations.
  func check(_ fail: (String, String) -> PortError) throws {
    if name.isEmpty || name.contains(where: { $0.isWhitespace }) {
      throw fail("name", "the name must be non-empty without spaces")
    }
    let figures: [(String, Double)] = [
      ("hardware.macs_per_cycle", hardware.macsPerCycle), ("hardware.clock_mhz", hardware.clockMhz),
      ("hardware.on_chip_kib", hardware.onChipKib), ("hardware.memory_gbps", hardware.memoryGbps),
      ("hardware.vector_lanes", hardware.vectorLanes), ("hardware.host_link_gbps", hardware.hostLinkGbps),
    ]
    for (field, value) in figures where !(value > 0 && value.isFinite) {
      throw fail(field, "must be a positive number (got \(value))")
    }
    for (field, value) in [
      ("hardware.host_link_latency_us", hardware.hostLinkLatencyUs), ("hardware.price_per_hour", hardware.pricePerHour ?? 0),
      ("hardware.watts", hardware.watts ?? 0),
    ] where !(value >= 0 && value.isFinite) {
      throw fail(field, "must be a number ≥ 0 (got \(value))")
    }
    switch arithmetic.kind {
    case .int8:
      if let activations = arithmetic.activations, !["int8", "uint8"].contains(activations) {
        throw fail("arithmetic.activations", "must be int8 or uint8 (got '\(activations)')")
      }
      if let weights = arithmetic.weights, !["per-channel", "per-tensor"].contains(weights) {
        throw fail("arithmetic.weights", "must be per-channel or per-tensor (got '\(weights)')")
      }
      if arithmetic.accumulator != "int32" { throw fail("arithmetic.accumulator", "int8 arithmetic accumulates in int32") }
      if let method = arithmetic.calibration, !["minmax", "percentile", "kl"].contains(method) {
        throw fail("arithmetic.calibration", "must be minmax, percentile or kl (got '\(method)')")
      }
    case .float16:
      if arithmetic.accumulator != "float32" {
        throw fail("arithmetic.accumulator", "float16 arithmetic accumulates in float32")
      }
    }
    if ops.isEmpty { throw fail("ops", "lists no operator") }
    try checkConstraints(defaults, "defaults", fail)
    for op in ops.keys.sorted() {
      guard StandardOperators.versions(opType: op, domain: "") != nil else {
        throw fail("ops.\(op)", "'\(op)' is not an ONNX operator")
      }
      try checkConstraints(ops[op]!, "ops.\(op)", fail)
    }
  }

  func checkConstraints(_ c: OpConstraints, _ path: String, _ fail: (String, String) -> PortError) throws {
    for (index, type) in (c.elementTypes ?? []).enumerated() where ElementType(name: type) == nil {
      throw fail("\(path).element_types[\(index)]", "unknown element type '\(type)'")
    }
    for (field, value) in [("max_rank", c.maxRank), ("max_kernel", c.maxKernel), ("channel_alignment", c.channelAlignment)] {
      if let value, value < 1 { throw fail("\(path).\(field)", "must be at least 1 (got \(value))") }
    }
    let enums: [(String, [String]?, Set<String>)] = [
      ("groups", c.groups, ["standard", "depthwise", "grouped"]),
      ("broadcast", c.broadcast, ["same", "scalar", "channel", "numpy"]),
      ("unit", c.unit.map { [$0] }, ["mac", "vector", "lut", "dma"]),
      ("axis", c.axis.map { [$0] }, ["last", "any"]),
    ]
    for (field, values, allowed) in enums {
      for value in values ?? [] where !allowed.contains(value) {
        throw fail("\(path).\(field)", "'\(value)' is not one of \(allowed.sorted().joined(separator: ", "))")
      }
    }
  }
}
