import PortIR
import PortTarget

extension Array where Element == HostValue? {
  /// Input `index` as a tensor; throws naming the node when it is missing or not a tensor.
  public func tensor(_ index: Int, of node: Node) throws -> Tensor {
    guard index < count, let value = self[index] else {
      throw PortError(.executionFailed, "\(node.opType): input \(index) is required", at: Location(node: node.name))
    }
    guard let tensor = value.tensor else {
      throw PortError(.executionFailed, "\(node.opType): input \(index) must be a tensor", at: Location(node: node.name))
    }
    return tensor
  }

  /// Input `index` as a tensor, or nil when omitted.
  public func optionalTensor(_ index: Int) -> Tensor? {
    guard index < count, let value = self[index] else { return nil }
    return value.tensor
  }
}

extension Node {
  public func int(_ name: String, _ fallback: Int) -> Int { attributes[name]?.int ?? fallback }
  public func float(_ name: String, _ fallback: Float) -> Float { attributes[name]?.float ?? fallback }
  public func string(_ name: String, _ fallback: String) -> String { attributes[name]?.string ?? fallback }
  public func ints(_ name: String) -> [Int]? { attributes[name]?.ints }
  public func floats(_ name: String) -> [Float]? { attributes[name]?.floats }

  /// A failure of this node at run time.
  public func failure(_ message: String, code: PortError.Code = .executionFailed) -> PortError {
    PortError(code, "\(opType): \(message)", at: Location(node: name))
  }
}
