import Foundation
import PortIR

/// Compiled artifacts cached by content hash (model bytes + manifest + settings) under a cache
/// directory, one folder per key: `plan.json` plus whatever the arithmetic stores (quantized
/// programs). A second run with the same key loads instead of compiling.
struct ArtifactCache: Sendable {
  var directory: String

  /// One cached artifact.
  struct Entry: Sendable {
    var key: String
    var folder: URL
    /// Whether the folder held a complete artifact when looked up.
    var existed: Bool

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
    func read(_ name: String) -> Data? { existed ? try? Data(contentsOf: file(name)) : nil }
    func write(_ name: String, _ data: Data) throws {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try data.write(to: file(name), options: .atomic)
    }
  }

  static let defaultDirectory = ".cache/modelport"

  func entry(key: String) -> Entry {
    let folder = URL(fileURLWithPath: directory).appendingPathComponent("artifacts").appendingPathComponent(key)
    let complete = FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path)
    return Entry(key: key, folder: folder, existed: complete)
  }

  /// A 128-bit FNV-1a digest (two 64-bit lanes with different offsets) in hex: stable across runs
  /// and machines, unlike Swift's seeded `Hasher`.
  struct Digest {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ data: Data) {
      data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var a = self.a
        var b = self.b
        for byte in buffer {
          a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
          b = (b ^ UInt64(byte)) &* 0x100_0000_01b3
          b = b &+ (a >> 29)
        }
        self.a = a
        self.b = b
      }
      // Field separator, so ("ab", "c") and ("a", "bc") differ.
      a = (a ^ 0xff) &* 0x100_0000_01b3
    }

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    var hex: String { String(format: "%016llx%016llx", a, b) }

    static func of(_ data: Data) -> String {
      var digest = Digest()
      digest.add(data)
      return digest.hex
    }
  }

  /// The key of a model compiled for a manifest with settings.
  static func key(model: Model, manifest: Data, settings: [String]) -> String {
    var digest = Digest()
    digest.add("modelport-accelerator-artifact/1")
    digest.add(model.graph.text)
    for name in model.graph.initializers.keys.sorted() {
      digest.add(name)
      if let tensor = model.graph.initializers[name] {
        digest.add("\(tensor.elementType.name)\(tensor.shape)")
        if tensor.elementType == .string { digest.add(tensor.strings.joined(separator: "\u{0}")) } else { digest.add(tensor.bytes) }
      }
    }
    digest.add(manifest)
    for setting in settings { digest.add(setting) }
    return digest.hex
  }
}
