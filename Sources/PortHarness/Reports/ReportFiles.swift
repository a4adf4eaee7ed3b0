import Foundation
import PortIR

/// Writes report files atomically: the text goes to a temporary file in the same folder, which
/// is then renamed over the destination, so a reader never sees half a report.
public enum ReportFiles {
  public static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
      try Data(text.utf8).write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw PortError(.fileUnreadable, "cannot move the report into place: \(reason)", at: Location(file: path))
      }
    } catch let error as PortError {
      throw error
    } catch {
      throw PortError(.fileUnreadable, "cannot write the report: \(error.localizedDescription)", at: Location(file: path))
    }
  }

  /// The formats a run can write, and where.
  public struct Destinations: Sendable {
    public var json: String?
    public var markdown: String?
    public var junit: String?
    public var html: String?

    public init(json: String? = nil, markdown: String? = nil, junit: String? = nil, html: String? = nil) {
      self.json = json
      self.markdown = markdown
      self.junit = junit
      self.html = html
    }
  }

  /// Renders and writes every requested format.
  public static func write(_ report: RunReport, to destinations: Destinations) throws {
    if let path = destinations.json { try write(JSONReport.render(report), to: path) }
    if let path = destinations.markdown { try write(MarkdownReport.render(report), to: path) }
    if let path = destinations.junit { try write(JUnitReport.render(report), to: path) }
    if let path = destinations.html { try write(HTMLReport.render(report), to: path) }
  }
}

/// Number formatting shared by the text reports.
enum Format {
  /// Short, readable, scientific when tiny or huge.
  static func number(_ value: Double?) -> String {
    guard let value else { return "–" }
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.3g", value) }
    if magnitude >= 100 { return String(format: "%.1f", value) }
    return String(format: "%.4g", value)
  }

  static func milliseconds(_ value: Double) -> String { String(format: "%.3f", value) }

  static func snr(_ metrics: DriftMetrics) -> String {
    if let snr = metrics.snrDb { return String(format: "%.1f", snr) }
    return metrics.maxAbs == 0 && metrics.structuralMismatch == nil ? "∞" : "–"
  }

  static func percent(_ value: Double?) -> String {
    guard let value else { return "–" }
    return String(format: "%.2f%%", value * 100)
  }

  static func bytes(_ count: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
  }

  static func money(_ value: Double?) -> String {
    guard let value else { return "–" }
    return value >= 1 ? String(format: "$%.2f", value) : String(format: "$%.3g", value)
  }

  static func joules(_ value: Double?) -> String {
    guard let value else { return "–" }
    if value >= 1 { return String(format: "%.2f J", value) }
    if value >= 1e-3 { return String(format: "%.2f mJ", value * 1e3) }
    return String(format: "%.2f µJ", value * 1e6)
  }

  static func verdict(_ pass: Bool) -> String { pass ? "PASS" : "FAIL" }
}
