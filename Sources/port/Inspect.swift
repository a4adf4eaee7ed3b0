import ArgumentParser
import Foundation
import PortHarness
import PortImport
import PortIR

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe a model: versions, inputs, outputs, ops, size, cost, checks.",
    discussion: """
      Prints the IR version, opsets, producer, inputs and outputs with their types, the op histogram
      (after canonicalization), parameter count and bytes, a MAC/FLOP estimate (Conv, ConvTranspose,
      MatMul, Gemm and element-wise ops, from inferred shapes; nodes whose shapes are not static are
      listed as not counted), non-standard domains, and the checks import ran. `--json` prints the
      same as one JSON object (its keys are documented on `ModelSummary`). A model that cannot be
      imported prints one error line per problem on standard error and exits with status 2.
      """)

  @Argument(help: "The ONNX model file.")
  var model: String

  @Flag(name: .long, help: "Print JSON instead of text.")
  var json = false

  @Flag(name: .long, help: "Also print the IR in its textual form (with --json: an \"ir\" key).")
  var ir = false

  func run() throws {
    let imported = try importOrExit(model)
    let summary = ModelSummary(imported)
    if json {
      var data = summary.json
      if ir, var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
        object["ir"] = imported.model.text
        data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? data
      }
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    } else {
      var text = summary.text
      if ir { text += "\n" + imported.model.text }
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a model; exit 0 when valid, 2 with the problems otherwise.",
    discussion: """
      Valid: the model imports (decoding, structure, libonnx's checker where the model is within
      its range, operators and domains, canonicalization, type and shape inference). Problems are
      printed one per line on standard error, each naming the file and the node, tensor or field at
      fault, with the error code in brackets. Checks that did not pass without being fatal (libonnx's
      strict shape inference, agreement with libonnx's inference) are printed as warnings.
      `--json` prints {"file", "valid", "problems": [{code, message, file, node, field, hint}],
      "checks": [{name, status, detail}]} on standard output instead.
      """)

  @Argument(help: "The ONNX model file.")
  var model: String

  @Flag(name: .long, help: "Print JSON instead of text.")
  var json = false

  struct Problem: Encodable {
    var code: String
    var message: String
    var file: String?
    var node: String?
    var field: String?
    var hint: String?

    init(_ error: PortError) {
      code = error.code.rawValue
      message = error.message
      file = error.location.file
      node = error.location.node
      field = error.location.field
      hint = error.hint
    }
  }

  struct Result: Encodable {
    var file: String
    var valid: Bool
    var problems: [Problem]
    var checks: [CheckResult]
  }

  func run() throws {
    var problems: [PortError] = []
    var checks: [CheckResult] = []
    do {
      checks = try ONNXImporter().load(model).report.checks
    } catch {
      problems = importProblems(error, path: model)
    }
    if json {
      let result = Result(file: model, valid: problems.isEmpty, problems: problems.map(Problem.init), checks: checks)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      FileHandle.standardOutput.write(((try? encoder.encode(result)) ?? Data("{}".utf8)) + Data("\n".utf8))
    } else if problems.isEmpty {
      for check in checks where check.status == .failed {
        printWarning("\(model): \(check.name): \(check.detail ?? "failed")")
      }
      print("\(model): valid")
    } else {
      for problem in problems { printError(problem.description) }
    }
    if !problems.isEmpty { throw Exit.badInput }
  }
}

/// The problems an import failure reports, each located in `path`.
func importProblems(_ error: Error, path: String) -> [PortError] {
  switch error {
  case let error as PortError: return [error.inFile(path)]
  case let errors as PortErrors: return errors.errors.map { $0.inFile(path) }
  default: return [PortError(.fileUnreadable, "\(error)", at: Location(file: path))]
  }
}

/// Imports a model, or prints its problems (one line each) and exits with status 2.
func importOrExit(_ path: String) throws -> ImportedModel {
  do {
    return try ONNXImporter().load(path)
  } catch {
    for problem in importProblems(error, path: path) { printError(problem.description) }
    throw Exit.badInput
  }
}
