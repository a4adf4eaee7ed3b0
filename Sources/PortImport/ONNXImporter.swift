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
    report.checks.append(CheckResult("protobuf decoding", .passed))
    guard proto.hasGraph else {
      throw PortError(.missingGraph, "the model has no graph", at: location.inFile(path), hint: "is this an ONNX model?")
    }
    let irVersion = Int(proto.irVersion)
    guard irVersion >= 1 else {
      throw PortError(
        .unsupportedIRVersion, "ir_version is \(irVersion); a valid model declares 1 or more", at: location,
        hint: "not an ONNX model, or one written without its ir_version")
    }
    guard irVersion <= ONNXImporter.maxIRVersion else {
      throw PortError(
        .unsupportedIRVersion,
        "ir_version \(irVersion) is newer than the \(ONNXImporter.maxIRVersion) ModelPort knows", at: location,
        hint: "re-export the model with an older ONNX, or update ModelPort")
    }
    var opsets: [String: Int] = [:]
    for entry in proto.opsetImport {
      let domain = OpRegistry.canonicalDomain(entry.domain)
      opsets[domain] = Int(entry.version)
      if let known = ONNXImporter.knownOpsets[domain], entry.version > known {
        throw PortError(
          .unsupportedOpset,
          "opset \(entry.version) of \(domain.isEmpty ? "ai.onnx" : domain) is newer than the \(known) ModelPort knows",
          at: Location(file: path, field: "opset_import"), hint: "convert the model to opset \(known) or older")
      }
    }
    if irVersion >= 3 && opsets[""] == nil && !proto.opsetImport.isEmpty {
      // Only other domains imported: allowed, ai.onnx ops then may not be used.
    }
    if proto.opsetImport.isEmpty { opsets[""] = 1 }

    var converter = ProtoConverter(modelPath: path, limits: limits)
    converter.mappedPayloads = weights?.payloads ?? [:]
    var graph = try converter.graph(proto.graph, depth: 0)

    // libonnx, where the model is within what it knows.
    if useLibONNX {
      let newestType = graph.elementTypesUsed.map(\.minimumIRVersion).max() ?? 1
      runLibONNXChecks(data, irVersion: irVersion, typesNeedIR: newestType, opsets: opsets, report: &report)
    }
    if let failed = report.checks.first(where: { $0.status == .failed && $0.name.hasPrefix("libonnx checker") }) {
      throw PortError(.checkerFailed, failed.detail ?? "libonnx rejected the model", at: location)
    }
    var functions: [FunctionKey: FunctionDefinition] = [:]
    for function in proto.functions {
      let definition = try FunctionDefinition(function, converter: &converter)
      functions[definition.key] = definition
    }
    graph = try FunctionInliner(functions: functions, path: path).inline(graph, report: &report)
    try checkDomainsAndOps(graph, opsets: opsets, path: path, report: &report)
    graph = assignOpsets(graph, opsets: opsets)

    // Our own structural checks, before and after canonicalization.
    do {
      try graph.verify()
    } catch let errors as PortErrors {
      throw PortErrors(errors.errors.map { $0.inFile(path) })
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

    var metadata: [String: String] = [:]
    for entry in proto.metadataProps { metadata[entry.key] = entry.value }
    let model = Model(
      graph: graph, irVersion: irVersion, opsetImports: opsets, producerName: proto.producerName,
      producerVersion: proto.producerVersion, domain: proto.domain, modelVersion: Int(proto.modelVersion),
      docString: proto.docString, metadata: metadata)
    return ImportedModel(model: model, report: report, path: path, fileSize: data.count)
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

  /// Runs libonnx's checker and strict shape inference when the model is within what libonnx 1.12
  /// knows. A model whose IR version alone is newer, but which uses no element type or feature of the
  /// newer IR versions, is checked as IR version \(LibONNX.maxIRVersion): the check's name says so.
  func runLibONNXChecks(
    _ data: Data, irVersion: Int, typesNeedIR: Int, opsets: [String: Int], report: inout ImportReport
  ) {
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
      guard let patched = WeightIndex.withIRVersion(LibONNX.maxIRVersion, model: data) else {
        tooNew.append("IR version \(irVersion) > \(LibONNX.maxIRVersion)")
        return skip(tooNew, name, inferenceName, &report)
      }
      bytes = patched
      name += " (as IR version \(LibONNX.maxIRVersion))"
      inferenceName += " (as IR version \(LibONNX.maxIRVersion))"
    }
    if !tooNew.isEmpty { return skip(tooNew, name, inferenceName, &report) }
    switch LibONNX.check(bytes) {
    case .passed: report.checks.append(CheckResult(name, .passed))
    case .failed(let message):
      report.checks.append(CheckResult(name, .failed, message))
      return
    }
    let (outcome, _) = LibONNX.inferShapes(bytes, strict: true)
    switch outcome {
    case .passed: report.checks.append(CheckResult(inferenceName, .passed))
    case .failed(let message): report.checks.append(CheckResult(inferenceName, .failed, message))
    }
  }

  private func skip(_ reasons: [String], _ name: String, _ inferenceName: String, _ report: inout ImportReport) {
    let why = "model is newer than libonnx \(LibONNX.version) knows (\(reasons.joined(separator: ", ")))"
    report.checks.append(CheckResult(name, .skipped, why))
    report.checks.append(CheckResult(inferenceName, .skipped, why))
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
