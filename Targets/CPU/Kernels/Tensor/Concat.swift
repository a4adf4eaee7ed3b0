import CDNNL
import PortIR

/// Concat of float32 tensors on oneDNN: the inputs in their layouts, the output in the layout
/// oneDNN picks for them.
enum ConcatLowering: CPUKernel {
  static let opType = "Concat"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let y = node.outputs.first, !y.isEmpty, let yShape = context.float32Shape(y), !yShape.isEmpty,
      !node.inputs.contains(where: \.isEmpty)
    else { return false }
    let inputs = node.inputs.filter { (context.float32Shape($0)?.reduce(1, *) ?? 1) > 0 }
    guard !inputs.isEmpty, inputs.allSatisfy({ context.float32Shape($0)?.count == yShape.count }) else { return false }
    var axis = node.attributes["axis"]?.int ?? 0
    if axis < 0 { axis += yShape.count }
    guard (0..<yShape.count).contains(axis) else { return false }
    // Each input in the layout it has: oneDNN concatenates mixed layouts.
    let mds = try inputs.map { try context.currentLayout($0) }
    var dstMD = DNNL.any(yShape)
    var pd: dnnl_primitive_desc_t?
    guard let engine = DNNL.engine,
      dnnl_concat_primitive_desc_create(&pd, &dstMD, Int32(inputs.count), Int32(axis), mds, nil, engine) == dnnl_success,
      let pd
    else { return false }
    let descriptor = PrimitiveDescriptor(pd)
    guard let chosen = descriptor.md(dnnl_query_dst_md) else { return false }
    var args: [PrimitiveArgument] = []
    for (index, input) in inputs.enumerated() {
      args.append(.input(Arg.multipleSrc + Int32(index), try context.buffer(input, md: mds[index]), mds[index]))
    }
    let dst = context.newBuffer(bytes: DNNL.size(chosen))
    args.append(.output(Arg.dst, dst, chosen))
    context.add(PrimitiveStep(node: node.name, kind: "concat", primitive: try descriptor.primitive(node: node.name), arguments: args))
    context.define(y, buffer: dst, md: chosen)
    return true
  }
}
