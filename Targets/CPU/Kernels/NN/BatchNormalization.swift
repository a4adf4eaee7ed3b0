import CDNNL
import PortIR

/// BatchNormalization in inference (running statistics), in the input's layout.
enum BatchNormalizationLowering: CPUKernel {
  static let opType = "BatchNormalization"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard node.inputs.count == 5, node.outputs.dropFirst().allSatisfy(\.isEmpty),
      (node.attributes["training_mode"]?.int ?? 0) == 0, let x = node.input(0), let y = node.outputs.first,
      let shape = context.float32Shape(x), shape.count >= 2, context.float32Shape(y) == shape
    else { return false }
    let channels = shape[1]
    let parameters = node.inputs[1...4].map { $0 }
    guard parameters.allSatisfy({ context.float32Shape($0) == [channels] }) else { return false }
    var md = try context.currentLayout(x)
    var descriptor = dnnl_batch_normalization_desc_t()
    let flags = UInt32(dnnl_use_global_stats.rawValue | dnnl_use_scale.rawValue | dnnl_use_shift.rawValue)
    guard dnnl_batch_normalization_forward_desc_init(
        &descriptor, dnnl_forward_inference, &md, node.attributes["epsilon"]?.float ?? 1e-5, flags) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor), let dstMD = pd.md(dnnl_query_dst_md)
    else { return false }
    let vector = DNNL.plain([channels])
    let src = try context.buffer(x, md: md)
    let args: [PrimitiveArgument] = [
      .input(Arg.src, src, md),
      .input(Arg.scale, try context.plainBuffer(parameters[0]), vector),
      .input(Arg.shift, try context.plainBuffer(parameters[1]), vector),
      .input(Arg.mean, try context.plainBuffer(parameters[2]), vector),
      .input(Arg.variance, try context.plainBuffer(parameters[3]), vector),
    ]
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    context.add(PrimitiveStep(node: node.name, kind: "batchnorm", primitive: try pd.primitive(node: node.name),
      arguments: args + [.output(Arg.dst, dst, dstMD)]))
    context.define(y, buffer: dst, md: dstMD)
    return true
  }
}
