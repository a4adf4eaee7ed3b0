import PortIR
import PortTarget

/// BlackmanWindow-17 as a cosine series over n / N (N = size when periodic, size − 1 otherwise).
enum BlackmanWindowKernel: ReferenceKernel {
  static let opType = "BlackmanWindow"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try SignalKernels.window(node, inputs, [0.42, 0.5, 0.08])
  }
}
