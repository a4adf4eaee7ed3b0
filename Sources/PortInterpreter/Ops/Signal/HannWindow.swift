import PortIR
import PortTarget

/// HannWindow-17 as a cosine series over n / N (N = size when periodic, size − 1 otherwise).
enum HannWindowKernel: ReferenceKernel {
  static let opType = "HannWindow"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try SignalKernels.window(node, inputs, [0.5, 0.5])
  }
}
