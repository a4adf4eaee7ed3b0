import PortIR

// Abilities of partial targets (accelerators that run part of a graph and leave the rest to an
// injected fallback target). Separate protocols, as with the other abilities: the harness asks
// `target as? any ExplainsPlacement` and reports less when a target does not conform.

/// Where one node of the graph runs, and why.
public struct NodePlacement: Sendable, Hashable, Codable {
  public var node: String
  public var opType: String
  public var placement: PlacementKind
  /// For `decomposed`: what the node was rewritten into; for `fallback`: why the device cannot run
  /// it ("Conv: kernel 9×9 exceeds max 7", "dynamic shape", "op not in manifest").
  public var reason: String?
  /// What would move the node onto the device ("add HardSwish to the LUT unit"), when known.
  public var hint: String?

  public init(node: String, opType: String, placement: PlacementKind, reason: String? = nil, hint: String? = nil) {
    self.node = node
    self.opType = opType
    self.placement = placement
    self.reason = reason
    self.hint = hint
  }
}

/// A graph split into contiguous regions, each on the device or on the host.
public struct PlacementPlan: Sendable, Hashable, Codable {
  public struct Region: Sendable, Hashable, Codable {
    /// `device` or `host`.
    public var location: String
    /// Indices of the region's nodes in the (original) graph's order.
    public var nodes: [Int]
    public init(location: String, nodes: [Int]) {
      self.location = location
      self.nodes = nodes
    }
  }

  public var nodes: [NodePlacement]
  public var regions: [Region]
  /// Values that cross between device and host (each crossing counted once per direction).
  public var transfers: Int

  public init(nodes: [NodePlacement], regions: [Region], transfers: Int) {
    self.nodes = nodes
    self.regions = regions
    self.transfers = transfers
  }

  public var fallbackNodes: [NodePlacement] { nodes.filter { $0.placement == .fallback } }
}

/// A target that plans the placement of a whole graph at once (placement can depend on neighbours:
/// a rewrite folds a node into the one before it, a partition merges regions). Pure and cheap,
/// like `capability(of:)`; nodes the plan places on the host are claimed, run by
/// `CompileOptions.fallback`.
public protocol ExplainsPlacement: ReportsPlacement {
  func placementPlan(of graph: Graph) -> PlacementPlan
}

/// One layer of a device latency estimate.
public struct LayerEstimate: Sendable, Hashable, Codable {
  public var node: String
  public var opType: String
  public var macs: Double
  public var bytes: Double
  public var seconds: Double
  /// `compute` or `memory`: which side of the roofline bounds the layer.
  public var bound: String
  /// Passes over the weights and activations needed to fit the on-chip memory (1: fits).
  public var tiles: Int

  public init(node: String, opType: String, macs: Double, bytes: Double, seconds: Double, bound: String, tiles: Int) {
    self.node = node
    self.opType = opType
    self.macs = macs
    self.bytes = bytes
    self.seconds = seconds
    self.bound = bound
    self.tiles = tiles
  }
}

/// An estimate (not a measurement) of the time one inference takes on the device, from its
/// datasheet figures: a per-layer roofline plus the host↔device transfers of fallback regions.
public struct DeviceLatencyEstimate: Sendable, Hashable, Codable {
  /// What the estimate is based on ("roofline: 4096 MAC/cycle at 1 GHz, 25.6 GB/s, 4 MiB on-chip").
  public var basis: String
  /// Device compute and memory time of the device layers.
  public var deviceSeconds: Double
  /// Host↔device transfer time at fallback boundaries.
  public var transferSeconds: Double
  public var transfers: Int
  public var transferBytes: Double
  /// Measured host time of the fallback nodes is not included: the host is not the device.
  public var totalSeconds: Double { deviceSeconds + transferSeconds }
  public var computeBoundLayers: Int
  public var memoryBoundLayers: Int
  public var tiledLayers: Int
  /// The slowest layers first (at most a few dozen).
  public var layers: [LayerEstimate]

  public init(
    basis: String, deviceSeconds: Double, transferSeconds: Double, transfers: Int, transferBytes: Double,
    computeBoundLayers: Int, memoryBoundLayers: Int, tiledLayers: Int, layers: [LayerEstimate]
  ) {
    self.basis = basis
    self.deviceSeconds = deviceSeconds
    self.transferSeconds = transferSeconds
    self.transfers = transfers
    self.transferBytes = transferBytes
    self.computeBoundLayers = computeBoundLayers
    self.memoryBoundLayers = memoryBoundLayers
    self.tiledLayers = tiledLayers
    self.layers = layers
  }
}

/// An executable that estimates its latency on the device it simulates. Available after one run
/// (shapes are then known).
public protocol EstimatesDeviceLatency: Executable {
  var deviceLatencyEstimate: DeviceLatencyEstimate? { get }
}

/// How an executable was produced: compiled now or loaded from a cached artifact, with its
/// arithmetic settings.
public struct CompilationInfo: Sendable, Hashable, Codable {
  /// `compiled` or `from-cache`.
  public var source: String
  /// The artifact's path, when one was written or read.
  public var artifact: String?
  /// The content hash the artifact is cached under.
  public var key: String?
  /// The arithmetic simulated ("int8 symmetric per-channel weights, …", "float16 storage, float32 accumulation").
  public var arithmetic: String
  /// Quantization settings (method, granularity, calibration), as name → value, in order.
  public var quantization: [Setting]

  public struct Setting: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(source: String, artifact: String?, key: String?, arithmetic: String, quantization: [Setting]) {
    self.source = source
    self.artifact = artifact
    self.key = key
    self.arithmetic = arithmetic
    self.quantization = quantization
  }
}

/// An executable that says how it was compiled.
public protocol DescribesCompilation: Executable {
  var compilation: CompilationInfo { get }
}

/// A target that runs static shapes only: the harness specializes the model to the shapes of the
/// actual inputs (symbolic and unknown dims bound, shapes inferred again) before asking for its
/// capability and compiling.
public protocol NeedsStaticShapes: Target {}

/// A target that knows which standard ops it covers without being asked node by node: those it
/// runs natively and those it rewrites into them (for `port targets`).
public protocol DeclaresOpCoverage: Target {
  var nativeOps: Set<String> { get }
  var rewrittenOps: Set<String> { get }
}
