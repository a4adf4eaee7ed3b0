import PortIR

/// Swift kernels over plain float32 buffers, for what oneDNN has no primitive for.
enum CPUSwiftKernels {
  /// Y = f(X) elementwise over a row-major float32 buffer.
  static func unary(_ node: Node, _ context: LoweringContext, _ body: @escaping (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty, let shape = context.float32Shape(x),
      context.float32Shape(y) == shape
    else { return false }
    let count = shape.reduce(1, *)
    let src = try context.plainBuffer(x)
    let dst = context.newBuffer(bytes: count * 4)
    context.add(KernelStep(node: node.name, reads: [src], writes: [dst]) { inputs, outputs, _ in
      body(UnsafePointer(inputs[0].assumingMemoryBound(to: Float.self)), outputs[0].assumingMemoryBound(to: Float.self), count)
    })
    context.define(y, buffer: dst, md: DNNL.plain(shape))
    return true
  }
}
