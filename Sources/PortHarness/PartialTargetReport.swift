import Foundation
import PortIR
import PortTarget

// The parts of a run report that partial targets (accelerators) fill in: where each node runs and
// why, how the executable was compiled, the estimated device latency, and what to do next.

extension RunReport {
  /// Fallback nodes grouped by op type and reason.
  public struct FallbackGroup: Sendable, Codable, Hashable {
    public var opType: String
    public var reason: String
    public var count: Int
    public var nodes: [String]
    public var hint: String?
  }

  /// The device latency estimate, clearly an estimate, next to what was measured on the host.
  public struct DeviceEstimate: Sendable, Codable, Hashable {
    /// Always `estimate`: these figures are computed from the manifest, not measured.
    public var kind = "estimate"
    public var basis: String
    public var latencyMs: Double
    public var deviceMs: Double
    public var transferMs: Double
    public var transfers: Int
    public var transferBytes: Double
    public var computeBoundLayers: Int
    public var memoryBoundLayers: Int
    public var tiledLayers: Int
    /// The measured host-simulation median, ms (the simulation is not the device).
    public var hostSimulationMs: Double?
    /// At the estimated latency, one inference at a time.
    public var inferencesPerS: Double
    public var costPerMillion: Double?
    public var joulesPerInference: Double?
    /// The slowest layers, estimated.
    public var layers: [Layer]

    public struct Layer: Sendable, Codable, Hashable {
      public var node: String
      public var opType: String
      public var ms: Double
      public var macs: Double
      public var bytes: Double
      public var bound: String
      public var tiles: Int
    }

    public init(_ estimate: DeviceLatencyEstimate, pricePerHour: Double?, watts: Double?) {
      basis = estimate.basis
      latencyMs = estimate.totalSeconds * 1000
      deviceMs = estimate.deviceSeconds * 1000
      transferMs = estimate.transferSeconds * 1000
      transfers = estimate.transfers
      transferBytes = estimate.transferBytes
      computeBoundLayers = estimate.computeBoundLayers
      memoryBoundLayers = estimate.memoryBoundLayers
      tiledLayers = estimate.tiledLayers
      inferencesPerS = estimate.totalSeconds > 0 ? 1 / estimate.totalSeconds : 0
      costPerMillion = pricePerHour.map { $0 / 3600 * estimate.totalSeconds * 1_000_000 }
      joulesPerInference = watts.map { $0 * estimate.totalSeconds }
      layers = estimate.layers.map {
        Layer(node: $0.node, opType: $0.opType, ms: $0.seconds * 1000, macs: $0.macs, bytes: $0.bytes, bound: $0.bound, tiles: $0.tiles)
      }
    }
  }

  /// Fallback nodes by (op type, reason), most first.
  static func fallbackGroups(_ nodes: [NodePlacement]) -> [FallbackGroup] {
    var groups: [String: FallbackGroup] = [:]
    var order: [String] = []
    for node in nodes where node.placement == .fallback {
      let key = "\(node.opType)\u{0}\(node.reason ?? "")"
      if groups[key] == nil {
        order.append(key)
        groups[key] = FallbackGroup(opType: node.opType, reason: node.reason ?? "", count: 0, nodes: [], hint: node.hint)
      }
      groups[key]?.count += 1
      groups[key]?.nodes.append(node.node)
    }
    return order.compactMap { groups[$0] }.sorted { $0.count > $1.count }
  }

  /// A short list of what would move more of the graph onto the device, most nodes first.
  static func nextActions(placement: Placement?, estimate: DeviceEstimate?) -> [String] {
    var actions: [String] = []
    guard let placement else { return actions }
    for group in placement.fallbackGroups ?? [] {
      let plural = group.count == 1 ? "node falls" : "nodes fall"
      var text = "\(group.count) \(group.opType) \(plural) back (\(group.reason))"
      if let hint = group.hint { text += ": \(hint)" }
      actions.append(text)
    }
    if let transfers = placement.transfers, transfers > 0, let regions = placement.hostRegions, regions > 0 {
      actions.append(
        "\(regions) host region\(regions == 1 ? "" : "s") cost \(transfers) host↔device transfer\(transfers == 1 ? "" : "s")"
          + (estimate.map { String(format: " (%.3f ms estimated)", $0.transferMs) } ?? ""))
    }
    if let estimate, estimate.tiledLayers > 0 {
      actions.append(
        "\(estimate.tiledLayers) layer\(estimate.tiledLayers == 1 ? "" : "s") exceed the on-chip memory and run in tiles: split them or use a device with more SRAM")
    }
    return Array(actions.prefix(8))
  }
}

/// The porting sections (placement on the device, compilation and quantization, the device
/// estimate, next actions) as format-neutral blocks, so every report renders the same content.
public struct PortingSection: Sendable {
  public var title: String
  public var paragraphs: [String] = []
  /// First row is the header.
  public var table: [[String]] = []
  public var bullets: [String] = []

  /// The sections a report has (none for targets that are not partial).
  public static func sections(_ report: RunReport) -> [PortingSection] {
    var sections: [PortingSection] = []
    if let placement = report.placement, let nodes = placement.nodes {
      var section = PortingSection(title: "Placement on the device")
      let onDevice = placement.native + placement.decomposed
      section.paragraphs.append(
        "\(onDevice) of \(placement.total) nodes run on the device (\(placement.native) native, \(placement.decomposed) rewritten); \(placement.fallback) fall back to the host. "
          + "\(placement.deviceRegions ?? 0) device region\(placement.deviceRegions == 1 ? "" : "s"), \(placement.hostRegions ?? 0) host region\(placement.hostRegions == 1 ? "" : "s"), \(placement.transfers ?? 0) host↔device transfer\(placement.transfers == 1 ? "" : "s").")
      let groups = placement.fallbackGroups ?? []
      if !groups.isEmpty {
        section.table = [["fallback op", "nodes", "reason", "first node"]]
        for group in groups {
          let first = group.nodes.first ?? ""
          let shown = first.count > 40 ? "…" + first.suffix(39) : first
          section.table.append([
            group.opType, "\(group.count)", group.reason, shown + (group.nodes.count > 1 ? " (+\(group.nodes.count - 1))" : ""),
          ])
        }
      }
      let rewritten = nodes.filter { $0.placement == .decomposed }
      if !rewritten.isEmpty {
        var reasons: [String: Int] = [:]
        for node in rewritten { reasons["\(node.opType): \(node.reason ?? "rewritten")", default: 0] += 1 }
        section.bullets = reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map {
          "rewritten \($0.value)× \($0.key)"
        }
      }
      sections.append(section)
    }
    if let compilation = report.compilation {
      var section = PortingSection(title: "Compilation and arithmetic")
      var line = compilation.source == "from-cache" ? "Loaded from the artifact cache" : "Compiled"
      if let artifact = compilation.artifact { line += " (artifact \(artifact))" }
      section.paragraphs.append(line + ".")
      section.paragraphs.append("Arithmetic: \(compilation.arithmetic).")
      if !compilation.quantization.isEmpty {
        section.table = [["setting", "value"]] + compilation.quantization.map { [$0.name, $0.value] }
      }
      sections.append(section)
    }
    if let estimate = report.deviceEstimate {
      var section = PortingSection(title: "Estimated device latency (estimate, not measured)")
      var line = String(
        format: "Estimate: %@ ms per inference on the device (layers %@ ms + %d transfers %@ ms), %@ inferences/s",
        Format.milliseconds(estimate.latencyMs), Format.milliseconds(estimate.deviceMs), estimate.transfers,
        Format.milliseconds(estimate.transferMs), Format.number(estimate.inferencesPerS))
      if estimate.costPerMillion != nil || estimate.joulesPerInference != nil {
        line += "; estimated \(Format.money(estimate.costPerMillion)) per million inferences, \(Format.joules(estimate.joulesPerInference)) per inference"
      }
      section.paragraphs.append(line + ".")
      if let measured = estimate.hostSimulationMs {
        section.paragraphs.append(
          "Measured: \(Format.milliseconds(measured)) ms median for the host simulation of the device arithmetic (not the device).")
      }
      section.paragraphs.append(
        "\(estimate.computeBoundLayers) layers compute-bound, \(estimate.memoryBoundLayers) memory-bound, \(estimate.tiledLayers) tiled; \(estimate.basis).")
      if !estimate.layers.isEmpty {
        section.table = [["slowest layers", "op", "est. ms", "MACs", "bytes", "bound", "tiles"]]
        for layer in estimate.layers.prefix(8) {
          section.table.append([
            layer.node, layer.opType, String(format: "%.4f", layer.ms), Format.number(layer.macs), Format.number(layer.bytes),
            layer.bound, "\(layer.tiles)",
          ])
        }
      }
      sections.append(section)
    }
    if !report.nextActions.isEmpty {
      sections.append(PortingSection(title: "Next actions", bullets: report.nextActions))
    }
    return sections
  }

  public init(title: String, paragraphs: [String] = [], table: [[String]] = [], bullets: [String] = []) {
    self.title = title
    self.paragraphs = paragraphs
    self.table = table
    self.bullets = bullets
  }
}
