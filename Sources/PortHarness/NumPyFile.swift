import CZlib
import Foundation
import PortIR

/// NumPy's `.npy` format (versions 1–3) and `.npz` archives of them, read into tensors; `.npy`
/// also written (for tests and for saving generated inputs).
public enum NumPyFile {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

  /// Reads one `.npy` file.
  public static func read(_ path: String) throws -> Tensor {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PortError(.fileUnreadable, "cannot read the file", at: Location(file: path))
    }
    return try decode(data, path: path)
  }

  /// Parses `.npy` bytes.
  public static func decode(_ data: Data, path: String = "") throws -> Tensor {
    let bytes = [UInt8](data)
    func fail(_ message: String) -> PortError {
      PortError(.badTensorData, "not a usable .npy file: \(message)", at: Location(file: path.isEmpty ? nil : path))
    }
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("missing the \\x93NUMPY magic") }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw fail("truncated header") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default:
      throw fail("format version \(major) is unknown")
    }
    guard headerStart + headerLength <= bytes.count,
      let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .utf8)
    else { throw fail("truncated header") }
    let dictionary = try parseHeader(header, fail)
    let payload = Data(bytes[(headerStart + headerLength)...])
    return try tensor(dictionary, payload, fail)
  }

  struct Header {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
  }

  /// Parses the Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
  static func parseHeader(_ text: String, _ fail: (String) -> PortError) throws -> Header {
    func value(of key: String) -> Substring? {
      for quote in ["'", "\""] {
        if let range = text.range(of: "\(quote)\(key)\(quote)") {
          let rest = text[range.upperBound...].drop { $0 == " " || $0 == ":" }
          return rest
        }
      }
      return nil
    }
    guard let descrText = value(of: "descr"), let quote = descrText.first, quote == "'" || quote == "\"",
      let end = descrText.dropFirst().firstIndex(of: quote)
    else { throw fail("no 'descr' (only plain dtypes are supported, not structured ones)") }
    let descr = String(descrText[descrText.index(after: descrText.startIndex)..<end])
    let fortran = value(of: "fortran_order").map { $0.hasPrefix("True") } ?? false
    guard let shapeText = value(of: "shape"), shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
      throw fail("no 'shape'")
    }
    var shape: [Int] = []
    for part in shapeText[shapeText.index(after: shapeText.startIndex)..<close].split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
      if trimmed.isEmpty { continue }
      guard let size = Int(trimmed), size >= 0 else { throw fail("bad shape entry '\(part)'") }
      shape.append(size)
    }
    return Header(descr: descr, fortranOrder: fortran, shape: shape)
  }

  /// The element type and item size a dtype string names.
  static func elementType(_ descr: String) -> (type: ElementType, size: Int, bigEndian: Bool)? {
    guard let order = descr.first else { return nil }
    var body = Substring(descr)
    if "<>|=".contains(order) { body = body.dropFirst() }
    let bigEndian = order == ">"
    guard let kind = body.first, let size = Int(body.dropFirst()) else { return nil }
    let type: ElementType?
    switch (kind, size) {
    case ("b", 1), ("?", 1): type = .bool
    case ("i", 1): type = .int8
    case ("i", 2): type = .int16
    case ("i", 4): type = .int32
    case ("i", 8): type = .int64
    case ("u", 1): type = .uint8
    case ("u", 2): type = .uint16
    case ("u", 4): type = .uint32
    case ("u", 8): type = .uint64
    case ("f", 2): type = .float16
    case ("f", 4): type = .float
    case ("f", 8): type = .double
    case ("c", 8): type = .complex64
    case ("c", 16): type = .complex128
    case ("U", _): return (.string, size * 4, bigEndian)
    case ("S", _): return (.string, size, false)
    default: type = nil
    }
    return type.map { ($0, size, bigEndian) }
  }

  static func tensor(_ header: Header, _ payload: Data, _ fail: (String) -> PortError) throws -> Tensor {
    guard let (type, itemSize, bigEndian) = elementType(header.descr) else {
      throw fail("dtype '\(header.descr)' has no ONNX element type")
    }
    let count = header.shape.reduce(1, *)
    guard payload.count >= count * itemSize else {
      throw fail("\(payload.count) data bytes for \(count) elements of \(itemSize) bytes")
    }
    var raw = [UInt8](payload.prefix(count * itemSize))
    if bigEndian {
      // Complex numbers swap each part on its own.
      let unit = type.isComplex ? itemSize / 2 : (type == .string ? 4 : itemSize)
      var offset = 0
      while offset < raw.count {
        raw[offset..<offset + unit].reverse()
        offset += unit
      }
    }
    if header.fortranOrder && header.shape.count > 1 {
      raw = fortranToC(raw, shape: header.shape, itemSize: itemSize)
    }
    if type == .string {
      let strings = (0..<count).map { index -> String in
        let item = Array(raw[index * itemSize..<(index + 1) * itemSize])
        if header.descr.contains("U") {
          let scalars = stride(from: 0, to: item.count, by: 4).compactMap { at -> Unicode.Scalar? in
            let code = UInt32(item[at]) | UInt32(item[at + 1]) << 8 | UInt32(item[at + 2]) << 16 | UInt32(item[at + 3]) << 24
            return code == 0 ? nil : Unicode.Scalar(code)
          }
          return String(String.UnicodeScalarView(scalars))
        }
        return String(decoding: item.prefix { $0 != 0 }, as: UTF8.self)
      }
      return Tensor(strings: strings, shape: header.shape)
    }
    if type == .bool { raw = raw.map { $0 != 0 ? 1 : 0 } }
    return Tensor(type, shape: header.shape, bytes: Data(raw))
  }

  /// Reorders column-major items into row-major order.
  static func fortranToC(_ raw: [UInt8], shape: [Int], itemSize: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: raw.count)
    var fortranStrides = [Int](repeating: 1, count: shape.count)
    for axis in shape.indices.dropFirst() { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
    let count = shape.reduce(1, *)
    var index = [Int](repeating: 0, count: shape.count)
    for position in 0..<count {
      let source = zip(index, fortranStrides).reduce(0) { $0 + $1.0 * $1.1 }
      out[position * itemSize..<(position + 1) * itemSize] = raw[source * itemSize..<(source + 1) * itemSize]
      // Advance the row-major index.
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return out
  }

  /// Serializes a numeric tensor as a version-1 `.npy` file.
  public static func encode(_ tensor: Tensor) throws -> Data {
    let descr: String
    switch tensor.elementType {
    case .bool: descr = "|b1"
    case .int8: descr = "|i1"
    case .uint8: descr = "|u1"
    case .int16: descr = "<i2"
    case .uint16: descr = "<u2"
    case .int32: descr = "<i4"
    case .uint32: descr = "<u4"
    case .int64: descr = "<i8"
    case .uint64: descr = "<u8"
    case .float16: descr = "<f2"
    case .float: descr = "<f4"
    case .double: descr = "<f8"
    case .complex64: descr = "<c8"
    case .complex128: descr = "<c16"
    default:
      throw PortError(.unsupported, "NumPy has no dtype for \(tensor.elementType)")
    }
    let shape = tensor.shape.isEmpty ? "()" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + (tensor.rank == 1 ? ",)" : ")")
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    // Pad so the data starts on a 64-byte boundary, ending the header with a newline.
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var data = Data(magic + [1, 0])
    let length = header.utf8.count
    data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    data.append(contentsOf: Array(header.utf8))
    data.append(tensor.bytes)
    return data
  }
}

/// A zip archive's entries, for `.npz` files: stored and deflated entries, zip64 sizes included.
public enum ZipArchive {
  /// Every file in the archive, by name.
  public static func entries(_ data: Data, path: String = "") throws -> [(name: String, data: Data)] {
    let bytes = [UInt8](data)
    func fail(_ message: String) -> PortError {
      PortError(.badTensorData, "not a usable .npz (zip) file: \(message)", at: Location(file: path.isEmpty ? nil : path))
    }
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    func u64(_ at: Int) -> Int { u32(at) | u32(at + 4) << 32 }
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
    guard bytes.count >= 22 else { throw fail("too short") }
    var end = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 65_535)
    while end >= lowest && u32(end) != 0x0605_4B50 { end -= 1 }
    guard end >= lowest else { throw fail("no end of central directory") }
    var entryCount = u16(end + 10)
    var directory = u32(end + 16)
    // Zip64: the locator just before points at the zip64 end record with the real values.
    if (directory == 0xFFFF_FFFF || entryCount == 0xFFFF) && end >= 20 && u32(end - 20) == 0x0706_4B50 {
      let record = u64(end - 20 + 8)
      guard record + 56 <= bytes.count, u32(record) == 0x0606_4B50 else { throw fail("bad zip64 end record") }
      entryCount = u64(record + 32)
      directory = u64(record + 48)
    }
    var result: [(String, Data)] = []
    var at = directory
    for _ in 0..<entryCount {
      guard at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { throw fail("bad central directory entry") }
      let method = u16(at + 10)
      var compressedSize = u32(at + 20)
      var size = u32(at + 24)
      let nameLength = u16(at + 28)
      let extraLength = u16(at + 30)
      let commentLength = u16(at + 32)
      var localOffset = u32(at + 42)
      guard at + 46 + nameLength + extraLength <= bytes.count else { throw fail("truncated entry") }
      let name = String(decoding: bytes[at + 46..<at + 46 + nameLength], as: UTF8.self)
      // Zip64 extra field: the 0xFFFFFFFF fields, in order, as 8-byte values.
      var extra = at + 46 + nameLength
      let extraEnd = extra + extraLength
      while extra + 4 <= extraEnd {
        let id = u16(extra)
        let length = u16(extra + 2)
        if id == 0x0001 {
          var field = extra + 4
          if size == 0xFFFF_FFFF { size = u64(field); field += 8 }
          if compressedSize == 0xFFFF_FFFF { compressedSize = u64(field); field += 8 }
          if localOffset == 0xFFFF_FFFF { localOffset = u64(field) }
        }
        extra += 4 + length
      }
      guard localOffset + 30 <= bytes.count, u32(localOffset) == 0x0403_4B50 else { throw fail("bad local header for \(name)") }
      let start = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28)
      guard start + compressedSize <= bytes.count else { throw fail("truncated data for \(name)") }
      let stored = Array(bytes[start..<start + compressedSize])
      switch method {
      case 0:
        result.append((name, Data(stored)))
      case 8:
        var output = [UInt8](repeating: 0, count: size)
        let written = stored.withUnsafeBufferPointer { source in
          output.withUnsafeMutableBufferPointer { destination in
            port_inflate_raw(source.baseAddress, source.count, destination.baseAddress, destination.count)
          }
        }
        guard written == size else { throw fail("corrupt deflate data for \(name)") }
        result.append((name, Data(output)))
      default:
        throw fail("entry \(name) uses compression method \(method); only stored and deflate are supported")
      }
      at += 46 + nameLength + extraLength + commentLength
    }
    return result
  }

  /// The arrays of an `.npz` file by name (without the `.npy` suffix), in archive order.
  public static func readNPZ(_ path: String) throws -> [(name: String, tensor: Tensor)] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PortError(.fileUnreadable, "cannot read the file", at: Location(file: path))
    }
    return try entries(data, path: path).map { entry in
      let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
      return (name, try NumPyFile.decode(entry.data, path: "\(path):\(entry.name)"))
    }
  }
}
