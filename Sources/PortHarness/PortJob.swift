import Foundation
import PortIR
import PortExport
import PortImport
import PortOps
import PortTarget

/// What a run should do, as the command line sets it.
public struct PortOptions: Sendable {
  /// Random inputs: seed, dims, shapes, ranges.
  public var inputSpec = InputSpec()
  /// Real input data (`--inputs`): paths or `NAME=PATH`; random data when empty.
  public var inputSources: [String] = []
  /// Tolerance overrides (`--rtol`, `--atol`).
  public var rtol: Double?
  public var atol: Double?
  /// Compare intermediate values too (`--layers`).
  public var layers = false
  /// `--no-accuracy` / `--no-perf` clear these.
  public var checkAccuracy = true
  public var measurePerformance = true
  public var benchmark = BenchmarkSettings()
  public var threads: Int?
  /// The offline scenario's batch size (`--batch N`); nil runs single-stream only.
  public var batch: Int?
  public var pricePerHour: Double?
  public var watts: Double?
  /// `--emit-onnx FILE`: save the model the target received (after its rewrites) as ONNX.
  public var emitONNX: String?
  /// The target that runs what a partial target leaves to the host (the CLI sets it from the
  /// catalog); passed to `compile` through `CompileOptions.fallback`.
  public var fallback: (any Target)?
  /// `--no-fallback`: any node placed on the host makes the run fail with status 3.
  public var allowFallback = true
  /// Where targets cache compiled artifacts (`--cache-dir`; nil: the target's default).
  public var cacheDirectory: String?
  /// Target-specific settings (`--calibration-method` → `calibration-method`).
  public var targetSettings: [String: String] = [:]
  /// `--calibration DIR`: calibration input sets for quantizing targets (each subfolder, .npz
  /// file or .npy/.pb group a set; or the folder itself one set).
  public var calibrationDirectory: String?
  /// Loaded from `calibrationDirectory` by the job.
  var calibration: [[String: HostValue]] = []

  public init() {}

  /// The compile options of a run, with `bindings`.
  func compileOptions(_ bindings: [String: Int]) -> CompileOptions {
    CompileOptions(
      threads: threads, dimensionBindings: bindings, fallback: allowFallback ? fallback : nil,
      cacheDirectory: cacheDirectory, targetSettings: targetSettings, calibration: calibration)
  }
}

/// One `port MODEL --target T` run: import → capability → compile → validate against the
/// reference → benchmark → report. Knows targets only as `any Target`.
public struct PortJob {
  public var modelPath: String
  public var target: any Target
  public var reference: any Target
  public var options: PortOptions
  public var clock: any BenchmarkClock = MonotonicClock()
  public var importer = ONNXImporter()
  /// The model already imported (by `port compare`, once for every target); nil imports `modelPath`.
  public var preimported: ImportedModel?
  /// The reference's outputs shared between jobs on the same inputs (`port compare`): the first
  /// job computes them, the others reuse them.
  public var sharedReference: SharedReference?

  public init(modelPath: String, target: any Target, reference: any Target, options: PortOptions) {
    self.modelPath = modelPath
    self.target = target
    self.reference = reference
    self.options = options
  }

  /// A stage's failure: the outcome it maps to and what to say.
  struct Stop: Error {
    var outcome: RunReport.Outcome
    var stage: String
    var message: String
  }

  /// Runs every stage; never throws: a failure is the report's status (and exit status).
  public func run(progress: any ProgressReporter = SilentProgress()) -> RunReport {
    var report = newReport()
    guard var prepared = attempt(&report, { try prepare(&$0, progress) }) else { return report }
    for round in 0..<(options.measurePerformance ? options.benchmark.rounds : 0) {
      guard attempt(&report, { try measureRound(round, &prepared, &$0, progress) }) != nil else { return report }
    }
    attempt(&report) { try finish(prepared, &$0) }
    return report
  }

  /// The report before any stage ran.
  func newReport() -> RunReport {
    RunReport(model: RunReport.ModelInfo(path: modelPath), target: RunReport.TargetInfo(target))
  }

  /// Runs one phase of the job; its failure becomes the report's status, and nil the result.
  @discardableResult
  func attempt<T>(_ report: inout RunReport, _ body: (inout RunReport) throws -> T) -> T? {
    do {
      return try body(&report)
    } catch let stop as Stop {
      report.status = RunReport.Status(outcome: stop.outcome, stage: stop.stage, message: stop.message)
    } catch {
      report.status = RunReport.Status(outcome: .targetFailed, stage: "run", message: "\(error)")
    }
    return nil
  }

  /// Times a stage, reporting its start and end; errors become a `Stop` with `outcome`.
  func stage<T>(
    _ name: String, _ report: inout RunReport, _ progress: any ProgressReporter, detail: String? = nil,
    failing outcome: RunReport.Outcome, summary: (T) -> String = { _ in "done" }, _ body: () throws -> T
  ) throws -> T {
    progress.begin(name, detail: detail)
    let start = clock.now()
    do {
      let value = try body()
      let seconds = clock.now() - start
      report.stages.append(RunReport.StageTiming(name: name, seconds: seconds))
      progress.end(name, result: summary(value), seconds: seconds)
      return value
    } catch let stop as Stop {
      progress.end(name, result: "failed", seconds: clock.now() - start)
      throw stop
    } catch {
      progress.end(name, result: "failed", seconds: clock.now() - start)
      throw Stop(outcome: outcome, stage: name, message: Self.describe(error))
    }
  }

  static func describe(_ error: Error) -> String {
    if let errors = error as? PortErrors { return errors.errors.map(\.description).joined(separator: "\n") }
    return "\(error)"
  }

  /// Import, capability, inputs, compile, export, validation: everything before the benchmark.
  func prepare(_ report: inout RunReport, _ progress: any ProgressReporter) throws -> PreparedRun {
    try validateOptions()
    // 1. Import.
    let imported = try stage("import", &report, progress, failing: .badInput, summary: { (m: ImportedModel) in
      "\(m.model.graph.nodes.count) nodes, opset \(m.model.opset)"
    }) { try preimported ?? importer.load(modelPath) }
    var model = imported.model
    let graph = model.graph
    report.model.irVersion = model.irVersion
    report.model.opset = model.opset
    report.model.producer = model.producerName.isEmpty ? nil : "\(model.producerName) \(model.producerVersion)"
    report.model.nodes = graph.nodes.count
    report.model.inputs = graph.inputs.map { RunReport.ValueInfo(name: $0, type: graph.type(of: $0).description) }
    report.model.outputs = graph.outputs.map { RunReport.ValueInfo(name: $0, type: graph.type(of: $0).description) }
    report.model.inlinedFunctions = RunReport.NamedCount.list(imported.report.inlinedFunctions)
    try checkNames(against: graph)

    // 2. Capability: which nodes the target claims. A target that runs static shapes only is
    // asked after the inputs are known, about the model specialized to their shapes.
    let needsStaticShapes = target is any NeedsStaticShapes
    if !needsStaticShapes { try capabilityStage(graph, &report, progress) }

    // 3. Inputs.
    var inputNotes: [String] = []
    let (inputs, described) = try stage("inputs", &report, progress, failing: .badInput) { () throws -> ([String: HostValue], [InputDescription]) in
      if options.inputSources.isEmpty {
        var generator = InputGenerator(spec: options.inputSpec)
        let made = try generator.generate(for: graph)
        inputNotes = generator.notes
        return made
      }
      var loader = InputLoader(graph: graph)
      let loaded = try loader.load(options.inputSources)
      inputNotes = loader.notes
      return loaded
    }
    report.notes += inputNotes
    report.inputs = RunReport.InputsInfo(
      source: options.inputSources.isEmpty ? "random" : "files",
      seed: options.inputSources.isEmpty ? options.inputSpec.seed : nil, values: described)
    let bindings = Self.bindings(graph, inputs, base: options.inputSpec.dims)
    if needsStaticShapes {
      model = Self.specialize(model, to: inputs, notes: &report.notes)
      try capabilityStage(model.graph, &report, progress)
    }

    var compileSettings = options
    if let directory = options.calibrationDirectory {
      compileSettings.calibration = try stage("calibration data", &report, progress, failing: .badInput, summary: {
        (sets: [[String: HostValue]]) in "\(sets.count) input sets"
      }) { try Self.calibrationSets(directory, model.graph) }
    }

    // 4. Compile on the candidate.
    let executable = try stage("compile", &report, progress, detail: "on \(target.name)", failing: .targetFailed, summary: {
      (e: any Executable) in (e as? any DescribesCompilation)?.compilation.source ?? "done"
    }) {
      do {
        return try target.compile(model, options: compileSettings.compileOptions(bindings))
      } catch let error as PortError where error.code == .unsupported {
        // A target that finds out only while compiling that it cannot take the model refuses it.
        throw Stop(outcome: .cannotRun, stage: "compile", message: error.description)
      }
    }
    report.compilation = (executable as? any DescribesCompilation)?.compilation

    // 4b. The model the target received, as ONNX.
    if let path = options.emitONNX {
      let exposed = executable as? any ExposesCompiledGraph
      let check = try stage("export", &report, progress, detail: path, failing: .badInput, summary: { (c: ExportCheck) in
        c.status.rawValue
      }) { try ONNXExporter().write(exposed?.compiledModel ?? model, to: path) }
      report.notes.append(
        "--emit-onnx \(path): the \(exposed == nil ? "imported model" : "model after \(target.name)'s rewrites"); \(check.description)")
    }

    // 5. Validate against the reference.
    var accuracyFailed = false
    if options.checkAccuracy {
      let accuracy = try validate(model, inputs, executable, bindings, &report, progress)
      report.accuracy = accuracy
      accuracyFailed = !accuracy.pass
    } else {
      report.notes.append("accuracy not checked (--no-accuracy)")
    }

    var prepared = PreparedRun(
      model: model, inputs: inputs, executable: executable, accuracyFailed: accuracyFailed,
      deviceTime: (executable as? any ReportsDeviceTime).map { device in { device.lastDeviceSeconds } })
    if options.measurePerformance, let batch = options.batch {
      prepared.offline = try offlineQuery(batch, model, graph, inputs, executable, bindings, &report, progress)
    }
    return prepared
  }

  /// Performance and cost from the gathered rounds, the device estimate, next actions, and the
  /// accuracy verdict as the status.
  func finish(_ prepared: PreparedRun, _ report: inout RunReport) throws {
    if options.measurePerformance {
      let performance = try performance(prepared)
      report.performance = performance
      if let source = prepared.timingSource { report.notes.append("latencies \(source)") }
      let throughput = performance.offline?.throughputPerS ?? performance.throughputPerS
      let (price, watts, source) = CostEstimate.inputs(for: target, pricePerHour: options.pricePerHour, watts: options.watts)
      report.cost = CostEstimate(pricePerHour: price, watts: watts, throughputPerSecond: throughput, source: source)
    } else {
      report.notes.append("performance not measured (--no-perf)")
    }

    // The device estimate and next actions (partial targets).
    if let estimate = (prepared.executable as? any EstimatesDeviceLatency)?.deviceLatencyEstimate {
      let (price, watts, _) = CostEstimate.inputs(for: target, pricePerHour: options.pricePerHour, watts: options.watts)
      var device = RunReport.DeviceEstimate(estimate, pricePerHour: price, watts: watts)
      device.hostSimulationMs = report.performance?.latencyMs.p50
      report.deviceEstimate = device
    }
    report.nextActions = RunReport.nextActions(placement: report.placement, estimate: report.deviceEstimate)
    report.stages = RunReport.StageTiming.merged(report.stages)

    if prepared.accuracyFailed {
      let failing = report.accuracy?.outputs.filter { !$0.pass }.map(\.name) ?? []
      var message = "output\(failing.count == 1 ? "" : "s") \(failing.map { "'\($0)'" }.joined(separator: ", ")) out of tolerance"
      if let node = report.accuracy?.layers?.firstDivergent {
        message += "; first divergent node: '\(node.node)' (\(node.opType))"
      }
      report.status = RunReport.Status(outcome: .accuracy, stage: "accuracy", message: message)
    }
  }

  // MARK: Stages

  /// Capability: which nodes the target claims, where they run; stops on refusals, and on
  /// fallback under `--no-fallback`.
  func capabilityStage(_ graph: Graph, _ report: inout RunReport, _ progress: any ProgressReporter) throws {
    let placement = try stage("capability", &report, progress, failing: .cannotRun, summary: { (p: RunReport.Placement) in
      if !p.refused.isEmpty { return "refuses \(p.refused.count) of \(p.total) nodes" }
      if p.fallback > 0 { return "\(p.total - p.fallback) of \(p.total) nodes on the device, \(p.fallback) fall back" }
      return "claims all \(p.total) nodes"
    }) { Self.placement(of: graph, on: target) }
    report.placement = placement
    if let first = placement.refused.first {
      let more = placement.refused.count > 1 ? " (and \(placement.refused.count - 1) more)" : ""
      throw Stop(
        outcome: .cannotRun, stage: "capability",
        message: "\(target.name) refuses node '\(first.node)' (\(first.opType)): \(first.reason)\(more)")
    }
    if placement.fallback > 0 && !options.allowFallback {
      report.nextActions = RunReport.nextActions(placement: placement, estimate: nil)
      let list = (placement.nodes ?? []).filter { $0.placement == .fallback }.map {
        "  '\($0.node)' (\($0.opType)): \($0.reason ?? "")"
      }
      throw Stop(
        outcome: .cannotRun, stage: "capability",
        message: "--no-fallback: \(placement.fallback) node\(placement.fallback == 1 ? "" : "s") would fall back to the host:\n"
          + list.joined(separator: "\n"))
    }
    if placement.fallback > 0 && options.fallback == nil {
      throw Stop(
        outcome: .cannotRun, stage: "capability",
        message: "\(placement.fallback) nodes need a fallback target and none is set")
    }
  }

  /// The model with its inputs' types set to the shapes of `inputs` and every shape inferred again,
  /// for targets that run static shapes only. On failure the model is kept as it is, with a note.
  static func specialize(_ model: Model, to inputs: [String: HostValue], notes: inout [String]) -> Model {
    var graph = model.graph
    var changed: [String] = []
    for name in graph.inputs {
      guard let tensor = inputs[name]?.tensor else { continue }
      let concrete = ValueType.tensor(tensor.elementType, Shape(fixed: tensor.shape))
      if graph.type(of: name) != concrete {
        graph.types[name] = concrete
        changed.append("\(name) \(tensor.shape.map(String.init).joined(separator: "×"))")
      }
    }
    guard !changed.isEmpty else { return model }
    // Inferred types of inner values go, so inference derives them from the concrete inputs.
    let keep = Set(graph.inputs)
    graph.types = graph.types.filter { keep.contains($0.key) }
    do {
      var specialized = model
      specialized.graph = try Inference.run(graph)
      notes.append("shapes specialized to the inputs for the target (static shapes only): \(changed.joined(separator: ", "))")
      return specialized
    } catch {
      notes.append("could not specialize shapes to the inputs (\(error)); dynamic-shape nodes fall back")
      return model
    }
  }

  func validate(
    _ model: Model, _ inputs: [String: HostValue], _ executable: any Executable, _ bindings: [String: Int],
    _ report: inout RunReport, _ progress: any ProgressReporter
  ) throws -> RunReport.Accuracy {
    let graph = model.graph
    report.reference = RunReport.TargetInfo(reference)
    let (tolerance, source) = tolerance()
    if let refused = reference.capability(of: graph).refused.first {
      throw Stop(
        outcome: .cannotRun, stage: "reference",
        message:
          "the reference target '\(reference.name)' cannot run node '\(refused.node)' (\(refused.opType)): \(refused.reason); use --no-accuracy to benchmark only"
      )
    }
    var compiledReference: (any Executable)?
    func referenceExecutable() throws -> any Executable {
      if let compiledReference { return compiledReference }
      let compiled = try stage("reference compile", &report, progress, failing: .targetFailed) {
        try reference.compile(model, options: CompileOptions(dimensionBindings: bindings, cacheDirectory: options.cacheDirectory))
      }
      compiledReference = compiled
      return compiled
    }
    var layers: RunReport.Layers?
    let candidateOutputs: [String: HostValue]
    let referenceOutputs: [String: HostValue]
    let exposing = options.layers ? executable as? any ExposesIntermediates : nil
    var referenceExposing: (any ExposesIntermediates)?
    if options.layers { referenceExposing = try referenceExecutable() as? any ExposesIntermediates }
    if options.layers, let exposing, let referenceExposing {
      let candidate = try stage("run", &report, progress, detail: "on \(target.name), exposing intermediates", failing: .targetFailed) {
        try exposing.runExposingIntermediates(inputs)
      }
      let golden = try stage("reference run", &report, progress, failing: .targetFailed) {
        try referenceExposing.runExposingIntermediates(inputs)
      }
      candidateOutputs = candidate.outputs
      referenceOutputs = golden.outputs
      // Graph outputs count as exposed values too.
      let theirs = candidate.intermediates.merging(candidate.outputs) { exposed, _ in exposed }
      let ours = golden.intermediates.merging(golden.outputs) { exposed, _ in exposed }
      let comparison = LayerComparison.compare(graph: graph, reference: ours, candidate: theirs, tolerance: tolerance)
      layers = RunReport.Layers(exposed: true, comparison: comparison)
    } else {
      if options.layers {
        let who = exposing == nil ? "target '\(target.name)'" : "reference '\(reference.name)'"
        report.notes.append("--layers: the \(who) does not expose intermediate values; only outputs compared")
        layers = RunReport.Layers(exposed: false, comparison: nil)
      }
      candidateOutputs = try stage("run", &report, progress, detail: "on \(target.name)", failing: .targetFailed) {
        try executable.run(inputs)
      }
      if let shared = sharedReference?.outputs {
        referenceOutputs = shared
      } else {
        let golden = try referenceExecutable()
        referenceOutputs = try stage("reference run", &report, progress, failing: .targetFailed) {
          try golden.run(inputs)
        }
        sharedReference?.outputs = referenceOutputs
      }
    }
    var outputs: [RunReport.OutputAccuracy] = []
    for name in graph.outputs {
      let tensor = referenceOutputs[name]?.tensor
      let metrics: DriftMetrics
      switch (referenceOutputs[name], candidateOutputs[name]) {
      case (let ours?, let theirs?):
        metrics = DriftMetrics.compare(reference: ours, candidate: theirs, tolerance: tolerance)
      case (_, nil):
        metrics = DriftMetrics(structuralMismatch: "the target did not produce this output")
      case (nil, _):
        metrics = DriftMetrics(structuralMismatch: "the reference did not produce this output")
      }
      outputs.append(
        RunReport.OutputAccuracy(name: name, elementType: tensor?.elementType.name, shape: tensor?.shape, metrics: metrics))
    }
    report.notes += Self.nanNotes(referenceOutputs, order: graph.outputs)
    let pass = outputs.allSatisfy(\.pass)
    progress.end(
      "accuracy", result: pass ? "all \(outputs.count) outputs within tolerance" : "\(outputs.filter { !$0.pass }.count) outputs out of tolerance",
      seconds: 0)
    return RunReport.Accuracy(
      pass: pass, rtol: tolerance.rtol, atol: tolerance.atol, toleranceSource: source, outputs: outputs, layers: layers)
  }

  /// NaN matches NaN (NumPy's `equal_nan`), so NaN in the reference's outputs checks nothing
  /// there; say so, since it usually means the inputs are out of the model's domain.
  static func nanNotes(_ outputs: [String: HostValue], order: [String]) -> [String] {
    order.compactMap { name in
      guard let tensor = outputs[name]?.tensor, tensor.elementType.isFloatingPoint, tensor.count > 0 else { return nil }
      let nan = tensor.doubles().reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
      guard nan > 0 else { return nil }
      let share = nan == tensor.count ? "every element" : "\(nan) of \(tensor.count) elements"
      return "the reference's output '\(name)' is NaN in \(share); NaN matches NaN, so the check there proves nothing: "
        + "give inputs in the model's domain (--inputs, --input-range)"
    }
  }

  /// Tolerances: flags, else what the target declares, else the default.
  func tolerance() -> (Tolerance, String) {
    let declared = (target as? any DeclaresTolerance)?.tolerance
    let base = declared ?? .default
    let tolerance = Tolerance(rtol: options.rtol ?? base.rtol, atol: options.atol ?? base.atol)
    if options.rtol != nil || options.atol != nil { return (tolerance, "flag") }
    return (tolerance, declared == nil ? "default" : "target")
  }

  // MARK: Helpers

  /// Claimed nodes by placement, refused nodes with their reasons.
  public static func placement(of graph: Graph, on target: any Target) -> RunReport.Placement {
    if let explaining = target as? any ExplainsPlacement {
      return placement(of: graph, plan: explaining.placementPlan(of: graph))
    }
    let capability = target.capability(of: graph)
    let describer = target as? any ReportsPlacement
    let nodes = Dictionary(graph.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var counts: [PlacementKind: Int] = [:]
    var opTypes: [String: Int] = [:]
    var refused: [RunReport.RefusedNode] = []
    for entry in capability.entries {
      switch entry.decision {
      case .claimed:
        let kind = nodes[entry.node].flatMap { node in describer?.placement(of: node, in: graph) } ?? .native
        counts[kind, default: 0] += 1
        opTypes[entry.opType, default: 0] += 1
      case .refused(let reason):
        refused.append(RunReport.RefusedNode(node: entry.node, opType: entry.opType, reason: reason))
      }
    }
    return RunReport.Placement(
      total: capability.entries.count, native: counts[.native] ?? 0, decomposed: counts[.decomposed] ?? 0,
      fallback: counts[.fallback] ?? 0, refused: refused, opTypes: RunReport.NamedCount.list(opTypes))
  }

  /// Calibration input sets from a folder: each subfolder or .npz file is one set; else the folder
  /// itself is one.
  static func calibrationSets(_ directory: String, _ graph: Graph) throws -> [[String: HostValue]] {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PortError(.fileUnreadable, "--calibration: not a folder", at: Location(file: directory))
    }
    var sources: [String] = []
    for entry in try manager.contentsOfDirectory(atPath: directory).sorted() {
      let path = (directory as NSString).appendingPathComponent(entry)
      var nested: ObjCBool = false
      manager.fileExists(atPath: path, isDirectory: &nested)
      if nested.boolValue || entry.hasSuffix(".npz") { sources.append(path) }
    }
    if sources.isEmpty { sources = [directory] }
    return try sources.map { source in
      var loader = InputLoader(graph: graph)
      return try loader.load([source]).values
    }
  }

  /// Placement from a target's whole-graph plan.
  static func placement(of graph: Graph, plan: PlacementPlan) -> RunReport.Placement {
    var counts: [PlacementKind: Int] = [:]
    var opTypes: [String: Int] = [:]
    for node in plan.nodes {
      counts[node.placement, default: 0] += 1
      opTypes[node.opType, default: 0] += 1
    }
    var placement = RunReport.Placement(
      total: plan.nodes.count, native: counts[.native] ?? 0, decomposed: counts[.decomposed] ?? 0,
      fallback: counts[.fallback] ?? 0, refused: [], opTypes: RunReport.NamedCount.list(opTypes))
    placement.nodes = plan.nodes
    placement.fallbackGroups = RunReport.fallbackGroups(plan.nodes)
    placement.deviceRegions = plan.regions.filter { $0.location == "device" }.count
    placement.hostRegions = plan.regions.filter { $0.location == "host" }.count
    placement.transfers = plan.transfers
    return placement
  }

  /// Symbolic dims bound to the sizes the inputs actually have (plus `--dim`).
  static func bindings(_ graph: Graph, _ inputs: [String: HostValue], base: [String: Int]) -> [String: Int] {
    var bindings = base
    for name in graph.inputs {
      guard let dims = graph.type(of: name).shape?.dims, let sizes = inputs[name]?.tensor?.shape, dims.count == sizes.count
      else { continue }
      for (dim, size) in zip(dims, sizes) {
        if case .symbol(let symbol) = dim, bindings[symbol] == nil { bindings[symbol] = size }
      }
    }
    return bindings
  }

  /// `tensor` (first dim 1) repeated `count` times along its first dim.
  static func repeatFirstDimension(_ tensor: Tensor, _ count: Int) -> Tensor {
    var shape = tensor.shape
    shape[0] = count
    if tensor.elementType == .string {
      return Tensor(strings: Array([[String]](repeating: tensor.strings, count: count).joined()), shape: shape)
    }
    if tensor.elementType.bitWidth % 8 == 0 {
      var data = Data(capacity: tensor.bytes.count * count)
      for _ in 0..<count { data.append(tensor.bytes) }
      return Tensor(tensor.elementType, shape: shape, bytes: data)
    }
    // Packed sub-byte types: go through the wide form.
    let values = tensor.doubles()
    return Tensor(tensor.elementType, shape: shape, doubles: Array([[Double]](repeating: values, count: count).joined()))
  }

  func validateOptions() throws {
    func bad(_ message: String) -> Stop { Stop(outcome: .badInput, stage: "flags", message: message) }
    if !options.checkAccuracy && !options.measurePerformance {
      throw bad("--no-accuracy and --no-perf together leave nothing to do")
    }
    if options.benchmark.minQueries < 1 { throw bad("--min-queries must be at least 1") }
    if options.benchmark.minSeconds < 0 || !options.benchmark.minSeconds.isFinite { throw bad("--min-time must be ≥ 0") }
    if options.benchmark.warmup < 0 { throw bad("--warmup must be ≥ 0") }
    if options.benchmark.rounds < 1 { throw bad("--rounds must be at least 1") }
    if let threads = options.threads, threads < 1 { throw bad("--threads must be at least 1") }
    if let batch = options.batch, batch < 1 { throw bad("--batch must be at least 1") }
    for value in [options.rtol, options.atol, options.pricePerHour, options.watts] {
      if let value, value < 0 || !value.isFinite { throw bad("tolerances, prices and watts must be finite and ≥ 0") }
    }
    if !options.inputSources.isEmpty && (!options.inputSpec.shapes.isEmpty || !options.inputSpec.ranges.isEmpty) {
      throw bad("--shape and --input-range shape random inputs; they do not apply with --inputs")
    }
  }

  /// Every name a flag mentions must exist in the model.
  func checkNames(against graph: Graph) throws {
    let inputs = Set(graph.inputs)
    for name in Array(options.inputSpec.shapes.keys) + Array(options.inputSpec.ranges.keys) where !inputs.contains(name) {
      throw Stop(
        outcome: .badInput, stage: "flags",
        message: "the model has no input '\(name)' (inputs: \(graph.inputs.joined(separator: ", ")))")
    }
    var symbols = Set<String>()
    for name in graph.inputs {
      for dim in graph.type(of: name).shape?.dims ?? [] {
        if case .symbol(let symbol) = dim { symbols.insert(symbol) }
      }
    }
    for symbol in options.inputSpec.dims.keys where !symbols.contains(symbol) {
      let known = symbols.isEmpty ? "the inputs have no symbolic dims" : "symbolic dims: \(symbols.sorted().joined(separator: ", "))"
      throw Stop(outcome: .badInput, stage: "flags", message: "--dim \(symbol): no input has a dimension named '\(symbol)' (\(known))")
    }
  }
}

/// The reference's outputs on one set of inputs, computed by the first job that needs them and
/// reused by the others (`port compare` runs every target on the same inputs).
public final class SharedReference: @unchecked Sendable {
  public var outputs: [String: HostValue]?
  public init() {}
}
