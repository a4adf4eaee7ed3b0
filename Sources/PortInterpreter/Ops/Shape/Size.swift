import PortIR
import PortTarget

enum SizeKernel: ReferenceKernel {
  static let opType = "Size"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [.tensor(Tensor(int64s: [Int64(x.count)], shape: []))]
  }
}
