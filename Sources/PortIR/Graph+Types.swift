extension Graph {
  /// Every element type the graph (and its subgraphs) mentions: value types, constants, tensor
  /// attributes.
  public var elementTypesUsed: Set<ElementType> {
    var used = Set<ElementType>()
    for type in types.values { used.formUnion(type.elementTypes) }
    for tensor in initializers.values { used.insert(tensor.elementType) }
    for node in nodes {
      for attribute in node.attributes.values {
        switch attribute {
        case .tensor(let t): used.insert(t.elementType)
        case .tensors(let ts): used.formUnion(ts.map(\.elementType))
        case .type(let t): used.formUnion(t.elementTypes)
        case .types(let ts): used.formUnion(ts.flatMap(\.elementTypes))
        case .graph(let g): used.formUnion(g.elementTypesUsed)
        case .graphs(let gs): for g in gs { used.formUnion(g.elementTypesUsed) }
        default: break
        }
      }
    }
    return used
  }
}
