import Foundation
import PortIR
import PortImport

/// Reads real input data for a graph: the ONNX test layout (`input_N.pb`), NumPy `.npy` files,
/// or an `.npz` archive.
///
/// Each source is a path, or `NAME=PATH` to bind one input explicitly:
/// - a directory holding `input_0.pb`, `input_1.pb`, … (graph inputs by position), or a
///   `test_data_set_0/` folder of them, or `.npy` files named after the inputs (or `input_N.npy`);
/// - an `.npz` archive whose arrays are named after the inputs (or `arr_0`, `arr_1`, … by position);
/// - a single `.pb` or `.npy` file, for the first input not yet bound.
public struct InputLoader {
  public var graph: Graph
  public private(set) var notes: [String] = []

  public init(graph: Graph) { self.graph = graph }

  public mutating func load(_ sources: [String]) throws -> (values: [String: HostValue], described: [InputDescription]) {
    var values: [String: HostValue] = [:]
    var origins: [String: String] = [:]
    func bind(_ name: String, _ value: HostValue, from origin: String) throws {
      guard graph.inputs.contains(name) else {
        throw PortError(
          .badArgument, "the model has no input '\(name)' (inputs: \(graph.inputs.joined(separator: ", ")))",
          at: Location(file: origin))
      }
      values[name] = value
      origins[name] = origin
    }
    func nextUnbound(_ origin: String) throws -> String {
      guard let name = graph.inputs.first(where: { values[$0] == nil }) else {
        throw PortError(.badArgument, "more input files than model inputs", at: Location(file: origin))
      }
      return name
    }
    for source in sources {
      var path = source
      var explicitName: String?
      if let equals = source.firstIndex(of: "="), !FileManager.default.fileExists(atPath: source) {
        explicitName = String(source[..<equals])
        path = String(source[source.index(after: equals)...])
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw PortError(.fileUnreadable, "no such file or directory", at: Location(file: path))
      }
      if isDirectory.boolValue {
        for (name, value, origin) in try loadDirectory(path) { try bind(name, value, from: origin) }
      } else if path.hasSuffix(".npz") {
        let arrays = try ZipArchive.readNPZ(path)
        for (position, array) in arrays.enumerated() {
          var name = array.name
          if !graph.inputs.contains(name), name == "arr_\(position)", position < graph.inputs.count {
            name = graph.inputs[position]
          }
          if !graph.inputs.contains(name) {
            notes.append("\(path): array '\(array.name)' matches no model input; ignored")
            continue
          }
          try bind(name, .tensor(array.tensor), from: "\(path):\(array.name)")
        }
      } else {
        let name = try explicitName ?? nextUnbound(path)
        try bind(name, try readFile(path, for: name), from: path)
      }
    }
    let missing = graph.inputs.filter { values[$0] == nil }
    if !missing.isEmpty {
      throw PortError(
        .badArgument, "no data for input\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", "))",
        hint: "give each input a file, e.g. --inputs \(missing[0])=\(missing[0]).npy")
    }
    var described: [InputDescription] = []
    for name in graph.inputs {
      guard let value = values[name] else { continue }
      try check(name, value, origins[name] ?? "")
      let tensor = value.tensor
      described.append(
        InputDescription(
          name: name, elementType: tensor?.elementType.name ?? value.valueType.description, shape: tensor?.shape ?? [],
          low: nil, high: nil, source: origins[name] ?? ""))
    }
    return (values, described)
  }

  func readFile(_ path: String, for name: String) throws -> HostValue {
    if path.hasSuffix(".npy") { return .tensor(try NumPyFile.read(path)) }
    return try ValueFile.read(path, expecting: graph.type(of: name))
  }

  func loadDirectory(_ directory: String) throws -> [(String, HostValue, String)] {
    let fileManager = FileManager.default
    let names = Set((try? fileManager.contentsOfDirectory(atPath: directory)) ?? [])
    if !names.contains("input_0.pb"), !names.contains("input_0.npy"), names.contains("test_data_set_0") {
      return try loadDirectory(directory + "/test_data_set_0")
    }
    var found: [(String, HostValue, String)] = []
    for (position, input) in graph.inputs.enumerated() {
      for candidate in ["input_\(position).pb", "input_\(position).npy", "\(input).npy", "\(input).pb"]
      where names.contains(candidate) {
        let path = directory + "/" + candidate
        found.append((input, try readFile(path, for: input), path))
        break
      }
    }
    if found.isEmpty {
      throw PortError(
        .badArgument, "no input files found (expected input_0.pb, input_0.npy or <input name>.npy)",
        at: Location(file: directory))
    }
    return found
  }

  /// Loaded data must match the model's declared element type and fixed dims.
  func check(_ name: String, _ value: HostValue, _ origin: String) throws {
    guard case .tensor(let tensor) = value, case .tensor(let type, let shape) = graph.type(of: name) else { return }
    if tensor.elementType != type {
      throw PortError(
        .typeMismatch, "input '\(name)' is \(tensor.elementType) in the file; the model takes \(type)",
        at: Location(file: origin))
    }
    guard let shape else { return }
    let fits =
      shape.rank == tensor.rank
      && zip(shape.dims, tensor.shape).allSatisfy { dim, size in dim.value == nil || dim.value == size }
    if !fits {
      throw PortError(
        .shapeMismatch, "input '\(name)' has shape \(Shape(fixed: tensor.shape)) in the file; the model takes \(shape)",
        at: Location(file: origin))
    }
  }
}
