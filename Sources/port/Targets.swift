import ArgumentParser
import PortHarness
import PortIR
import PortImport
import PortOps
import PortTarget

struct Targets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the targets, what they are, and their op coverage (of the ONNX standard set, and of a model); for external runtimes, whether they can start and why not.")

  @Option(name: .long, help: "Also show each target's coverage of this model's nodes.")
  var model: String?

  @Option(name: .customLong("target-manifest"), help: ArgumentHelp("Extra accelerator manifests (file or folder, repeatable).", valueName: "path"))
  var targetManifest: [String] = []

  func run() throws {
    let targets = try TargetCatalog.all(manifests: targetManifest)
    let standard = StandardOperators.allOperators.filter { $0.domain.isEmpty }.map(\.opType)
    var imported: Model?
    if let model { imported = try ONNXImporter().load(model).model }
    for target in targets {
      var heading = "\(target.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(target.summary)"
      if let availability = TargetCatalog.availability(of: target) { heading += " [\(availability)]" }
      print(heading)
      let (native, rewritten) = Self.coverage(of: target, standard)
      var line = "             ops: \(native.count + rewritten.count) of \(standard.count) ai.onnx ops"
      if !rewritten.isEmpty || target is any DeclaresOpCoverage {
        line += " (native \(native.count), rewritten \(rewritten.count))"
      }
      print(line)
      if let imported {
        let placement = PortJob.placement(of: imported.graph, on: target)
        let opTypes = Set(imported.graph.nodes.map(\.qualifiedOpType))
        var text = "             model: \(placement.total - placement.refused.count - placement.fallback) of \(placement.total) nodes"
        text += " (native \(placement.native), rewritten \(placement.decomposed)"
        if placement.fallback > 0 { text += ", fallback \(placement.fallback)" }
        if !placement.refused.isEmpty { text += ", refused \(placement.refused.count)" }
        text += "); op types \(opTypes.filter { native.contains($0) || rewritten.contains($0) }.count) of \(opTypes.count) covered"
        print(text)
      }
    }
    // Descriptors that could not be read are listed, not skipped: a typo must not hide a runtime.
    for problem in TargetCatalog.externalProblems { print("(not a target) \(problem)") }
  }

  /// Native and rewritten op types: declared, or probed one single-node graph per op.
  static func coverage(of target: any Target, _ standard: [String]) -> (native: Set<String>, rewritten: Set<String>) {
    if let declared = target as? any DeclaresOpCoverage {
      return (declared.nativeOps.intersection(standard), declared.rewrittenOps.intersection(standard).subtracting(declared.nativeOps))
    }
    var native = Set<String>()
    for op in standard {
      let node = Node(name: "probe", opType: op, inputs: ["x"], outputs: ["y"])
      let graph = Graph(inputs: ["x"], outputs: ["y"], nodes: [node])
      if target.capability(of: graph).claimsEverything { native.insert(op) }
    }
    return (native, [])
  }
}
