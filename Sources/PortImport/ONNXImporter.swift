import Foundation
import ONNXProto
import PortIR
import PortOps
import SwiftProtobuf

/// Reads an ONNX file into the IR: decode (swift-protobuf), check (libonnx where it applies, our own
/// checks everywhere), inline model-local functions, canonicalize every op, infer types and shapes.
public struct ONNXImporter {
  public var limits = ImportLimits()
  /// Run libonnx's checker and strict shape inference where the model is within what it knows.
  public var useLibONNX = true

  public init() {}

  /// The newest IR version the generated protobuf types describe.
  public static let maxIRVersion = Onnx_Version.irVersion.rawValue
  /// The newest opset of each standard domain whose operators ModelPort defines.
  public static let knownOpsets: [String: Int] = ["": 27, "ai.onnx.ml": 5, "ai.onnx.preview.training": 1, "ai.onnx.preview": 1]

  public func load(_ path: String) throws -> ImportedModel {
    let data = try MappedFile.map(path)
    return try load(data, path: path)
  }

  public func load(_ data: Data, path: String) throws -> ImportedModel {
    var report = ImportReport()
    let location = Location(file: path)
    guard !data.isEmpty else {
      throw PortError(.emptyModel, "the file is empty", at: location, hint: "expected an ONNX model (.onnx)")
    }
    // Large weights stay in the mapped file; only the rest of the model is decoded.
    let weights = WeightIndex(model: data)
    let proto = try decode(weights?.strippedModel ?? data, path: path)
    guard proto.hasGraph else {
      if ONNXImporter.looksLikeText(data) {
        throw PortError(
          .notProtobuf, "this is a text file, not a binary ONNX model", at: location,
          hint: "expected a binary ONNX ModelProto (.onnx); convert textual ONNX with onnx.parser first")
      }
      if proto.irVersion == 0 && proto.opsetImport.isEmpty && proto.producerName.isEmpty {
        throw PortError(
          .notProtobuf, "not an ONNX model: the bytes hold none of ModelProto's fields", at: location,
          hint: "expected a binary ONNX ModelProto (.onnx)")
      }
      throw PortError(.missingGraph, "the model has no graph", at: Location(file: path, field: "graph"), hint: "is this an ONNX model?")
    }
    report.checks.append(CheckResult("protobuf decoding", .passed))
    let irVersion = Int(proto.irVersion)
    guard irVersion >= 1 else {
      throw PortError(
        .unsupportedIRVersion, "ir_version is \(irVersion); a valid model declares 1 or more",
        at: Location(file: path, field: "ir_version"),
        hint: "not an ONNX model, or one written without its ir_version")
    }
    guard irVersion <= ONNXImporter.maxIRVersion else {
      throw PortError(
        .unsupportedIRVersion,
        "ir_version \(irVersion) is newer than the \(ONNXImporter.maxIRVersion) ModelPort knows",
        at: Location(file: path, field: "ir_version"),
        hint: "re-export the model with an older ONNX, or update ModelPort")
    }
    var opsets: [String: Int] = [:]
    for entry in proto.opsetImport {
      let domain = OpRegistry.canonicalDomain(entry.domain)
      let field = "opset_import '\(domain.isEmpty ? "ai.onnx" : domain)'"
      guard entry.version >= 1 else {
        throw PortError(
          .unsupportedOpset, "opset version \(entry.version) is not a valid version (1 or more)",
          at: Location(file: path, field: field))
      }
      opsets[domain] = Int(entry.version)
      if let known = ONNXImporter.knownOpsets[domain], entry.version > known {
        throw PortError(
          .unsupportedOpset,
          "opset \(entry.version) of \(domain.isEmpty ? "ai.onnx" : domain) is newer than the \(known) ModelPort knows",
          at: Location(file: path, field: field), hint: "convert the model to opset \(known) or older")
      }
    }
    // A model importing only other domains may not use ai.onnx ops; one importing nothing is
    // an old (IR < 3) model of opset 1.
    if proto.opsetImport.isEmpty { opsets[""] = 1 }

    // Our own conversion and structural checks come first: they name the node or field at fault,
    // and they refuse what could make libonnx misbehave (sizes, nesting) before it sees the bytes.
    var converter = ProtoConverter(modelPath: path, limits: limits)
    converter.mappedPayloads = weights?.payloads ?? [:]
    var graph = try converter.graph(proto.graph, depth: 0)
    var functions: [FunctionKey: FunctionDefinition] = [:]
    for function in proto.functions {
      let definition = try FunctionDefinition(function, converter: &converter)
      functions[definition.key] = definition
    }
    graph = try FunctionInliner(functions: functions, path: path, maxNodes: limits.maxNodes).inline(graph, report: &report)
    try checkDomainsAndOps(graph, opsets: opsets, path: path, report: &report)
    graph = assignOpsets(graph, opsets: opsets)
    do {
      try graph.verify()
    } catch let errors as PortErrors {
      throw PortErrors(errors.errors.map { $0.inFile(path) })
    }

    // libonnx, where the model is within what it knows.
    var libonnxInferred: Data?
    if useLibONNX {
      let newestType = graph.elementTypesUsed.map(\.minimumIRVersion).max() ?? 1
      libonnxInferred = runLibONNXChecks(
        data, path: path, irVersion: irVersion, typesNeedIR: newestType, opsets: opsets, report: &report)
    }
    if let failed = report.checks.first(where: { $0.status == .failed && $0.name.hasPrefix("libonnx checker") }) {
      throw PortError(.checkerFailed, failed.detail ?? "libonnx rejected the model", at: location)
    }

    graph = try Canonicalizer(path: path).canonicalize(graph, report: &report)
    do {
      graph = try Inference.run(graph)
    } catch let error as PortError {
      throw error.inFile(path)
    }
    do {
      try graph.verify(signature: OpRegistry.signature(for:))
    } catch let errors as PortErrors {
      throw PortErrors(errors.errors.map { $0.inFile(path) })
    }
    report.checks.append(CheckResult("ModelPort structure (SSA, acyclic, arity)", .passed))
    report.checks.append(CheckResult("ModelPort type and shape inference", .passed))
    if useLibONNX { compareInference(graph, libonnxInferred: libonnxInferred, path: path, report: &report) }

    var metadata: [String: String] = [:]
    for entry in proto.metadataProps { metadata[entry.key] = entry.value }
    let model = Model(
      graph: graph, irVersion: irVersion, opsetImports: opsets, producerName: proto.producerName,
      producerVersion: proto.producerVersion, domain: proto.domain, modelVersion: Int(proto.modelVersion),
      docString: proto.docString, metadata: metadata)
    return ImportedModel(model: model, report: report, path: path, fileSize: data.count)
  }

  /// Whether the bytes look like text (UTF-8 without control characters other than whitespace):
  /// a textual ONNX model, a JSON file, a README passed by mistake.
  static func looksLikeText(_ data: Data) -> Bool {
    let sample = data.prefix(4096)
    guard String(data: sample, encoding: .utf8) != nil || data.count > 4096 else { return false }
    return sample.allSatisfy { byte in byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
  }

  func decode(_ data: Data, path: String) throws -> Onnx_ModelProto {
    var options = BinaryDecodingOptions()
    options.messageDepthLimit = 200
    do {
      return try Onnx_ModelProto(serializedBytes: data, extensions: nil, partial: true, options: options)
    } catch BinaryDecodingError.messageDepthLimit {
      throw PortError(
        .nestingTooDeep, "messages nest deeper than protobuf decoding allows (subgraphs nested too deep)",
        at: Location(file: path))
    } catch _ where ONNXImporter.looksLikeText(data) {
      throw PortError(
        .notProtobuf, "this is a text file, not a binary ONNX model", at: Location(file: path),
        hint: "expected a binary ONNX ModelProto (.onnx); convert textual ONNX with onnx.parser first")
    } catch BinaryDecodingError.truncated {
      throw PortError(
        .notProtobuf, "the file ends in the middle of a message (truncated?)", at: Location(file: path),
        hint: "download or export the model again")
    } catch {
      throw PortError(
        .notProtobuf, "not an ONNX protobuf model (\(error))", at: Location(file: path),
        hint: "expected a binary ONNX ModelProto (.onnx)")
    }
  }

  /// Runs libonnx's checker and strict shape inference where the model is within what libonnx 1.12
  /// knows; returns the model with libonnx's inferred value_info when both passed. A model whose IR
  /// version alone is newer, but which uses no element type of the newer IR versions, is checked as
  /// IR version 8: the checks' names say so.
  func runLibONNXChecks(
    _ data: Data, path: String, irVersion: Int, typesNeedIR: Int, opsets: [String: Int], report: inout ImportReport
  ) -> Data? {
    var name = "libonnx checker \(LibONNX.version)"
    var inferenceName = "libonnx strict shape inference \(LibONNX.version)"
    var tooNew: [String] = []
    if typesNeedIR > LibONNX.maxIRVersion {
      tooNew.append("element types of IR version \(typesNeedIR) > \(LibONNX.maxIRVersion)")
    }
    for (domain, version) in opsets.sorted(by: { $0.key < $1.key }) {
      guard let known = LibONNX.maxOpset(domain: domain) else { continue }
      if version > known { tooNew.append("\(domain.isEmpty ? "ai.onnx" : domain) opset \(version) > \(known)") }
    }
    var bytes = data
    if tooNew.isEmpty && irVersion > LibONNX.maxIRVersion {
      if let patched = WeightIndex.withIRVersion(LibONNX.maxIRVersion, model: data) {
        bytes = patched
        name += " (as IR version \(LibONNX.maxIRVersion))"
        inferenceName += " (as IR version \(LibONNX.maxIRVersion))"
      } else {
        tooNew.append("IR version \(irVersion) > \(LibONNX.maxIRVersion)")
      }
    }
    if !tooNew.isEmpty {
      let why = "model is newer than libonnx \(LibONNX.version) knows (\(tooNew.joined(separator: ", ")))"
      report.checks.append(CheckResult(name, .skipped, why))
      report.checks.append(CheckResult(inferenceName, .skipped, why))
      report.checks.append(CheckResult(InferenceComparison.checkName, .skipped, why))
      return nil
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    switch LibONNX.check(bytes, modelDirectory: folder) {
    case .passed: report.checks.append(CheckResult(name, .passed))
    case .failed(let message):
      report.checks.append(CheckResult(name, .failed, message))
      return nil
    }
    let (outcome, inferred) = LibONNX.inferShapes(bytes, strict: true)
    switch outcome {
    case .passed:
      report.checks.append(CheckResult(inferenceName, .passed))
      return inferred
    case .failed(let message):
      report.checks.append(CheckResult(inferenceName, .failed, message))
      return nil
    }
  }

  /// Standard-domain ops must exist at the imported opset; other domains must be imported, and
  /// are kept and counted.
  func checkDomainsAndOps(_ graph: Graph, opsets: [String: Int], path: String, report: inout ImportReport) throws {
    for node in graph.allNodes {
      let domain = OpRegistry.canonicalDomain(node.domain)
      guard let opset = opsets[domain] else {
        throw PortError(
          .unknownDomain, "\(node.opType) uses domain '\(domain)', which the model does not import",
          at: Location(file: path, node: node.name), hint: "add '\(domain)' to the model's opset_import")
      }
      if StandardOperators.isStandard(domain: domain) {
        guard let versions = StandardOperators.versions(opType: node.opType, domain: domain) else {
          throw PortError(
            .unknownOperator, "'\(node.opType)' is not an operator of \(domain.isEmpty ? "ai.onnx" : domain)",
            at: Location(file: path, node: node.name), hint: "custom operators belong in a domain of their own")
        }
        guard versions.first!.since <= opset else {
          throw PortError(
            .unknownOperator, "'\(node.opType)' was introduced in opset \(versions.first!.since), but the model imports opset \(opset)",
            at: Location(file: path, node: node.name), hint: "raise the model's opset_import to \(versions.first!.since)")
        }
      }
      if !domain.isEmpty { report.nonStandardDomains[domain, default: 0] += 1 }
    }
  }

  func assignOpsets(_ graph: Graph, opsets: [String: Int]) -> Graph {
    var result = graph
    for index in result.nodes.indices {
      let domain = OpRegistry.canonicalDomain(result.nodes[index].domain)
      result.nodes[index].domain = domain
      if result.nodes[index].opsetVersion == 0 { result.nodes[index].opsetVersion = opsets[domain] ?? 0 }
      for key in result.nodes[index].attributes.keys {
        switch result.nodes[index].attributes[key]! {
        case .graph(let g): result.nodes[index].attributes[key] = .graph(assignOpsets(g, opsets: opsets))
        case .graphs(let gs): result.nodes[index].attributes[key] = .graphs(gs.map { assignOpsets($0, opsets: opsets) })
        default: break
        }
      }
    }
    return result
  }
}
