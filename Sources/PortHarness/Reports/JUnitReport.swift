import Foundation

/// The `--junit` report: JUnit XML as CI systems read it. One test suite per run; one test case
/// per output (failing when out of tolerance), one for performance, and one for the run itself
/// when it stopped early (refused nodes, a failing compile).
public enum JUnitReport {
  public static func render(_ report: RunReport) -> String {
    var cases: [String] = []
    var failures = 0
    var errors = 0
    var skipped = 0
    let suite = "\(report.model.name).\(report.target.name)"
    func testCase(_ name: String, seconds: Double = 0, body: String = "") -> String {
      "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(name))\" time=\"\(String(format: "%.6f", seconds))\">\(body.isEmpty ? "" : "\n" + body + "\n    ")</testcase>"
    }
    if report.status.outcome != .ok && report.status.outcome != .accuracy {
      errors += 1
      cases.append(
        testCase(
          "run", body: "      <error type=\"\(report.status.outcome.rawValue)\" message=\"\(escape(report.status.message ?? ""))\">stage: \(escape(report.status.stage ?? ""))</error>"))
    }
    if let accuracy = report.accuracy {
      for output in accuracy.outputs {
        let m = output.metrics
        let detail =
          "max_abs=\(m.maxAbs) max_rel=\(m.maxRel) mean_abs=\(m.meanAbs) rmse=\(m.rmse) cosine=\(m.cosine) snr_db=\(m.snrDb.map { "\($0)" } ?? "null") mismatches=\(m.mismatchCount)/\(m.count) rtol=\(accuracy.rtol) atol=\(accuracy.atol)"
        var body = "      <system-out>\(escape(detail))</system-out>"
        if !output.pass {
          failures += 1
          let message = m.structuralMismatch ?? "\(m.mismatchCount) of \(m.count) elements outside atol + rtol·|ref| (max abs \(m.maxAbs))"
          body = "      <failure type=\"accuracy\" message=\"\(escape(message))\">\(escape(detail))</failure>\n" + body
        }
        cases.append(testCase("accuracy.\(output.name)", body: body))
      }
      if let first = accuracy.layers?.firstDivergent {
        failures += 1
        cases.append(
          testCase(
            "layers",
            body: "      <failure type=\"first-divergent-node\" message=\"first divergent node '\(escape(first.node))' (\(escape(first.opType)))\">value \(escape(first.value)): max_abs=\(first.metrics.maxAbs)</failure>"))
      }
    }
    if let performance = report.performance {
      let l = performance.latencyMs
      let detail =
        "scenario=\(performance.scenario) iterations=\(performance.iterations) throughput_per_s=\(performance.throughputPerS) latency_ms min=\(l.min) p50=\(l.p50) p90=\(l.p90) p99=\(l.p99) max=\(l.max) mean=\(l.mean) stdev=\(l.stdev) peak_rss_bytes=\(performance.peakRssBytes)"
      cases.append(testCase("performance", seconds: performance.elapsedS, body: "      <system-out>\(escape(detail))</system-out>"))
    } else if report.status.outcome == .ok || report.status.outcome == .accuracy {
      skipped += 1
      cases.append(testCase("performance", body: "      <skipped message=\"not measured\"/>"))
    }
    let total = report.stages.reduce(0) { $0 + $1.seconds }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"modelport\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.6f", total))\">\n"
    xml += "  <testsuite name=\"\(escape(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.6f", total))\" timestamp=\"\(escape(report.createdAt))\">\n"
    xml += "    <properties>\n"
    xml += "      <property name=\"model\" value=\"\(escape(report.model.path))\"/>\n"
    xml += "      <property name=\"target\" value=\"\(escape(report.target.name))\"/>\n"
    xml += "      <property name=\"exit_status\" value=\"\(report.status.exitStatus)\"/>\n"
    xml += "    </properties>\n"
    xml += cases.joined(separator: "\n") + "\n"
    xml += "  </testsuite>\n</testsuites>\n"
    return xml
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n": out += "&#10;"
      // XML 1.0 forbids most control characters; drop them.
      case _ where scalar.value < 0x20 && scalar != "\t": continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
