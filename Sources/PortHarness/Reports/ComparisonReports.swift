import Foundation

/// The `port compare` reports: a terminal table, JSON, Markdown and HTML (with an SVG bar chart of
/// the latencies), written atomically like the run reports.
public enum ComparisonReports {
  public struct Destinations: Sendable {
    public var json: String?
    public var markdown: String?
    public var html: String?

    public init(json: String? = nil, markdown: String? = nil, html: String? = nil) {
      self.json = json
      self.markdown = markdown
      self.html = html
    }
  }

  public static func write(_ report: ComparisonReport, to destinations: Destinations) throws {
    if let path = destinations.json { try ReportFiles.write(try json(report), to: path) }
    if let path = destinations.markdown { try ReportFiles.write(markdown(report), to: path) }
    if let path = destinations.html { try ReportFiles.write(html(report), to: path) }
  }

  // MARK: Cells shared by the renderers

  static func placement(_ row: ComparisonReport.Row) -> String {
    guard let nodes = row.nodes else { return "–" }
    var text = "\(row.native ?? 0)/\(row.decomposed ?? 0)/\(row.fallback ?? 0)"
    if let refused = row.refused, refused > 0 { text += " (\(refused) refused)" }
    return nodes == 0 ? "–" : text
  }

  static func drift(_ row: ComparisonReport.Row) -> String {
    guard let pass = row.accuracyPass else { return "–" }
    return "\(Format.verdict(pass)) (max abs \(Format.number(row.maxAbs)))"
  }

  static func milliseconds(_ value: Double?) -> String { value.map(Format.milliseconds) ?? "–" }

  static func speedup(_ row: ComparisonReport.Row) -> String {
    row.speedup.map { String(format: "%.2f×", $0) } ?? "–"
  }

  static func status(_ row: ComparisonReport.Row) -> String {
    row.outcome == .ok ? "ok" : "\(row.outcome.rawValue) (exit \(row.exitStatus))"
  }

  static let headers = [
    "target", "status", "nodes nat/dec/fb", "drift vs ref", "p50 ms", "p90 ms", "inf/s", "$/M inf", "speed",
  ]

  static func cells(_ row: ComparisonReport.Row) -> [String] {
    [
      row.target + (row.fastest ? " ★" : ""), status(row), placement(row), drift(row), milliseconds(row.latencyP50Ms),
      milliseconds(row.latencyP90Ms), row.throughputPerS.map(Format.number) ?? "–", Format.money(row.costPerMillion),
      speedup(row),
    ]
  }

  static func legend(_ report: ComparisonReport) -> String {
    var text = "★ fastest (inf/s) among targets that ran with every output within tolerance"
    if let baseline = report.baseline { text += "; speed = inf/s of the target / inf/s of \(baseline)" }
    if let rounds = report.runs.compactMap(\.performance?.rounds).max(), rounds > 1 {
      text += "; inf/s is the median of \(rounds) rounds, the targets measured in turn"
    }
    if report.rows.contains(where: { $0.timedBy == "target" }) {
      text += "; external runtimes' latencies are timed inside their own process"
    }
    return text
  }

  // MARK: Terminal

  public static func terminal(_ report: ComparisonReport) -> String {
    var lines = ["model   \(report.model.path)" + (report.model.opset.map { " (opset \($0), \(report.model.nodes ?? 0) nodes)" } ?? "")]
    lines.append("reference \(report.reference.name)")
    lines.append("")
    lines += TerminalReport.table([headers] + report.rows.map(cells))
    lines.append("  " + legend(report))
    for row in report.rows where row.outcome != .ok {
      lines.append("  \(row.target): \(row.message ?? row.outcome.rawValue)")
    }
    lines.append("")
    var verdict = "result: \(report.status.outcome.rawValue) (exit \(report.status.exitStatus))"
    if let message = report.status.message { verdict += ": \(message)" }
    lines.append(verdict)
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: JSON

  public static func json(_ report: ComparisonReport) throws -> String {
    String(decoding: try JSONReport.encoder().encode(report), as: UTF8.self) + "\n"
  }

  public static func decode(_ data: Data) throws -> ComparisonReport {
    try JSONReport.decoder().decode(ComparisonReport.self, from: data)
  }

  // MARK: Markdown

  public static func markdown(_ report: ComparisonReport) -> String {
    let icon = report.status.outcome == .ok ? "✅" : "❌"
    var text = "## \(icon) `\(report.model.name)`: \(report.rows.map { "`\($0.target)`" }.joined(separator: " vs "))\n\n"
    text += "**\(report.status.outcome.rawValue)** (exit \(report.status.exitStatus))"
    if let message = report.status.message { text += ": \(MarkdownReport.escape(message))" }
    text += "\n\n| " + headers.joined(separator: " | ") + " |\n|---|---|---:|---|---:|---:|---:|---:|---:|\n"
    for row in report.rows {
      text += "| " + cells(row).map(MarkdownReport.escape).joined(separator: " | ") + " |\n"
    }
    text += "\n" + legend(report) + ".\n\n"
    let failures = report.rows.filter { $0.outcome != .ok }
    if !failures.isEmpty {
      text += failures.map { "> **\($0.target)**: \(MarkdownReport.escape($0.message ?? $0.outcome.rawValue))" }.joined(separator: "\n>\n")
      text += "\n\n"
    }
    text += "<sub>\(report.tool.name) \(report.tool.version), \(report.createdAt), schema \(report.schema)</sub>\n"
    return text
  }

  // MARK: HTML

  public static func html(_ report: ComparisonReport) -> String {
    let escape = HTMLReport.escape
    var body = "<h1>\(escape(report.model.name)): \(report.rows.map { escape($0.target) }.joined(separator: " vs "))</h1>\n"
    let ok = report.status.outcome == .ok
    body += "<p class=\"status \(ok ? "ok" : "bad")\"><b>\(escape(report.status.outcome.rawValue))</b> (exit \(report.status.exitStatus))"
    if let message = report.status.message { body += ": \(escape(message))" }
    body += "</p>\n<p class=\"meta\">\(escape(report.model.path)) · reference \(escape(report.reference.name)) · \(escape(report.createdAt))</p>\n"
    body += "<table><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
    for row in report.rows {
      let cells = cells(row)
      body += "<tr class=\"\(row.outcome == .ok ? "" : "bad")\">" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
    }
    body += "</table>\n<p class=\"meta\">\(escape(legend(report))).</p>\n"
    body += "<h2>Latency</h2>\n" + latencyChart(report)
    let failures = report.rows.filter { $0.outcome != .ok }
    if !failures.isEmpty {
      body += "<h2>Failures</h2>\n<ul>" + failures.map { "<li><b>\(escape($0.target))</b>: \(escape($0.message ?? $0.outcome.rawValue))</li>" }.joined() + "</ul>\n"
    }
    return HTMLReport.page(title: "\(report.model.name) compared — ModelPort", body: body, tool: report.tool, schema: report.schema)
  }

  /// One horizontal bar per target: p50 latency, with p90 as a tick; failed targets say why.
  static func latencyChart(_ report: ComparisonReport) -> String {
    let rows = report.rows
    guard !rows.isEmpty else { return "" }
    let width = 900.0
    let left = 140.0
    let right = 200.0
    let barHeight = 22.0
    let gap = 10.0
    let top = 10.0
    let height = top + Double(rows.count) * (barHeight + gap) + 40
    let plotWidth = width - left - right
    let longest = rows.compactMap { $0.latencyP90Ms ?? $0.latencyP50Ms }.max() ?? 0
    let shortest = rows.compactMap(\.latencyP50Ms).filter { $0 > 0 }.min() ?? 0
    // A logarithmic axis when the targets are more than 20× apart (an interpreter next to a
    // runtime), so the fast ones' bars stay visible; decades marked.
    let logarithmic = shortest > 0 && longest / shortest > 20
    let low = logarithmic ? pow(10, (log10(shortest) - 0.3).rounded(.down)) : 0
    let high = logarithmic ? pow(10, log10(longest).rounded(.up)) : longest
    func x(_ ms: Double) -> Double {
      guard high > low else { return left }
      if logarithmic { return left + (log10(max(ms, low)) - log10(low)) / (log10(high) - log10(low)) * plotWidth }
      return left + ms / high * plotWidth
    }
    let q = { (value: Double) in HTMLReport.q(value) }
    var svg = "<svg id=\"latency-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"p50 latency per target\">\n"
    svg += "<title>p50 latency per target (bar), p90 (tick)</title>\n"
    for (index, row) in rows.enumerated() {
      let y = top + Double(index) * (barHeight + gap)
      svg += "<text x=\(q(left - 6)) y=\(q(y + barHeight * 0.7)) text-anchor=\"end\">\(HTMLReport.escape(row.target))\(row.fastest ? " ★" : "")</text>"
      if let p50 = row.latencyP50Ms {
        let color = row.fastest ? "#54a24b" : (row.outcome == .ok ? "#4c78a8" : "#e45756")
        svg += "<rect x=\(q(left)) y=\(q(y)) width=\(q(max(x(p50) - left, 1))) height=\(q(barHeight)) fill=\"\(color)\"><title>\(HTMLReport.escape(row.target)): p50 \(Format.milliseconds(p50)) ms</title></rect>"
        var label = "\(Format.milliseconds(p50)) ms"
        if let p90 = row.latencyP90Ms {
          svg += "<line x1=\(q(x(p90))) x2=\(q(x(p90))) y1=\(q(y - 2)) y2=\(q(y + barHeight + 2)) stroke=\"#333\" stroke-width=\"2\"><title>p90 \(Format.milliseconds(p90)) ms</title></line>"
          label += " (p90 \(Format.milliseconds(p90)))"
        }
        svg += "<text x=\(q(x(max(p50, row.latencyP90Ms ?? p50)) + 6)) y=\(q(y + barHeight * 0.7))>\(label)</text>\n"
      } else {
        let why = row.outcome == .ok ? "not measured" : "\(row.outcome.rawValue) (exit \(row.exitStatus))"
        svg += "<text x=\(q(left + 4)) y=\(q(y + barHeight * 0.7)) fill=\"#b3261e\">\(HTMLReport.escape(why))</text>\n"
      }
    }
    svg += HTMLReport.axes(left: left, top: top - 4, width: plotWidth, height: Double(rows.count) * (barHeight + gap))
    let axisY = top - 4 + Double(rows.count) * (barHeight + gap)
    var ticks: [Double] = []
    if logarithmic {
      var tick = low
      while tick <= high * 1.0001 {
        ticks.append(tick)
        tick *= 10
      }
    } else if high > 0 {
      ticks = (0...4).map { high * Double($0) / 4 }
    }
    for tick in ticks {
      svg += "<line x1=\(q(x(tick))) x2=\(q(x(tick))) y1=\(q(axisY)) y2=\(q(axisY + 4)) stroke=\"#888\"/><text x=\(q(x(tick))) y=\(q(axisY + 15)) text-anchor=\"middle\">\(Format.number(tick))</text>"
    }
    svg += "<text x=\(q(left + plotWidth / 2)) y=\(q(height - 4)) text-anchor=\"middle\">latency (ms\(logarithmic ? ", log scale" : "")), bar p50, tick p90</text>\n"
    svg += "</svg>\n"
    return svg
  }
}
