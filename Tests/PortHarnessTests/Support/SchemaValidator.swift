import Foundation

/// Just enough JSON Schema (draft 2020-12) to check reports against docs/report.schema.json:
/// type, required, properties, items, $ref to #/$defs, oneOf, allOf, enum, const.
struct SchemaValidator {
  let root: [String: Any]

  init(schemaAt path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  /// Problems found, as `path: problem`; empty when the value validates.
  func validate(_ value: Any) -> [String] { check(value, root, "$") }

  func check(_ value: Any, _ schema: [String: Any], _ path: String) -> [String] {
    if let reference = schema["$ref"] as? String {
      let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
      guard let definitions = root["$defs"] as? [String: Any], let target = definitions[name] as? [String: Any] else {
        return ["\(path): unresolved \(reference)"]
      }
      return check(value, target, path)
    }
    var problems: [String] = []
    if let types = schema["type"] {
      let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
      if !allowed.contains(where: { matches(value, $0) }) {
        return ["\(path): \(value) is not \(allowed.joined(separator: " or "))"]
      }
    }
    if let constant = schema["const"], !equal(value, constant) { problems.append("\(path): expected \(constant)") }
    if let options = schema["enum"] as? [Any], !options.contains(where: { equal(value, $0) }) {
      problems.append("\(path): \(value) not in \(options)")
    }
    if let all = schema["allOf"] as? [[String: Any]] {
      for part in all { problems += check(value, part, path) }
    }
    if let one = schema["oneOf"] as? [[String: Any]] {
      let passing = one.filter { check(value, $0, path).isEmpty }.count
      if passing != 1 { problems.append("\(path): matches \(passing) of the oneOf alternatives") }
    }
    if let object = value as? [String: Any] {
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        problems.append("\(path): missing required '\(key)'")
      }
      for (key, sub) in schema["properties"] as? [String: Any] ?? [:] {
        if let field = object[key], let sub = sub as? [String: Any] { problems += check(field, sub, "\(path).\(key)") }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, element) in array.enumerated() { problems += check(element, items, "\(path)[\(index)]") }
    }
    return problems
  }

  func matches(_ value: Any, _ type: String) -> Bool {
    switch type {
    case "null": return value is NSNull
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return isBool(value)
    case "integer":
      guard let number = value as? NSNumber, !isBool(value) else { return false }
      return number.doubleValue.rounded() == number.doubleValue
    case "number": return value is NSNumber && !isBool(value)
    default: return false
    }
  }

  func isBool(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return false }
    #if canImport(Darwin)
      return CFGetTypeID(number) == CFBooleanGetTypeID()
    #else
      return value is Bool && String(cString: number.objCType) == "c"
    #endif
  }

  func equal(_ a: Any, _ b: Any) -> Bool {
    if let x = a as? String, let y = b as? String { return x == y }
    if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
    return false
  }
}
