import Foundation

/// The plain-text summary printed at the end of a run: tables of outputs and latencies.
public enum TerminalReport {
  public static func render(_ report: RunReport) -> String {
    var lines: [String] = []
    lines.append("model   \(report.model.path)" + (report.model.opset.map { " (opset \($0), \(report.model.nodes ?? 0) nodes)" } ?? ""))
    lines.append("target  \(report.target.name)" + (report.reference.map { "  (reference: \($0.name))" } ?? ""))
    if let placement = report.placement {
      var text = "nodes   \(placement.native) native, \(placement.decomposed) decomposed, \(placement.fallback) fallback"
      if !placement.refused.isEmpty { text += ", \(placement.refused.count) refused" }
      lines.append(text)
      for refused in placement.refused.prefix(10) {
        lines.append("        refused '\(refused.node)' (\(refused.opType)): \(refused.reason)")
      }
    }
    if let accuracy = report.accuracy {
      lines.append("")
      lines.append("accuracy (rtol \(Format.number(accuracy.rtol)), atol \(Format.number(accuracy.atol)), \(accuracy.toleranceSource))")
      var rows = [["output", "max abs", "max rel", "mean abs", "rmse", "cosine", "snr dB", "mismatch", "top-1", "verdict"]]
      for output in accuracy.outputs {
        let m = output.metrics
        rows.append([
          output.name, Format.number(m.maxAbs), Format.number(m.maxRel), Format.number(m.meanAbs), Format.number(m.rmse),
          String(format: "%.6f", m.cosine), Format.snr(m), "\(m.mismatchCount)/\(m.count)", Format.percent(m.top1Agreement),
          Format.verdict(output.pass),
        ])
      }
      lines += table(rows)
      for output in accuracy.outputs {
        if let problem = output.metrics.structuralMismatch { lines.append("  \(output.name): \(problem)") }
        if output.metrics.nanMismatches + output.metrics.infMismatches > 0 {
          lines.append("  \(output.name): \(output.metrics.nanMismatches) NaN and \(output.metrics.infMismatches) Inf mismatches")
        }
      }
      if let layers = accuracy.layers {
        if !layers.exposed {
          lines.append("layers: the target exposes no intermediate values")
        } else if let first = layers.firstDivergent {
          lines.append(
            "layers: \(layers.compared) values compared; first divergent node: '\(first.node)' (\(first.opType)) → '\(first.value)', max abs \(Format.number(first.metrics.maxAbs))"
          )
        } else {
          lines.append("layers: \(layers.compared) values compared, all within tolerance (\(layers.hiddenNodes) nodes not exposed)")
        }
      }
    }
    if let performance = report.performance {
      let l = performance.latencyMs
      lines.append("")
      lines.append(
        "performance (\(performance.scenario) p90 \(Format.milliseconds(l.p90)) ms, \(performance.iterations) iterations in \(String(format: "%.2f", performance.elapsedS)) s, threads \(performance.threads.map(String.init) ?? "default"))"
      )
      lines += table([
        ["latency ms", "min", "p50", "p90", "p99", "max", "mean", "stdev"],
        ["", Format.milliseconds(l.min), Format.milliseconds(l.p50), Format.milliseconds(l.p90), Format.milliseconds(l.p99),
         Format.milliseconds(l.max), Format.milliseconds(l.mean), Format.milliseconds(l.stdev)],
      ])
      lines.append(
        "  median \(Format.milliseconds(l.p50)) ms, \(String(format: "%.1f", performance.medianCiMs.confidence * 100))% CI [\(Format.milliseconds(performance.medianCiMs.lower)), \(Format.milliseconds(performance.medianCiMs.upper))] ms"
      )
      lines.append(
        "  throughput \(Format.number(performance.throughputPerS))/s, cpu \(String(format: "%.2f", performance.cpuTimeS)) s (\(String(format: "%.2f", performance.cpuUtilization)) cores), peak rss \(Format.bytes(performance.peakRssBytes))"
      )
      if let offline = performance.offline {
        lines.append(
          "  offline batch \(offline.batch)\(offline.batched ? "" : " (as single queries)"): \(Format.number(offline.throughputPerS)) inferences/s, batch p50 \(Format.milliseconds(offline.latencyMs.p50)) ms"
        )
      }
    }
    if let cost = report.cost {
      lines.append(
        "cost    \(Format.money(cost.costPerMillion)) per million inferences, \(Format.joules(cost.joulesPerInference)) per inference (\(cost.source))"
          + (report.deviceEstimate == nil ? "" : ", at the host simulation's throughput; the device estimate follows")
      )
    }
    for section in PortingSection.sections(report) {
      lines.append("")
      lines.append(section.title.lowercased())
      lines += section.paragraphs.map { "  " + $0 }
      if !section.table.isEmpty { lines += table(section.table) }
      lines += section.bullets.map { "  - " + $0 }
    }
    for note in report.notes { lines.append("note: \(note)") }
    lines.append("")
    var verdict = "result: \(report.status.outcome.rawValue) (exit \(report.status.exitStatus))"
    if let message = report.status.message { verdict += ": \(message)" }
    lines.append(verdict)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Left-aligned first column, right-aligned others, two spaces apart.
  static func table(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      "  "
        + row.enumerated().map { index, cell in
          let padding = String(repeating: " ", count: widths[index] - cell.count)
          return index == 0 ? cell + padding : padding + cell
        }.joined(separator: "  ")
    }
  }
}
