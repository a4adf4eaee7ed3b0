import Foundation
import PortIR
import PortTarget

/// The manifest-driven accelerator family: one target per manifest. Each runs the nodes its
/// manifest claims (after legalization) in a bit-faithful simulation of the device arithmetic, and
/// leaves the rest to the fallback target injected through `CompileOptions.fallback`, in
/// contiguous regions ordered to need as few host↔device transfers as possible.
public struct AcceleratorTarget: Target, PartialTarget, ExplainsPlacement, DeclaresCost, DeclaresTolerance,
  NeedsStaticShapes
{
  public let manifest: AcceleratorManifest

  public init(manifest: AcceleratorManifest) { self.manifest = manifest }

  public var name: String { manifest.name }
  public var summary: String { manifest.summary }
  public var pricePerHour: Double? { manifest.hardware.pricePerHour }
  public var watts: Double? { manifest.hardware.watts }

  /// Reduced-precision arithmetic drifts more than float32: the manifest may say how much to
  /// allow; otherwise float16 allows about ten half ulps, int8 a few quantization steps.
  public var tolerance: Tolerance {
    let base: Tolerance =
      manifest.arithmetic.kind == .float16 ? Tolerance(rtol: 1e-2, atol: 1e-3) : Tolerance(rtol: 5e-2, atol: 5e-2)
    return Tolerance(rtol: manifest.arithmetic.rtol ?? base.rtol, atol: manifest.arithmetic.atol ?? base.atol)
  }

  func arithmetic(_ options: CompileOptions = CompileOptions()) -> any DeviceArithmetic {
    switch manifest.arithmetic.kind {
    case .float16: Float16Arithmetic()
    case .int8: Int8Arithmetic(manifest: manifest, options: options)
    }
  }

  // MARK: Manifests

  /// The accelerators shipped with ModelPort (`Manifests/*.json` in this module).
  public static func bundled() -> [AcceleratorTarget] {
    guard let folder = Bundle.module.url(forResource: "Manifests", withExtension: nil) else { return [] }
    return ((try? load(path: folder.path)) ?? []).sorted { $0.name < $1.name }
  }

  /// The accelerators of a manifest file, or of every `*.json` in a folder (a folder per
  /// accelerator with its `manifest.json` works too).
  public static func load(path: String) throws -> [AcceleratorTarget] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw PortError(.fileUnreadable, "no accelerator manifest at this path", at: Location(file: path))
    }
    if !isDirectory.boolValue { return [AcceleratorTarget(manifest: try AcceleratorManifest.load(path: path))] }
    let entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    var targets: [AcceleratorTarget] = []
    for entry in entries {
      let full = (path as NSString).appendingPathComponent(entry)
      var nested: ObjCBool = false
      FileManager.default.fileExists(atPath: full, isDirectory: &nested)
      if nested.boolValue {
        let manifest = (full as NSString).appendingPathComponent("manifest.json")
        if FileManager.default.fileExists(atPath: manifest) {
          targets.append(AcceleratorTarget(manifest: try AcceleratorManifest.load(path: manifest)))
        }
      } else if entry.hasSuffix(".json") {
        targets.append(AcceleratorTarget(manifest: try AcceleratorManifest.load(path: full)))
      }
    }
    return targets
  }

  // MARK: Capability

  func plan(_ graph: Graph) -> AcceleratorPlan {
    AcceleratorPlanner.plan(graph, manifest, arithmetic())
  }

  /// Every node is claimed: the device runs what the manifest allows, the fallback target the rest
  /// (`placement` says which, and why).
  public func capability(of graph: Graph) -> Capability {
    Capability(graph.nodes.map { .claimed($0) })
  }

  public func placement(of node: Node, in graph: Graph) -> PlacementKind {
    plan(graph).placements.first { $0.node == node.name }?.placement ?? .native
  }

  public func placementPlan(of graph: Graph) -> PlacementPlan {
    let plan = plan(graph)
    return PlacementPlan(nodes: plan.placements, regions: plan.regions, transfers: plan.transfers)
  }

  // MARK: Compile

  public func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    let arithmetic = self.arithmetic(options)
    let plan = AcceleratorPlanner.plan(model.graph, manifest, arithmetic)
    let fallbacks = plan.placements.filter { $0.placement == .fallback }
    guard fallbacks.isEmpty || options.fallback != nil else {
      throw PortError(
        .unsupported,
        "\(fallbacks.count) node\(fallbacks.count == 1 ? "" : "s") cannot run on \(name) and no fallback target is set: "
          + fallbacks.prefix(8).map { "'\($0.node)' (\($0.opType)): \($0.reason ?? "")" }.joined(separator: "; ")
          + (fallbacks.count > 8 ? "; …" : ""),
        at: Location(node: fallbacks.first?.node))
    }
    // The artifact's key: the model, the manifest, and every setting that changes the result.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let manifestData = (try? encoder.encode(manifest)) ?? Data()
    var settings = arithmetic.settings.map { "\($0.name)=\($0.value)" }
    settings += options.dimensionBindings.sorted { $0.key < $1.key }.map { "dim \($0.key)=\($0.value)" }
    settings += options.targetSettings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    settings += model.graph.inputs.map { "input \($0): \(model.graph.type(of: $0))" }
    for sample in options.calibration {
      for name in sample.keys.sorted() {
        if let tensor = sample[name]?.tensor, tensor.elementType != .string { settings.append("calibration \(name) \(tensor.shape) \(ArtifactCache.Digest.of(tensor.bytes))") }
      }
    }
    let key = ArtifactCache.key(model: model, manifest: manifestData, settings: settings)
    let cacheOff = options.cacheDirectory == ""
    let entry = cacheOff ? nil : ArtifactCache(directory: options.cacheDirectory ?? ArtifactCache.defaultDirectory).entry(key: key)
    let fromCache = entry?.existed ?? false
    if let entry, fromCache, let cached = entry.read("plan.json"),
      let stored = try? JSONDecoder().decode(StoredPlan.self, from: cached)
    {
      // A cached plan must describe this very graph; otherwise compile afresh.
      if stored.nodes != plan.graph.nodes.map(\.name) || stored.regions != plan.regions {
        throw PortError(
          .executionFailed, "cached artifact \(entry.folder.path) does not match the plan; delete it",
          at: Location(file: entry.folder.path))
      }
    }

    var runners: [Int: any RegionRunner] = [:]
    var subgraphs: [Graph] = []
    var deviceIndices: [Int] = []
    for (index, region) in plan.regions.enumerated() {
      let subgraph = Self.subgraph(plan.graph, region.nodes, name: "\(region.location)_\(index)")
      subgraphs.append(subgraph)
      guard region.location == "host", let fallback = options.fallback else {
        deviceIndices.append(index)
        continue
      }
      if let refused = fallback.capability(of: subgraph).refused.first {
        throw PortError(
          .unsupported,
          "node '\(refused.node)' (\(refused.opType)) falls back to the host, but the fallback target '\(fallback.name)' refuses it: \(refused.reason)",
          at: Location(node: refused.node))
      }
      let hostModel = Model(graph: subgraph, irVersion: model.irVersion, opsetImports: model.opsetImports)
      var hostOptions = options
      hostOptions.fallback = nil
      runners[index] = HostRegion(try fallback.compile(hostModel, options: hostOptions))
    }
    let compiled = try arithmetic.compile(regions: deviceIndices.map { subgraphs[$0] }, whole: plan.graph, cache: entry)
    for (index, runner) in zip(deviceIndices, compiled) { runners[index] = runner }
    let regions = subgraphs.indices.compactMap { index in
      runners[index].map { AcceleratorExecutable.Region(graph: subgraphs[index], runner: $0) }
    }
    var shapes: [String: [Int]] = [:]
    for (name, type) in plan.graph.types { if let sizes = type.shape?.fixedSizes { shapes[name] = sizes } }
    for input in plan.graph.inputs { if let sizes = plan.graph.type(of: input).shape?.fixedSizes { shapes[input] = sizes } }
    let estimate = LatencyEstimator(manifest: manifest, arithmetic: arithmetic).estimate(plan, plan.graph, shapes)
    if let entry, !fromCache {
      let stored = StoredPlan(
        key: key, target: name, manifest: manifest.source, nodes: plan.graph.nodes.map(\.name), regions: plan.regions,
        transfers: plan.transfers, settings: settings)
      try? entry.write("plan.json", (try? encoder.encode(stored)) ?? Data())
    }
    let compilation = CompilationInfo(
      source: fromCache ? "from-cache" : "compiled", artifact: entry?.folder.path, key: key,
      arithmetic: arithmetic.description, quantization: arithmetic.settings)
    return AcceleratorExecutable(graph: plan.graph, regions: regions, compilation: compilation, estimate: estimate)
  }

  /// What `plan.json` records.
  struct StoredPlan: Codable {
    var key: String
    var target: String
    var manifest: String
    var nodes: [String]
    var regions: [PlacementPlan.Region]
    var transfers: Int
    var settings: [String]
  }

  /// The nodes `indices` of `graph` as a graph of their own: inputs are the runtime values they
  /// read from outside, outputs the values read after them or returned by `graph`.
  static func subgraph(_ graph: Graph, _ indices: [Int], name: String) -> Graph {
    let inside = Set(indices)
    var produced = Set<String>()
    var inputs: [String] = []
    var seenInputs = Set<String>()
    var initializers: [String: Tensor] = [:]
    for index in indices {
      let node = graph.nodes[index]
      for input in node.inputs + AcceleratorPlanner.outerInputs(node) where !input.isEmpty {
        if let constant = graph.initializers[input] {
          initializers[input] = constant
        } else if !produced.contains(input), seenInputs.insert(input).inserted {
          inputs.append(input)
        }
      }
      for output in node.outputs where !output.isEmpty { produced.insert(output) }
    }
    var readOutside = Set(graph.outputs)
    for (index, node) in graph.nodes.enumerated() where !inside.contains(index) {
      readOutside.formUnion(node.inputs)
      readOutside.formUnion(AcceleratorPlanner.outerInputs(node))
    }
    var outputs: [String] = []
    for index in indices {
      for output in graph.nodes[index].outputs where !output.isEmpty && readOutside.contains(output) {
        outputs.append(output)
      }
    }
    return Graph(
      name: name, inputs: inputs, outputs: outputs, initializers: initializers, nodes: indices.map { graph.nodes[$0] },
      types: graph.types)
  }
}

extension AcceleratorTarget: DeclaresOpCoverage {
  public var nativeOps: Set<String> { manifest.nativeOps }
  public var rewrittenOps: Set<String> { Legalization.rewritable(into: manifest.nativeOps) }
}
