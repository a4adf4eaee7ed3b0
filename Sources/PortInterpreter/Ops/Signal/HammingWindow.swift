import PortIR
import PortTarget

/// HammingWindow-17 as a cosine series over n / N (N = size when periodic, size − 1 otherwise).
enum HammingWindowKernel: ReferenceKernel {
  static let opType = "HammingWindow"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try SignalKernels.window(node, inputs, [25.0 / 46.0, 21.0 / 46.0])
  }
}
