import CDNNL
import PortIR

/// Sum of same-shape float32 tensors: one oneDNN sum (broadcasting Sums go to the interpreter).
enum SumLowering: CPUKernel {
  static let opType = "Sum"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let y = node.outputs.first, !y.isEmpty, let shape = context.float32Shape(y), !shape.contains(0),
      !node.inputs.isEmpty, node.inputs.allSatisfy({ !$0.isEmpty && context.float32Shape($0) == shape })
    else { return false }
    if node.inputs.count == 1 { return try CPUAlias.lower(node, context) }
    let first = try context.currentLayout(node.inputs[0])
    let mds = Array(repeating: first, count: node.inputs.count)
    let scales = [Float](repeating: 1, count: node.inputs.count)
    var dstMD = first
    var pd: dnnl_primitive_desc_t?
    guard let engine = DNNL.engine,
      dnnl_sum_primitive_desc_create(&pd, &dstMD, Int32(node.inputs.count), scales, mds, nil, engine) == dnnl_success, let pd
    else { return false }
    let descriptor = PrimitiveDescriptor(pd)
    var args: [PrimitiveArgument] = []
    for (index, input) in node.inputs.enumerated() {
      args.append(.input(Arg.multipleSrc + Int32(index), try context.buffer(input, md: first), first))
    }
    let dst = context.newBuffer(bytes: DNNL.size(first))
    args.append(.output(Arg.dst, dst, first))
    context.add(PrimitiveStep(node: node.name, kind: "sum", primitive: try descriptor.primitive(node: node.name), arguments: args))
    context.define(y, buffer: dst, md: first)
    return true
  }
}
