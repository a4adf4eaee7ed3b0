import Foundation

extension DecodingError {
  /// The field at fault, as a dotted path (`hardware.clock_mhz`, `ops.Conv.types[1]`), and what is
  /// wrong with it, for errors that name the file and the field.
  public var fieldAndMessage: (field: String, message: String) {
    func path(_ keys: [CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch self {
    case .keyNotFound(let key, let context):
      return (path(context.codingPath + [key]), "missing required field '\(key.stringValue)'")
    case .typeMismatch(let type, let context):
      return (path(context.codingPath), "expected \(type): \(context.debugDescription)")
    case .valueNotFound(let type, let context):
      return (path(context.codingPath), "expected \(type), found null")
    case .dataCorrupted(let context):
      return (path(context.codingPath), context.debugDescription)
    @unknown default:
      return ("", "\(self)")
    }
  }
}
