import CPUTarget
import PortTarget
import ReferenceTarget
import SkeletonTarget

/// The concrete targets. Only this executable names them; everything else sees `Target`.
enum TargetCatalog {
  static let all: [any Target] = [ReferenceTarget(), CPUTarget(), SkeletonTarget()]

  static func named(_ name: String) -> (any Target)? {
    all.first { $0.name == name }
  }

  static var names: String { all.map(\.name).joined(separator: ", ") }
}
