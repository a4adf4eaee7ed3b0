import Foundation
import PortIR

/// The program as bytes, so a target can cache it (by a hash of the model and settings) and skip
/// quantization on the next run:
///
///     "MPQP" · UInt32 version · UInt64 header length · header (JSON, sorted keys) · blobs
///
/// The header holds everything but the integer constants, which follow as little-endian blobs
/// (int8 weights at one byte, the rest at four) referenced by offset. The same program always
/// gives the same bytes.
extension QuantizedProgram {
  static let magic = Data("MPQP".utf8)
  static let formatVersion: UInt32 = 1

  struct BlobReference: Codable {
    var shape: [Int]
    var bits: Int
    var offset: Int
    var count: Int
  }

  struct StepHeader: Codable {
    var kernel: String
    var node: String
    var opType: String
    var inputs: [String]
    var outputs: [String]
    var ints: [String: [Int]]
    var constants: [String: BlobReference]
    var outputParameters: [QuantParameters]
  }

  struct Header: Codable {
    var inputs: [String]
    var outputs: [String]
    var inputShapes: [String: [Int]]
    var outputTypes: [String: Int]
    var parameters: [String: QuantParameters]
    var constants: [String: BlobReference]
    var steps: [StepHeader]
    var settings: QuantizationSettings
  }

  /// The program as bytes.
  public func serialized() -> Data {
    var blobs = Data()
    func store(_ blob: IntegerBlob) -> BlobReference {
      let reference = BlobReference(shape: blob.shape, bits: blob.bits, offset: blobs.count, count: blob.values.count)
      if blob.bits == 8 {
        blobs.append(contentsOf: blob.values.map { UInt8(truncatingIfNeeded: $0) })
      } else {
        var bytes = [UInt8](repeating: 0, count: blob.values.count * 4)
        for (i, v) in blob.values.enumerated() {
          let u = UInt32(bitPattern: v)
          bytes[4 * i] = UInt8(u & 0xFF)
          bytes[4 * i + 1] = UInt8((u >> 8) & 0xFF)
          bytes[4 * i + 2] = UInt8((u >> 16) & 0xFF)
          bytes[4 * i + 3] = UInt8(u >> 24)
        }
        blobs.append(contentsOf: bytes)
      }
      return reference
    }
    var constantReferences: [String: BlobReference] = [:]
    for name in constants.keys.sorted() {
      guard let value = constants[name] else { continue }
      constantReferences[name] = store(IntegerBlob(shape: value.shape, values: value.values, bits: 32))
    }
    let stepHeaders = steps.map { step -> StepHeader in
      var references: [String: BlobReference] = [:]
      for key in step.constants.keys.sorted() {
        if let blob = step.constants[key] { references[key] = store(blob) }
      }
      return StepHeader(
        kernel: step.kernel, node: step.node, opType: step.opType, inputs: step.inputs, outputs: step.outputs,
        ints: step.ints, constants: references, outputParameters: step.outputParameters)
    }
    let header = Header(
      inputs: inputs, outputs: outputs, inputShapes: inputShapes, outputTypes: outputTypes.mapValues(\.rawValue),
      parameters: parameters, constants: constantReferences, steps: stepHeaders, settings: settings)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding plain structs of strings and numbers cannot fail; an empty header would be refused on reading.
    let json = (try? encoder.encode(header)) ?? Data()
    var data = Self.magic
    withUnsafeBytes(of: Self.formatVersion.littleEndian) { data.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    data.append(blobs)
    return data
  }

  /// Reads a program written by `serialized()`.
  public init(serialized data: Data) throws {
    let bytes = [UInt8](data)
    func bad(_ message: String) -> PortError { PortError(.badTensorData, "quantized program: \(message)") }
    guard bytes.count >= 16, Data(bytes[0..<4]) == Self.magic else { throw bad("not a quantized program") }
    func integer(_ at: Int, _ width: Int) -> UInt64 {
      (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }
    guard integer(4, 4) == UInt64(Self.formatVersion) else { throw bad("format version \(integer(4, 4))") }
    let length = integer(8, 8)
    guard length <= UInt64(bytes.count - 16) else { throw bad("header overruns the data") }
    let headerEnd = 16 + Int(length)
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<headerEnd]))
    } catch {
      throw bad("unreadable header: \(error)")
    }
    let blobCount = bytes.count - headerEnd
    func load(_ reference: BlobReference) throws -> IntegerBlob {
      let width = reference.bits == 8 ? 1 : 4
      guard reference.bits == 8 || reference.bits == 32, reference.offset >= 0, reference.count >= 0,
        reference.offset + reference.count * width <= blobCount
      else { throw bad("blob at \(reference.offset) overruns the data") }
      let start = headerEnd + reference.offset
      let values: [Int32] = (0..<reference.count).map { i in
        if width == 1 { return Int32(Int8(bitPattern: bytes[start + i])) }
        return Int32(bitPattern: UInt32(truncatingIfNeeded: integer(start + 4 * i, 4)))
      }
      return IntegerBlob(shape: reference.shape, values: values, bits: reference.bits)
    }
    self.init(settings: header.settings)
    inputs = header.inputs
    outputs = header.outputs
    inputShapes = header.inputShapes
    outputTypes = try header.outputTypes.mapValues { raw in
      guard let type = ElementType(rawValue: raw) else { throw bad("element type \(raw)") }
      return type
    }
    parameters = header.parameters
    for (name, reference) in header.constants {
      guard let p = parameters[name] else { throw bad("constant '\(name)' has no parameters") }
      let blob = try load(reference)
      constants[name] = QTensor(shape: blob.shape, values: blob.values, parameters: p)
    }
    steps = try header.steps.map { h in
      var step = QuantizedStep(
        kernel: h.kernel, node: Node(name: h.node, opType: h.opType, inputs: [], outputs: []), inputs: h.inputs,
        outputs: h.outputs, ints: h.ints, constants: [:], outputParameters: h.outputParameters)
      for (key, reference) in h.constants { step.constants[key] = try load(reference) }
      return step
    }
  }
}
