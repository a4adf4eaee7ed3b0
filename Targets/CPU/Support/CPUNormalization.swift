import CDNNL
import PortIR

/// Softmax and layer normalization on row-major data.
enum CPUNormalization {
  static func softmax(_ node: Node, _ context: LoweringContext, _ alg: dnnl_alg_kind_t) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let shape = context.float32Shape(x),
      !shape.isEmpty, !shape.contains(0), context.float32Shape(y) == shape
    else { return false }
    var axis = node.attributes["axis"]?.int ?? -1
    if axis < 0 { axis += shape.count }
    guard (0..<shape.count).contains(axis) else { return false }
    var md = DNNL.plain(shape)
    var dstMD = md
    var descriptor = dnnl_softmax_v2_desc_t()
    guard dnnl_softmax_v2_forward_desc_init(&descriptor, dnnl_forward_inference, alg, &md, &dstMD, Int32(axis)) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor)
    else { return false }
    let src = try context.plainBuffer(x)
    let dst = context.newBuffer(bytes: DNNL.size(dstMD))
    context.add(PrimitiveStep(node: node.name, kind: "softmax", primitive: try pd.primitive(node: node.name),
      arguments: [.input(Arg.src, src, md), .output(Arg.dst, dst, dstMD)]))
    context.define(y, buffer: dst, md: dstMD)
    return true
  }

  /// LayerNormalization over the axes from `axis` on, as [outer, inner].
  static func layerNorm(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let scale = node.input(1), let y = node.outputs.first, !y.isEmpty,
      node.outputs.dropFirst().allSatisfy(\.isEmpty), let shape = context.float32Shape(x), !shape.isEmpty,
      !shape.contains(0), context.float32Shape(y) == shape, (node.attributes["stash_type"]?.int ?? 1) == 1
    else { return false }
    var axis = node.attributes["axis"]?.int ?? -1
    if axis < 0 { axis += shape.count }
    guard (0..<shape.count).contains(axis) else { return false }
    let inner = shape[axis...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    guard context.float32Shape(scale)?.reduce(1, *) == inner else { return false }
    let bias = node.input(2)
    if let bias { guard context.float32Shape(bias)?.reduce(1, *) == inner else { return false } }
    var md = DNNL.plain([outer, inner])
    var descriptor = dnnl_layer_normalization_desc_t()
    var flags = dnnl_use_scale.rawValue
    if bias != nil { flags |= dnnl_use_shift.rawValue }
    guard dnnl_layer_normalization_forward_desc_init(
        &descriptor, dnnl_forward_inference, &md, nil, node.attributes["epsilon"]?.float ?? 1e-5, UInt32(flags)) == dnnl_success,
      let pd = PrimitiveDescriptor.make(&descriptor)
    else { return false }
    let vector = DNNL.plain([inner])
    var args: [PrimitiveArgument] = [
      .input(Arg.src, try context.plainBuffer(x), md), .input(Arg.scale, try context.plainBuffer(scale), vector),
    ]
    if let bias { args.append(.input(Arg.shift, try context.plainBuffer(bias), vector)) }
    let dst = context.newBuffer(bytes: DNNL.size(md))
    args.append(.output(Arg.dst, dst, md))
    context.add(PrimitiveStep(node: node.name, kind: "layernorm", primitive: try pd.primitive(node: node.name), arguments: args))
    context.define(y, buffer: dst, md: DNNL.plain(shape))
    return true
  }
}
