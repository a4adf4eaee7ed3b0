import Foundation

/// Keeps large initializers out of protobuf decoding so they stay slices of the memory-mapped file.
///
/// swift-protobuf copies every `bytes` field it decodes. Before decoding, this walks the wire format
/// of ModelProto → graph (7) → initializer (5) → raw_data (9), and produces a copy of the model
/// *without* the large raw_data payloads (only the small rest is copied), plus, per initializer
/// name, the byte range of its payload in the original file.
struct WeightIndex {
  /// Payloads at least this large are left in the file.
  static let threshold = 4096

  /// The model bytes with large raw_data fields removed.
  var strippedModel: Data
  /// Initializer name → its raw_data, a slice of the original (mapped) bytes.
  var payloads: [String: Data]

  /// Returns nil when the bytes are not well-formed wire format; decoding then reports the error.
  init?(model: Data) {
    var payloads: [String: Data] = [:]
    let stripped: Data? = model.withUnsafeBytes { raw in
      var reader = WireReader(raw, base: 0, end: raw.count)
      return WeightIndex.rewrite(&reader, model: model, payloads: &payloads) { field in
        field == 7 ? .graph : .keep
      }
    }
    guard let stripped else { return nil }
    self.strippedModel = stripped
    self.payloads = payloads
  }

  enum Action { case keep, graph, initializer, drop }

  /// Copies the message in `reader`, descending into the fields `route` names.
  private static func rewrite(
    _ reader: inout WireReader, model: Data, payloads: inout [String: Data], route: (Int) -> Action
  ) -> Data? {
    var out = Data()
    while !reader.atEnd {
      let fieldStart = reader.position
      guard let key = reader.varint() else { return nil }
      let field = Int(key >> 3)
      let wireType = Int(key & 7)
      guard wireType == 2 else {
        guard reader.skip(wireType: wireType) else { return nil }
        out.append(contentsOf: reader.bytes(fieldStart..<reader.position))
        continue
      }
      guard let length = reader.varint(), length <= UInt64(reader.end - reader.position) else { return nil }
      let bodyStart = reader.position
      let bodyEnd = bodyStart + Int(length)
      switch route(field) {
      case .keep, .drop:
        out.append(contentsOf: reader.bytes(fieldStart..<bodyEnd))
      case .graph, .initializer:
        let action = route(field)
        var inner = WireReader(reader.raw, base: bodyStart, end: bodyEnd)
        let body: Data?
        if action == .graph {
          body = rewrite(&inner, model: model, payloads: &payloads) { $0 == 5 ? .initializer : .keep }
        } else {
          body = stripInitializer(&inner, model: model, payloads: &payloads)
        }
        guard let body else { return nil }
        out.append(contentsOf: WireReader.encodeVarint(key))
        out.append(contentsOf: WireReader.encodeVarint(UInt64(body.count)))
        out.append(body)
      }
      reader.position = bodyEnd
    }
    return out
  }

  /// Copies a TensorProto without a large raw_data (9), recording it under the tensor's name (8).
  private static func stripInitializer(_ reader: inout WireReader, model: Data, payloads: inout [String: Data]) -> Data? {
    var out = Data()
    var name: String?
    var payload: Range<Int>?
    while !reader.atEnd {
      let fieldStart = reader.position
      guard let key = reader.varint() else { return nil }
      let field = Int(key >> 3)
      let wireType = Int(key & 7)
      if wireType == 2 {
        guard let length = reader.varint(), length <= UInt64(reader.end - reader.position) else { return nil }
        let body = reader.position..<(reader.position + Int(length))
        reader.position = body.upperBound
        if field == 8 { name = String(decoding: reader.bytes(body), as: UTF8.self) }
        if field == 9 && body.count >= threshold {
          payload = body
          continue
        }
      } else {
        guard reader.skip(wireType: wireType) else { return nil }
      }
      out.append(contentsOf: reader.bytes(fieldStart..<reader.position))
    }
    if let payload {
      // A nameless or duplicate initializer keeps its payload inline; the importer reports it.
      guard let name, payloads[name] == nil else {
        out.append(contentsOf: WireReader.encodeVarint(9 << 3 | 2))
        out.append(contentsOf: WireReader.encodeVarint(UInt64(payload.count)))
        out.append(model[model.startIndex + payload.lowerBound..<model.startIndex + payload.upperBound])
        return out
      }
      payloads[name] = model[model.startIndex + payload.lowerBound..<model.startIndex + payload.upperBound]
    }
    return out
  }
}

/// Reads protobuf wire format from a byte range.
struct WireReader {
  let raw: UnsafeRawBufferPointer
  var position: Int
  let end: Int

  init(_ raw: UnsafeRawBufferPointer, base: Int, end: Int) {
    self.raw = raw
    self.position = base
    self.end = end
  }

  var atEnd: Bool { position >= end }

  mutating func varint() -> UInt64? {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while position < end, shift < 64 {
      let byte = raw[position]
      position += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    return nil
  }

  mutating func skip(wireType: Int) -> Bool {
    switch wireType {
    case 0: return varint() != nil
    case 1: position += 8
    case 5: position += 4
    default: return false
    }
    return position <= end
  }

  func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: raw[range])
  }

  static func encodeVarint(_ value: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    var rest = value
    repeat {
      var byte = UInt8(rest & 0x7F)
      rest >>= 7
      if rest != 0 { byte |= 0x80 }
      bytes.append(byte)
    } while rest != 0
    return bytes
  }
}

extension WeightIndex {
  /// A copy of the model bytes whose top-level ir_version (field 1) says `version` instead; nil when
  /// the field is missing or its encoding would change length.
  static func withIRVersion(_ version: Int, model: Data) -> Data? {
    model.withUnsafeBytes { raw -> Data? in
      var reader = WireReader(raw, base: 0, end: raw.count)
      while !reader.atEnd {
        guard let key = reader.varint() else { return nil }
        let valueStart = reader.position
        if key == 1 << 3 {
          guard reader.varint() != nil, reader.position - valueStart == 1, version < 128 else { return nil }
          var copy = Data(model)
          copy[copy.startIndex + valueStart] = UInt8(version)
          return copy
        }
        if key & 7 == 2 {
          guard let length = reader.varint() else { return nil }
          reader.position += Int(length)
        } else if !reader.skip(wireType: Int(key & 7)) {
          return nil
        }
      }
      return nil
    }
  }
}
