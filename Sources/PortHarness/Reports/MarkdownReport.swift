import Foundation

/// The `--markdown` report: a pull-request comment.
public enum MarkdownReport {
  public static func render(_ report: RunReport) -> String {
    let icon = report.status.outcome == .ok ? "✅" : "❌"
    var text = "## \(icon) `\(report.model.name)` on `\(report.target.name)`\n\n"
    text += "**\(report.status.outcome.rawValue)** (exit \(report.status.exitStatus))"
    if let message = report.status.message { text += ": \(escape(message))" }
    text += "\n\n"
    if let placement = report.placement {
      text += "| nodes | native | decomposed | fallback | refused |\n|---:|---:|---:|---:|---:|\n"
      text += "| \(placement.total) | \(placement.native) | \(placement.decomposed) | \(placement.fallback) | \(placement.refused.count) |\n\n"
      if !placement.refused.isEmpty {
        text += "<details><summary>Refused nodes</summary>\n\n| node | op | reason |\n|---|---|---|\n"
        for refused in placement.refused {
          text += "| `\(escape(refused.node))` | \(refused.opType) | \(escape(refused.reason)) |\n"
        }
        text += "\n</details>\n\n"
      }
    }
    if let accuracy = report.accuracy {
      text += "### Accuracy vs `\(report.reference?.name ?? "reference")` — \(accuracy.pass ? "pass" : "**fail**")\n\n"
      text += "Tolerance: rtol \(Format.number(accuracy.rtol)), atol \(Format.number(accuracy.atol)) (\(accuracy.toleranceSource)).\n\n"
      text += "| output | max abs | max rel | mean abs | RMSE | cosine | SNR dB | outside tol. | top-1 | top-5 | |\n"
      text += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
      for output in accuracy.outputs {
        let m = output.metrics
        text +=
          "| `\(escape(output.name))` | \(Format.number(m.maxAbs)) | \(Format.number(m.maxRel)) | \(Format.number(m.meanAbs)) | \(Format.number(m.rmse)) | \(String(format: "%.6f", m.cosine)) | \(Format.snr(m)) | \(m.mismatchCount) (\(Format.percent(m.mismatchFraction))) | \(Format.percent(m.top1Agreement)) | \(Format.percent(m.top5Agreement)) | \(output.pass ? "✅" : "❌") |\n"
      }
      text += "\n"
      if let layers = accuracy.layers {
        if let first = layers.firstDivergent {
          text += "**First divergent node:** `\(escape(first.node))` (\(first.opType)), value `\(escape(first.value))`: max abs \(Format.number(first.metrics.maxAbs)), \(first.metrics.mismatchCount) elements outside tolerance.\n\n"
        } else if layers.exposed {
          text += "All \(layers.compared) exposed intermediate values are within tolerance.\n\n"
        } else {
          text += "The target exposes no intermediate values.\n\n"
        }
      }
    }
    if let performance = report.performance {
      let l = performance.latencyMs
      text += "### Performance (\(performance.scenario): p90 \(Format.milliseconds(l.p90)) ms)\n\n"
      text += "| min | p50 | p90 | p99 | max | mean | stdev |\n|---:|---:|---:|---:|---:|---:|---:|\n"
      text += "| \([l.min, l.p50, l.p90, l.p99, l.max, l.mean, l.stdev].map(Format.milliseconds).joined(separator: " | ")) |\n\n"
      text += "Latency in ms; median \(String(format: "%.1f", performance.medianCiMs.confidence * 100))% CI [\(Format.milliseconds(performance.medianCiMs.lower)), \(Format.milliseconds(performance.medianCiMs.upper))] ms. "
      text += "\(performance.iterations) iterations in \(String(format: "%.2f", performance.elapsedS)) s after \(performance.warmup) warm-up; "
      text += "**\(Format.number(performance.throughputPerS)) inferences/s**; threads \(performance.threads.map(String.init) ?? "default"); "
      text += "CPU \(String(format: "%.2f", performance.cpuTimeS)) s; peak RSS \(Format.bytes(performance.peakRssBytes)).\n\n"
      if let offline = performance.offline {
        text += "Offline, batch \(offline.batch)\(offline.batched ? "" : " (single queries)"): **\(Format.number(offline.throughputPerS)) inferences/s**.\n\n"
      }
    }
    if let cost = report.cost {
      text += "Cost: \(Format.money(cost.costPerMillion)) per million inferences; \(Format.joules(cost.joulesPerInference)) per inference.\n\n"
    }
    for section in PortingSection.sections(report) {
      text += "### \(section.title)\n\n"
      for paragraph in section.paragraphs { text += escape(paragraph) + "\n\n" }
      if let header = section.table.first {
        text += "| " + header.map(escape).joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for row in section.table.dropFirst() { text += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        text += "\n"
      }
      if !section.bullets.isEmpty { text += section.bullets.map { "- " + escape($0) }.joined(separator: "\n") + "\n\n" }
    }
    if !report.notes.isEmpty {
      text += report.notes.map { "> \(escape($0))" }.joined(separator: "\n>\n") + "\n\n"
    }
    text += "<sub>\(report.tool.name) \(report.tool.version), \(report.createdAt), schema \(report.schema)</sub>\n"
    return text
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
