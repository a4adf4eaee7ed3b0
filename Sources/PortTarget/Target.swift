import PortIR

/// A target: something that can run (part of) a model. Targets are plugins behind this protocol,
/// one folder each under `Targets/`; the harness knows them only through it.
///
/// The split follows ONNX Runtime's `GetCapability`: `capability` answers "what can you run" cheaply
/// and without side effects; `compile` does the work, for the claimed graph only.
///
/// Before (a target that runs nothing):
///
///     struct Skeleton: Target {
///       let name = "skeleton"
///       let summary = "refuses everything"
///       func capability(of graph: Graph) -> Capability {
///         Capability(graph.nodes.map { .refused($0, "skeleton runs no ops") })
///       }
///       func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
///         throw PortError(.unsupported, "skeleton compiles nothing")
///       }
///     }
///
/// After: claim the nodes it has kernels for, and return an `Executable` running them.
public protocol Target: Sendable {
  /// Stable name used on the command line (`--target cpu`).
  var name: String { get }
  /// One line describing what the target is and supports.
  var summary: String { get }
  /// Which nodes the target claims, and why it refuses the rest. Pure and cheap; never throws:
  /// refusing is data.
  func capability(of graph: Graph) -> Capability
  /// Turns the model into an executable. Throws a `PortError` that names the node at fault.
  func compile(_ model: Model, options: CompileOptions) throws -> any Executable
}

/// Options every target understands.
public struct CompileOptions: Sendable {
  /// Threads the target may use (nil: its default).
  public var threads: Int?
  /// Sizes bound to symbolic dimensions (`batch` → 1).
  public var dimensionBindings: [String: Int]
  /// The target that runs what a partial target (an accelerator) leaves to the host, injected by
  /// whoever picks targets (the CLI's catalog): a target never imports another target. nil: no
  /// fallback; a target that needs one refuses to compile.
  public var fallback: (any Target)?
  /// Where a target may cache compiled artifacts (nil: its default; "": no cache).
  public var cacheDirectory: String?
  /// Target-specific settings by name (`calibration-method` → `kl`, …).
  public var targetSettings: [String: String]
  /// Calibration input sets for quantizing targets (each keyed by graph input name); empty: the
  /// target calibrates on its own random data.
  public var calibration: [[String: HostValue]]

  public init(
    threads: Int? = nil, dimensionBindings: [String: Int] = [:], fallback: (any Target)? = nil,
    cacheDirectory: String? = nil, targetSettings: [String: String] = [:], calibration: [[String: HostValue]] = []
  ) {
    self.calibration = calibration
    self.threads = threads
    self.dimensionBindings = dimensionBindings
    self.fallback = fallback
    self.cacheDirectory = cacheDirectory
    self.targetSettings = targetSettings
  }
}

/// A compiled model, ready to run on host values.
public protocol Executable: AnyObject {
  /// Runs one inference. `inputs` are keyed by graph input name; the result by graph output name.
  func run(_ inputs: [String: HostValue]) throws -> [String: HostValue]
}

// MARK: Optional abilities: separate protocols, not defaulted methods.

/// An executable that can expose intermediate values (for `--layers`, the first divergent layer).
public protocol ExposesIntermediates: Executable {
  /// Runs and also returns every intermediate value the target materializes, by value name.
  /// Where the target fused nodes, only the fused group's outputs appear.
  func runExposingIntermediates(_ inputs: [String: HostValue]) throws -> (
    outputs: [String: HostValue], intermediates: [String: HostValue]
  )
}

/// An executable that measures its own time on the device, excluding host overhead.
public protocol ReportsDeviceTime: Executable {
  /// Device time of the most recent `run`, in seconds.
  var lastDeviceSeconds: Double? { get }
}
