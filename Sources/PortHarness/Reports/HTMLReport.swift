import Foundation

/// The `--html` report: one self-contained page (inline CSS and SVG, no scripts, no network)
/// with a latency histogram and the drift along the graph.
public enum HTMLReport {
  public static func render(_ report: RunReport) -> String {
    var body = ""
    let ok = report.status.outcome == .ok
    body += "<h1>\(escape(report.model.name)) on \(escape(report.target.name))</h1>\n"
    body += "<p class=\"status \(ok ? "ok" : "bad")\"><b>\(escape(report.status.outcome.rawValue))</b> (exit \(report.status.exitStatus))"
    if let message = report.status.message { body += ": \(escape(message))" }
    body += "</p>\n"
    body += "<p class=\"meta\">\(escape(report.model.path))"
    if let opset = report.model.opset { body += " · opset \(opset)" }
    if let nodes = report.model.nodes { body += " · \(nodes) nodes" }
    body += " · \(escape(report.createdAt))</p>\n"
    if let placement = report.placement {
      body += "<h2>Placement</h2>\n<table><tr><th>nodes</th><th>native</th><th>decomposed</th><th>fallback</th><th>refused</th></tr>"
      body += "<tr><td>\(placement.total)</td><td>\(placement.native)</td><td>\(placement.decomposed)</td><td>\(placement.fallback)</td><td>\(placement.refused.count)</td></tr></table>\n"
      if !placement.refused.isEmpty {
        body += "<table><tr><th>refused node</th><th>op</th><th>reason</th></tr>"
        for refused in placement.refused {
          body += "<tr><td>\(escape(refused.node))</td><td>\(escape(refused.opType))</td><td>\(escape(refused.reason))</td></tr>"
        }
        body += "</table>\n"
      }
    }
    if let accuracy = report.accuracy {
      body += "<h2>Accuracy vs \(escape(report.reference?.name ?? "reference")): \(accuracy.pass ? "pass" : "fail")</h2>\n"
      body += "<p class=\"meta\">rtol \(Format.number(accuracy.rtol)), atol \(Format.number(accuracy.atol)) (\(escape(accuracy.toleranceSource)))</p>\n"
      body += "<table><tr><th>output</th><th>max abs</th><th>max rel</th><th>mean abs</th><th>RMSE</th><th>cosine</th><th>SNR dB</th><th>outside tol.</th><th>top-1</th><th>top-5</th><th>verdict</th></tr>\n"
      for output in accuracy.outputs {
        let m = output.metrics
        body += "<tr><td>\(escape(output.name))</td><td>\(Format.number(m.maxAbs))</td><td>\(Format.number(m.maxRel))</td><td>\(Format.number(m.meanAbs))</td><td>\(Format.number(m.rmse))</td><td>\(String(format: "%.6f", m.cosine))</td><td>\(Format.snr(m))</td><td>\(m.mismatchCount) (\(Format.percent(m.mismatchFraction)))</td><td>\(Format.percent(m.top1Agreement))</td><td>\(Format.percent(m.top5Agreement))</td><td class=\"\(output.pass ? "ok" : "bad")\">\(Format.verdict(output.pass))</td></tr>\n"
      }
      body += "</table>\n"
      body += "<h3>Drift along the graph</h3>\n"
      if let layers = accuracy.layers, layers.exposed, !layers.values.isEmpty {
        if let first = layers.firstDivergent {
          body += "<p>First divergent node: <b>\(escape(first.node))</b> (\(escape(first.opType))) → \(escape(first.value))</p>\n"
        } else {
          body += "<p>All \(layers.compared) exposed values within tolerance.</p>\n"
        }
        body += driftChart(layers.values.map { ($0.node, $0.metrics.maxAbs, $0.pass) }, atol: accuracy.atol, xLabel: "node (topological order)")
      } else {
        body += "<p class=\"meta\">Per output; run with --layers on a target that exposes intermediate values for the drift node by node.</p>\n"
        body += driftChart(accuracy.outputs.map { ($0.name, $0.metrics.maxAbs, $0.pass) }, atol: accuracy.atol, xLabel: "output")
      }
    }
    if let performance = report.performance {
      let l = performance.latencyMs
      body += "<h2>Performance (\(escape(performance.scenario)))</h2>\n"
      body += "<table><tr><th>min</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>mean</th><th>stdev</th></tr><tr>"
      body += [l.min, l.p50, l.p90, l.p99, l.max, l.mean, l.stdev].map { "<td>\(Format.milliseconds($0))</td>" }.joined()
      body += "</tr></table>\n"
      body += "<p>Latency in ms. Median \(String(format: "%.1f", performance.medianCiMs.confidence * 100))% CI [\(Format.milliseconds(performance.medianCiMs.lower)), \(Format.milliseconds(performance.medianCiMs.upper))] ms; \(performance.iterations) iterations in \(String(format: "%.2f", performance.elapsedS)) s; <b>\(Format.number(performance.throughputPerS)) inferences/s</b>; CPU \(String(format: "%.2f", performance.cpuTimeS)) s; peak RSS \(Format.bytes(performance.peakRssBytes)); threads \(performance.threads.map(String.init) ?? "default").</p>\n"
      if let offline = performance.offline {
        body += "<p>Offline, batch \(offline.batch)\(offline.batched ? "" : " (single queries)"): <b>\(Format.number(offline.throughputPerS)) inferences/s</b>.</p>\n"
      }
      body += histogramChart(performance.histogram, p50: l.p50, p99: l.p99)
    }
    if let cost = report.cost {
      body += "<h2>Cost</h2>\n<p>\(Format.money(cost.costPerMillion)) per million inferences; \(Format.joules(cost.joulesPerInference)) per inference (\(escape(cost.source)): \(cost.pricePerHour.map { Format.money($0) + "/h" } ?? "no price"), \(cost.watts.map { Format.number($0) + " W" } ?? "no power")).</p>\n"
    }
    for section in PortingSection.sections(report) {
      body += "<h2>\(escape(section.title))</h2>\n"
      for paragraph in section.paragraphs { body += "<p>\(escape(paragraph))</p>\n" }
      if let header = section.table.first {
        body += "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in section.table.dropFirst() { body += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        body += "</table>\n"
      }
      if !section.bullets.isEmpty { body += "<ul>" + section.bullets.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n" }
    }
    if !report.notes.isEmpty {
      body += "<h2>Notes</h2>\n<ul>" + report.notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
    }
    return page(title: "\(report.model.name) on \(report.target.name) — ModelPort", body: body, tool: report.tool, schema: report.schema)
  }

  /// Bars of latency counts, with p50 and p99 marked.
  static func histogramChart(_ histogram: RunReport.Histogram, p50: Double, p99: Double) -> String {
    let width = 900.0
    let height = 260.0
    let left = 50.0
    let bottom = 40.0
    let top = 20.0
    guard let peak = histogram.counts.max(), peak > 0, let low = histogram.lowerMs.first else { return "" }
    let high = low + histogram.widthMs * Double(histogram.counts.count)
    let plotWidth = width - left - 20
    let plotHeight = height - bottom - top
    func x(_ ms: Double) -> Double { left + (ms - low) / (high - low) * plotWidth }
    var svg = "<svg id=\"latency-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"latency histogram\">\n"
    svg += "<title>Latency histogram</title>\n"
    let barWidth = plotWidth / Double(histogram.counts.count)
    for (index, count) in histogram.counts.enumerated() where count > 0 {
      let barHeight = Double(count) / Double(peak) * plotHeight
      svg += "<rect x=\(q(left + Double(index) * barWidth + 0.5)) y=\(q(top + plotHeight - barHeight)) width=\(q(max(barWidth - 1, 0.5))) height=\(q(barHeight)) fill=\"#4c78a8\"><title>\(Format.milliseconds(histogram.lowerMs[index]))–\(Format.milliseconds(histogram.lowerMs[index] + histogram.widthMs)) ms: \(count)</title></rect>\n"
    }
    svg += axes(left: left, top: top, width: plotWidth, height: plotHeight)
    for (label, value, color) in [("p50", p50, "#e45756"), ("p99", p99, "#f58518")] where value >= low && value <= high + 1e-9 {
      svg += "<line x1=\(q(x(value))) x2=\(q(x(value))) y1=\(q(top)) y2=\(q(top + plotHeight)) stroke=\"\(color)\" stroke-dasharray=\"4 3\"/>"
      svg += "<text x=\(q(x(value) + 3)) y=\(q(top + 10))>\(label)</text>\n"
    }
    for step in 0...4 {
      let ms = low + (high - low) * Double(step) / 4
      svg += "<text x=\(q(x(ms))) y=\(q(height - bottom + 15)) text-anchor=\"middle\">\(Format.milliseconds(ms))</text>"
    }
    svg += "<text x=\(q(left + plotWidth / 2)) y=\(q(height - 5)) text-anchor=\"middle\">latency (ms)</text>"
    svg += "<text x=\"12\" y=\(q(top + plotHeight / 2)) transform=\"rotate(-90 12 \(Int(top + plotHeight / 2)))\" text-anchor=\"middle\">queries</text>"
    svg += "<text x=\(q(left - 5)) y=\(q(top + 4)) text-anchor=\"end\">\(peak)</text>\n"
    if histogram.overflow > 0 {
      svg += "<text x=\(q(left + plotWidth)) y=\(q(top + 10)) text-anchor=\"end\">+ \(histogram.overflow) slower than \(Format.milliseconds(high)) ms (not shown)</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }

  /// Max absolute error per point on a log scale, tolerance (atol) as a line, failing points red.
  static func driftChart(_ points: [(label: String, value: Double, pass: Bool)], atol: Double, xLabel: String) -> String {
    guard !points.isEmpty else { return "" }
    let width = 900.0
    let height = 280.0
    let left = 60.0
    let bottom = 50.0
    let top = 20.0
    let plotWidth = width - left - 60
    let plotHeight = height - bottom - top
    // log10 scale; exact zeros sit on the floor.
    let positives = points.map(\.value).filter { $0 > 0 && $0.isFinite } + (atol > 0 ? [atol] : [])
    let floor = (positives.min().map { log10($0).rounded(.down) } ?? -8) - 1
    let ceiling = max((positives.max().map { log10($0).rounded(.up) } ?? 0), floor + 2)
    func y(_ value: Double) -> Double {
      let exponent = value > 0 && value.isFinite ? min(max(log10(value), floor), ceiling) : floor
      return top + (ceiling - exponent) / (ceiling - floor) * plotHeight
    }
    func x(_ index: Int) -> Double {
      points.count == 1 ? left + plotWidth / 2 : left + Double(index) / Double(points.count - 1) * plotWidth
    }
    var svg = "<svg id=\"drift-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"drift along the graph\">\n"
    svg += "<title>Max absolute error vs the reference</title>\n"
    svg += axes(left: left, top: top, width: plotWidth, height: plotHeight)
    var exponent = ceiling
    while exponent >= floor {
      svg += "<line x1=\(q(left)) x2=\(q(left + plotWidth)) y1=\(q(y(pow(10, exponent)))) y2=\(q(y(pow(10, exponent)))) stroke=\"#eee\"/>"
      svg += "<text x=\(q(left - 5)) y=\(q(y(pow(10, exponent)) + 4)) text-anchor=\"end\">1e\(Int(exponent))</text>\n"
      exponent -= 1
    }
    if atol > 0 {
      svg += "<line x1=\(q(left)) x2=\(q(left + plotWidth)) y1=\(q(y(atol))) y2=\(q(y(atol))) stroke=\"#f58518\" stroke-dasharray=\"5 3\"/>"
      svg += "<text x=\(q(left + plotWidth - 2)) y=\(q(y(atol) - 4)) text-anchor=\"end\">atol</text>\n"
    }
    if points.count > 1 {
      let path = points.enumerated().map { "\(q(x($0.offset), quoted: false)),\(q(y($0.element.value), quoted: false))" }.joined(separator: " ")
      svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#4c78a8\" stroke-width=\"1.5\"/>\n"
    }
    for (index, point) in points.enumerated() {
      svg += "<circle cx=\(q(x(index))) cy=\(q(y(point.value))) r=\"\(point.pass ? 3 : 4.5)\" fill=\"\(point.pass ? "#4c78a8" : "#e45756")\"><title>\(escape(point.label)): max abs \(Format.number(point.value))\(point.pass ? "" : " (out of tolerance)")</title></circle>\n"
    }
    // Label a few points (all when few) along the axis, short enough not to overlap.
    let maxLabels = 8
    let every = max(1, (points.count + maxLabels - 1) / maxLabels)
    let maxCharacters = max(4, Int(plotWidth / Double(maxLabels) / 6.5))
    for (index, point) in points.enumerated() where index % every == 0 {
      let label = point.label.count > maxCharacters ? String(point.label.prefix(maxCharacters - 1)) + "…" : point.label
      svg += "<text x=\(q(x(index))) y=\(q(top + plotHeight + 14)) text-anchor=\"middle\">\(escape(label))</text>"
    }
    svg += "<text x=\(q(left + plotWidth / 2)) y=\(q(height - 8)) text-anchor=\"middle\">\(escape(xLabel))</text>"
    svg += "<text x=\"12\" y=\(q(top + plotHeight / 2)) transform=\"rotate(-90 12 \(Int(top + plotHeight / 2)))\" text-anchor=\"middle\">max abs error</text>\n</svg>\n"
    return svg
  }

  static func axes(left: Double, top: Double, width: Double, height: Double) -> String {
    "<line x1=\(q(left)) x2=\(q(left)) y1=\(q(top)) y2=\(q(top + height)) stroke=\"#888\"/><line x1=\(q(left)) x2=\(q(left + width)) y1=\(q(top + height)) y2=\(q(top + height)) stroke=\"#888\"/>\n"
  }

  /// A coordinate, quoted for an attribute.
  static func q(_ value: Double, quoted: Bool = true) -> String {
    let text = String(format: "%.1f", value)
    return quoted ? "\"\(text)\"" : text
  }

  /// The self-contained page around a report's body: one stylesheet for every HTML report.
  static func page(title: String, body: String, tool: RunReport.ToolInfo, schema: String) -> String {
    """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(title))</title>
      <style>
      body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
      h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
      table { border-collapse: collapse; margin: .6em 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
      th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
      .ok { color: #137333; } .bad { color: #b3261e; } .meta { color: #666; }
      .status { font-size: 1.1em; } svg { display: block; margin: .5em 0; background: #fff; }
      svg text { font: 11px system-ui, sans-serif; fill: #333; }
      </style></head><body>
      \(body)
      <p class="meta">\(escape(tool.name)) \(escape(tool.version)) · schema \(escape(schema))</p>
      </body></html>

      """
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
