import PortTarget

/// What running costs, from a price per hour and a power draw (declared by the target or given
/// on the command line), at a measured throughput.
public struct CostEstimate: Sendable, Hashable, Codable {
  public var pricePerHour: Double?
  public var watts: Double?
  /// Inferences per second the estimate is based on.
  public var throughputPerSecond: Double
  /// Price per hour / 3600 / throughput × 10⁶.
  public var costPerMillion: Double?
  /// Watts / throughput, joules.
  public var joulesPerInference: Double?
  /// Where the price and power came from: `target`, `flag`.
  public var source: String

  /// nil when neither a price nor a power is known, or throughput is not positive.
  public init?(pricePerHour: Double?, watts: Double?, throughputPerSecond: Double, source: String) {
    guard pricePerHour != nil || watts != nil, throughputPerSecond > 0 else { return nil }
    self.pricePerHour = pricePerHour
    self.watts = watts
    self.throughputPerSecond = throughputPerSecond
    self.costPerMillion = pricePerHour.map { $0 / 3600 / throughputPerSecond * 1_000_000 }
    self.joulesPerInference = watts.map { $0 / throughputPerSecond }
    self.source = source
  }

  /// The price and power to use: flags first, then what the target declares.
  public static func inputs(for target: any Target, pricePerHour: Double?, watts: Double?) -> (
    pricePerHour: Double?, watts: Double?, source: String
  ) {
    let declared = target as? any DeclaresCost
    let price = pricePerHour ?? declared?.pricePerHour
    let power = watts ?? declared?.watts
    let fromFlags = (pricePerHour != nil) || (watts != nil)
    let fromTarget = (pricePerHour == nil && declared?.pricePerHour != nil) || (watts == nil && declared?.watts != nil)
    let source = fromFlags && fromTarget ? "flag+target" : fromFlags ? "flag" : "target"
    return (price, power, source)
  }
}
