import Foundation
import PortIR
import ReferenceTarget
import XCTest

@testable import PortHarness

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Counts elements and collects attributes of an XML document.
final class XMLCollector: NSObject, XMLParserDelegate {
  var elements: [String: Int] = [:]
  var attributes: [String: [[String: String]]] = [:]
  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    elements[name, default: 0] += 1
    self.attributes[name, default: []].append(attributes)
  }

  static func parse(_ data: Data) -> XMLCollector? {
    let collector = XMLCollector()
    let parser = XMLParser(data: data)
    parser.delegate = collector
    return parser.parse() ? collector : nil
  }
}

final class ReportTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// A full report: a perturbed node (so accuracy fails and --layers names it), benchmark, cost.
  func perturbedReport() throws -> RunReport {
    var options = PortOptions()
    options.layers = true
    options.benchmark = BenchmarkSettings(warmup: 1, minQueries: 20, minSeconds: 0)
    options.batch = 2
    options.pricePerHour = 1
    options.watts = 30
    let job = PortJob(
      modelPath: try TestModels.addRelu(), target: PerturbingTarget(node: "add_bias", amount: 0.25),
      reference: ReferenceTarget(), options: options)
    return job.run()
  }

  func writeAll(_ report: RunReport) throws -> (directory: String, destinations: ReportFiles.Destinations) {
    // A folder that does not exist yet: the writer creates it. PORT_HARNESS_REPORTS keeps the
    // files somewhere to look at (a screenshot of the HTML).
    let directory =
      ProcessInfo.processInfo.environment["PORT_HARNESS_REPORTS"] ?? (TestModels.temporaryDirectory() + "/reports/nested")
    let destinations = ReportFiles.Destinations(
      json: directory + "/r.json", markdown: directory + "/r.md", junit: directory + "/r.xml", html: directory + "/r.html")
    try ReportFiles.write(report, to: destinations)
    return (directory, destinations)
  }

  func testJSONRoundTripsAndValidatesAgainstTheSchema() throws {
    let report = try perturbedReport()
    let (directory, files) = try writeAll(report)
    let data = try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(files.json)))
    // Decodes back into the model.
    let decoded = try JSONReport.decode(data)
    XCTAssertEqual(decoded.schema, RunReport.schemaVersion)
    XCTAssertEqual(decoded.accuracy?.layers?.firstDivergent?.node, "add_bias")
    XCTAssertEqual(decoded.performance?.iterations, report.performance?.iterations)
    XCTAssertEqual(decoded.status.exitStatus, 1)
    // The documented names, exactly.
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let placement = try XCTUnwrap(object["placement"] as? [String: Any])
    XCTAssertEqual(placement["native"] as? Int, 3)
    XCTAssertNotNil(placement["decomposed"])
    XCTAssertNotNil(placement["fallback"])
    let accuracy = try XCTUnwrap(object["accuracy"] as? [String: Any])
    XCTAssertEqual(accuracy["pass"] as? Bool, false)
    let output = try XCTUnwrap((accuracy["outputs"] as? [[String: Any]])?.first)
    for key in ["name", "max_abs", "max_rel", "mean_abs", "rmse", "cosine", "snr_db", "mismatch_fraction", "pass"] {
      XCTAssertNotNil(output[key], "outputs[0].\(key)")
    }
    let performance = try XCTUnwrap(object["performance"] as? [String: Any])
    let latency = try XCTUnwrap(performance["latency_ms"] as? [String: Any])
    for key in ["min", "p50", "p90", "p99", "max", "mean", "stdev"] { XCTAssertNotNil(latency[key], "latency_ms.\(key)") }
    for key in ["throughput_per_s", "iterations", "peak_rss_bytes"] { XCTAssertNotNil(performance[key], key) }
    // And against the JSON Schema file.
    let validator = try SchemaValidator(schemaAt: Self.repository + "/docs/report.schema.json")
    XCTAssertEqual(validator.validate(object), [])
    // A report that stopped early (refused nodes) validates too, with null sections.
    let refused = PortJob(
      modelPath: try TestModels.addRelu(), target: RefusingTarget(), reference: ReferenceTarget(), options: PortOptions()
    ).run()
    let refusedObject = try JSONSerialization.jsonObject(with: Data(try JSONReport.render(refused).utf8))
    XCTAssertEqual(validator.validate(refusedObject), [])
    XCTAssertTrue((refusedObject as? [String: Any])?["accuracy"] is NSNull)
    // Atomic writes leave no temporary files behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
    XCTAssertEqual(leftovers, [])
  }

  func testJUnitParses() throws {
    let report = try perturbedReport()
    let data = Data(JUnitReport.render(report).utf8)
    let xml = try XCTUnwrap(XMLCollector.parse(data), "JUnit XML does not parse")
    XCTAssertEqual(xml.elements["testsuites"], 1)
    XCTAssertEqual(xml.elements["testsuite"], 1)
    // One per output (1), the layers verdict, performance.
    XCTAssertEqual(xml.elements["testcase"], 3)
    let names = (xml.attributes["testcase"] ?? []).compactMap { $0["name"] }
    XCTAssertEqual(names, ["accuracy.y", "layers", "performance"])
    XCTAssertEqual(xml.elements["failure"], 2)
    XCTAssertEqual(xml.attributes["testsuite"]?.first?["failures"], "2")
    XCTAssertEqual(xml.attributes["testsuite"]?.first?["tests"], "3")
    // A run that stopped early is one erroring test case.
    let refused = PortJob(
      modelPath: try TestModels.addRelu(), target: RefusingTarget(), reference: ReferenceTarget(), options: PortOptions()
    ).run()
    let refusedXML = try XCTUnwrap(XMLCollector.parse(Data(JUnitReport.render(refused).utf8)))
    XCTAssertEqual(refusedXML.elements["error"], 1)
  }

  func testHTMLIsSelfContainedWithCharts() throws {
    let report = try perturbedReport()
    let html = HTMLReport.render(report)
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(html.contains("<svg id=\"latency-histogram\""))
    XCTAssertTrue(html.contains("<svg id=\"drift-chart\""))
    XCTAssertFalse(html.contains("<script"), "no scripts")
    XCTAssertFalse(html.contains("http://") && html.contains("src="), "no external resources")
    // Each chart is well-formed XML on its own.
    var rest = Substring(html)
    var charts = 0
    while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      XCTAssertNotNil(XMLCollector.parse(Data(rest[start.lowerBound..<end.upperBound].utf8)), "chart \(charts) is not XML")
      charts += 1
      rest = rest[end.upperBound...]
    }
    XCTAssertEqual(charts, 2)
    XCTAssertTrue(html.contains("add_bias"))
  }

  func testMarkdownAndTerminal() throws {
    let report = try perturbedReport()
    let markdown = MarkdownReport.render(report)
    XCTAssertTrue(markdown.contains("| output | max abs |"))
    XCTAssertTrue(markdown.contains("**First divergent node:** `add_bias`"))
    XCTAssertTrue(markdown.contains("| min | p50 | p90 | p99 |"))
    let terminal = TerminalReport.render(report)
    XCTAssertTrue(terminal.contains("first divergent node: 'add_bias'"))
    XCTAssertTrue(terminal.contains("exit 1"))
  }

  func testHistogramBuckets() {
    let histogram = RunReport.Histogram([1, 2, 3, 4, 5], buckets: 4)
    XCTAssertEqual(histogram.counts, [1, 1, 1, 2])
    XCTAssertEqual(histogram.widthMs, 1)
    XCTAssertEqual(RunReport.Histogram([2, 2, 2]).counts, [3])
  }
}
