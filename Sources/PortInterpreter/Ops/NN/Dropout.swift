import PortIR
import PortTarget

enum DropoutKernel: ReferenceKernel {
  static let opType = "Dropout"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let ratio = inputs.optionalTensor(1)?.doubles().first ?? 0.5
    let training = (inputs.optionalTensor(2)?.int64s().first ?? 0) != 0
    // Training mode with a non-zero ratio draws random numbers; the reference stays deterministic.
    if training && ratio != 0 {
      throw node.failure("training-mode Dropout with ratio \(ratio) is random; the reference does not draw", code: .unsupported)
    }
    let mask = Tensor(.bool, shape: x.shape, int64s: Array(repeating: 1, count: x.count))
    return [.tensor(x), node.outputs.count > 1 ? .tensor(mask) : nil]
  }
}
