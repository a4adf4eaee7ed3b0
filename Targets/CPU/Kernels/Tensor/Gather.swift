import PortIR

/// Gather of float32 rows by int64/int32 indices (embedding lookups): a Swift kernel copying
/// contiguous slices.
enum GatherLowering: CPUKernel {
  static let opType = "Gather"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let data = node.input(0), let indices = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let dataShape = context.float32Shape(data), let (indexType, indexShape) = context.tensorType(indices),
      indexType == .int64 || indexType == .int32, let yShape = context.float32Shape(y), !dataShape.isEmpty
    else { return false }
    var axis = node.attributes["axis"]?.int ?? 0
    if axis < 0 { axis += dataShape.count }
    guard (0..<dataShape.count).contains(axis),
      yShape == Array(dataShape[..<axis]) + indexShape + Array(dataShape[(axis + 1)...])
    else { return false }
    let outer = dataShape[..<axis].reduce(1, *)
    let extent = dataShape[axis]
    let inner = dataShape[(axis + 1)...].reduce(1, *)
    let count = indexShape.reduce(1, *)
    let wide = indexType == .int64
    let source = try context.plainBuffer(data)
    let index = try context.plainBuffer(indices)
    let dst = context.newBuffer(bytes: yShape.reduce(1, *) * 4)
    let name = node.name
    context.add(KernelStep(node: name, reads: [source, index], writes: [dst]) { inputs, outputs, _ in
      let table = inputs[0].assumingMemoryBound(to: Float.self)
      let out = outputs[0].assumingMemoryBound(to: Float.self)
      for position in 0..<count {
        var row = wide ? Int(inputs[1].load(fromByteOffset: position * 8, as: Int64.self))
          : Int(inputs[1].load(fromByteOffset: position * 4, as: Int32.self))
        if row < 0 { row += extent }
        guard row >= 0 && row < extent else {
          throw PortError(.executionFailed, "index \(row) is out of range for axis of size \(extent)", at: Location(node: name))
        }
        for block in 0..<outer {
          (out + (block * count + position) * inner).update(from: table + (block * extent + row) * inner, count: inner)
        }
      }
    })
    context.define(y, buffer: dst, md: DNNL.plain(yShape))
    return true
  }
}
