import PortIR

// Optional declarations a target can make about itself. Separate protocols, as with the other
// abilities: the harness asks `target as? any DeclaresCost` and uses defaults otherwise.

/// The tolerances a comparison with the reference uses: NumPy `allclose`, an element passes when
/// |candidate − reference| ≤ atol + rtol·|reference|.
public struct Tolerance: Sendable, Hashable, Codable {
  public var rtol: Double
  public var atol: Double

  public init(rtol: Double, atol: Double) {
    self.rtol = rtol
    self.atol = atol
  }

  /// For targets that declare nothing: float32 arithmetic compared with a reference that
  /// accumulates in Double.
  public static let `default` = Tolerance(rtol: 1e-3, atol: 1e-4)
}

/// A target whose arithmetic warrants other tolerances than `Tolerance.default` (reduced
/// precision, approximate transcendental functions). `--rtol` / `--atol` override it.
public protocol DeclaresTolerance: Target {
  var tolerance: Tolerance { get }
}

/// A target that knows what running on it costs: the hourly price of the machine or instance and
/// its power draw. `--price-per-hour` / `--watts` override either.
public protocol DeclaresCost: Target {
  /// Price of the hardware per hour, in the currency the user thinks in (reports say "$").
  var pricePerHour: Double? { get }
  /// Power draw while running, in watts.
  var watts: Double? { get }
}

/// Where a claimed node runs, for the report's placement counts.
public enum PlacementKind: String, Sendable, Hashable, Codable {
  /// On the target, as the operator it is.
  case native
  /// On the target, rewritten into other operators it has.
  case decomposed
  /// On the host (a CPU path inside the target), not on the accelerator.
  case fallback
}

/// A target that says how it runs each node it claims. Targets that do not conform run every
/// claimed node natively.
public protocol ReportsPlacement: Target {
  func placement(of node: Node, in graph: Graph) -> PlacementKind
}
