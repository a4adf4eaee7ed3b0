import PortIR
import PortTarget

enum NonZeroKernel: ReferenceKernel {
  static let opType = "NonZero"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let nonzero: [Bool]
    switch x.elementType {
    case .string: nonzero = x.strings.map { !$0.isEmpty }
    case .complex64, .complex128: nonzero = x.complexes().map { $0.real != 0 || $0.imaginary != 0 }
    case .int64, .uint64: nonzero = x.int64s().map { $0 != 0 }
    default: nonzero = x.doubles().map { $0 != 0 }
    }
    // A scalar counts as one element of rank 0: the result is [0, n].
    let found = TensorKernels.multiIndices(x.shape).enumerated().filter { nonzero[$0.offset] }.map(\.element)
    var values: [Int64] = []
    for axis in 0..<x.rank { values += found.map { Int64($0[axis]) } }
    return [.tensor(Tensor(.int64, shape: [x.rank, found.count], int64s: values))]
  }
}
