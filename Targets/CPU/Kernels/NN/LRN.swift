import CDNNL
import PortIR

/// LRN across channels on oneDNN (ONNX's alpha is per window, as oneDNN's).
enum LRNLowering: CPUKernel {
  static let opType = "LRN"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let shape = context.float32Shape(x),
      shape.count >= 3, context.float32Shape(y) == shape, let size = node.attributes["size"]?.int, size % 2 == 1
    else { return false }
    var md = try context.currentLayout(x)
    var descriptor = dnnl_lrn_desc_t()
    guard dnnl_lrn_forward_desc_init(
        &descriptor, dnnl_forward_inference, dnnl_lrn_across_channels, &md, Int64(size),
        node.attributes["alpha"]?.float ?? 1e-4, node.attributes["beta"]?.float ?? 0.75,
        node.attributes["bias"]?.float ?? 1) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor), let dstMD = pd.md(dnnl_query_dst_md)
    else { return false }
    let src = try context.buffer(x, md: md)
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    var args: [PrimitiveArgument] = [.input(Arg.src, src, md), .output(Arg.dst, dst, dstMD)]
    if let workspace = pd.md(dnnl_query_workspace_md), DNNL.size(workspace) > 0 {
      args.append(.output(Arg.workspace, context.newBuffer(bytes: DNNL.size(workspace)), workspace))
    }
    context.add(PrimitiveStep(node: node.name, kind: "lrn", primitive: try pd.primitive(node: node.name), arguments: args))
    context.define(y, buffer: dst, md: dstMD)
    return true
  }
}
