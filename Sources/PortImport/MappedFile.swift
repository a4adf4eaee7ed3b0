import Foundation
import PortIR

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file mapped read-only into memory: constants become slices of it instead of copies.
enum MappedFile {
  static func map(_ path: String) throws -> Data {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw PortError(.fileUnreadable, "cannot open: \(reason)", at: Location(file: path))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw PortError(.fileUnreadable, "cannot stat: \(String(cString: strerror(errno)))", at: Location(file: path))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw PortError(.fileUnreadable, "is a directory, not a model file", at: Location(file: path))
    }
    let size = Int(info.st_size)
    if size == 0 { return Data() }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
      // Not mappable (a pipe, say): read it instead.
      guard let data = FileManager.default.contents(atPath: path) else {
        throw PortError(.fileUnreadable, "cannot read", at: Location(file: path))
      }
      return data
    }
    return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, length in munmap(pointer, length) })
  }
}
