import CImageCodecs
import PortIR
import PortTarget

/// ImageDecoder-20: JPEG and PNG through Debian's libjpeg-turbo and libpng (library defaults, as
/// Pillow decodes), BMP (uncompressed 24/32-bit), binary PNM and uncompressed 8-bit TIFF in Swift. Grayscale conversion uses
/// Pillow's ITU-R 601-2 fixed-point luma.
enum ImageDecoderKernel: ReferenceKernel {
  static let opType = "ImageDecoder"

  struct Image {
    var width: Int
    var height: Int
    var channels: Int
    var pixels: [UInt8]
  }

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let encoded = try inputs.tensor(0, of: node)
    guard encoded.elementType == .uint8 else { throw node.failure("encoded_stream must be uint8") }
    let bytes = [UInt8](encoded.bytes)
    let image: Image
    if bytes.starts(with: [0xFF, 0xD8]) {
      image = try library(bytes, node, cic_decode_jpeg)
    } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
      image = try library(bytes, node, cic_decode_png)
    } else if bytes.starts(with: [0x42, 0x4D]) {
      image = try bmp(bytes, node)
    } else if bytes.count > 2, bytes[0] == 0x50, bytes[1] == 0x35 || bytes[1] == 0x36 {
      image = try pnm(bytes, node)
    } else if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
      image = try tiff(bytes, node)
    } else {
      throw node.failure("image format not supported by the reference decoder (JPEG, PNG, BMP, binary PNM and uncompressed TIFF are)")
    }
    let format = node.string("pixel_format", "RGB")
    let count = image.width * image.height
    var out: [Int64]
    switch format {
    case "RGB", "BGR":
      out = [Int64](repeating: 0, count: count * 3)
      for p in 0..<count {
        for c in 0..<3 {
          let source = image.channels == 1 ? image.pixels[p] : image.pixels[p * image.channels + c]
          out[p * 3 + (format == "BGR" ? 2 - c : c)] = Int64(source)
        }
      }
    case "Grayscale":
      out = (0..<count).map { p in
        if image.channels == 1 { return Int64(image.pixels[p]) }
        let (r, g, b) = (Int64(image.pixels[p * image.channels]), Int64(image.pixels[p * image.channels + 1]),
          Int64(image.pixels[p * image.channels + 2]))
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16
      }
    default:
      throw node.failure("pixel_format '\(format)' is not supported")
    }
    let channels = format == "Grayscale" ? 1 : 3
    return [.tensor(Tensor(.uint8, shape: [image.height, image.width, channels], int64s: out))]
  }

  typealias Decoder = (
    UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, UnsafeMutablePointer<Int32>?,
    UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<CChar>?, Int
  ) -> Int32

  static func library(_ bytes: [UInt8], _ node: Node, _ decode: Decoder) throws -> Image {
    var pixels: UnsafeMutablePointer<UInt8>?
    var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
    var message = [CChar](repeating: 0, count: 256)
    let status = bytes.withUnsafeBufferPointer { buffer in
      decode(buffer.baseAddress, buffer.count, &pixels, &width, &height, &channels, &message, message.count)
    }
    guard status == 0, let pixels else {
      let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw node.failure("cannot decode the image: \(text)")
    }
    defer { cic_free(pixels) }
    let count = Int(width) * Int(height) * Int(channels)
    return Image(
      width: Int(width), height: Int(height), channels: Int(channels),
      pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
  }

  static func bmp(_ b: [UInt8], _ node: Node) throws -> Image {
    func u32(_ at: Int) throws -> Int {
      guard at + 4 <= b.count else { throw node.failure("truncated BMP") }
      return Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
    }
    func u16(_ at: Int) throws -> Int {
      guard at + 2 <= b.count else { throw node.failure("truncated BMP") }
      return Int(b[at]) | Int(b[at + 1]) << 8
    }
    let offset = try u32(10)
    let width = Int(Int32(truncatingIfNeeded: try u32(18)))
    let rawHeight = Int(Int32(truncatingIfNeeded: try u32(22)))
    let bits = try u16(28)
    let compression = try u32(30)
    guard width > 0, rawHeight != 0, (bits == 24 || bits == 32), compression == 0 else {
      throw node.failure("only uncompressed 24- and 32-bit BMP is supported")
    }
    let height = abs(rawHeight)
    let bytesPerPixel = bits / 8
    let stride = (width * bytesPerPixel + 3) / 4 * 4
    guard offset + stride * height <= b.count else { throw node.failure("truncated BMP") }
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      // Rows are stored bottom-up unless the height is negative.
      let row = rawHeight > 0 ? height - 1 - y : y
      for x in 0..<width {
        let s = offset + row * stride + x * bytesPerPixel
        pixels[(y * width + x) * 3] = b[s + 2]
        pixels[(y * width + x) * 3 + 1] = b[s + 1]
        pixels[(y * width + x) * 3 + 2] = b[s]
      }
    }
    return Image(width: width, height: height, channels: 3, pixels: pixels)
  }

  static func pnm(_ b: [UInt8], _ node: Node) throws -> Image {
    // Header: magic, width, height, maxval as whitespace-separated tokens, '#' comments; one
    // whitespace byte before the raster.
    var index = 2
    var fields: [Int] = []
    while fields.count < 3 {
      while index < b.count, b[index] == 0x23 || [0x20, 0x09, 0x0A, 0x0D].contains(b[index]) {
        if b[index] == 0x23 { while index < b.count, b[index] != 0x0A { index += 1 } } else { index += 1 }
      }
      var value = 0
      var digits = 0
      while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
        value = value * 10 + Int(b[index] - 0x30)
        digits += 1
        index += 1
      }
      guard digits > 0 else { throw node.failure("malformed PNM header") }
      fields.append(value)
    }
    index += 1
    let (width, height, maxValue) = (fields[0], fields[1], fields[2])
    let channels = b[1] == 0x36 ? 3 : 1
    guard maxValue > 0, maxValue < 256, index + width * height * channels <= b.count else {
      throw node.failure("only 8-bit binary PNM is supported")
    }
    let raster = b[index..<(index + width * height * channels)].map { v -> UInt8 in
      maxValue == 255 ? v : UInt8((Int(v) * 255 + maxValue / 2) / maxValue)
    }
    return Image(width: width, height: height, channels: channels, pixels: raster)
  }

  static func tiff(_ b: [UInt8], _ node: Node) throws -> Image {
    let little = b[0] == 0x49
    func read(_ at: Int, _ size: Int) throws -> Int {
      guard at >= 0, at + size <= b.count else { throw node.failure("truncated TIFF") }
      var value = 0
      for k in 0..<size { value |= Int(b[at + (little ? k : size - 1 - k)]) << (8 * k) }
      return value
    }
    let directory = try read(4, 4)
    let entries = try read(directory, 2)
    var tags: [Int: [Int]] = [:]
    for e in 0..<entries {
      let at = directory + 2 + 12 * e
      let (tag, type, count) = (try read(at, 2), try read(at + 2, 2), try read(at + 4, 4))
      let size = type == 3 ? 2 : (type == 4 ? 4 : (type == 1 ? 1 : 0))
      guard size > 0 else { continue }
      let base = count * size <= 4 ? at + 8 : try read(at + 8, 4)
      tags[tag] = try (0..<count).map { try read(base + $0 * size, size) }
    }
    guard let width = tags[256]?.first, let height = tags[257]?.first, let offsets = tags[273],
      let lengths = tags[279], offsets.count == lengths.count
    else { throw node.failure("TIFF lacks its size or strips") }
    let channels = tags[277]?.first ?? 1
    let photometric = tags[262]?.first ?? 1
    guard (tags[259]?.first ?? 1) == 1, (tags[284]?.first ?? 1) == 1, (tags[258] ?? [8]).allSatisfy({ $0 == 8 }),
      (photometric == 2 && channels == 3) || (photometric == 1 && channels == 1)
    else { throw node.failure("only uncompressed, chunky 8-bit RGB or grayscale TIFF is supported") }
    var pixels: [UInt8] = []
    for (offset, length) in zip(offsets, lengths) {
      guard offset + length <= b.count else { throw node.failure("truncated TIFF") }
      pixels += b[offset..<(offset + length)]
    }
    guard pixels.count >= width * height * channels else { throw node.failure("truncated TIFF") }
    return Image(width: width, height: height, channels: channels, pixels: Array(pixels.prefix(width * height * channels)))
  }
}
