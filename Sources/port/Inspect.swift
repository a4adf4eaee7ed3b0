import ArgumentParser
import Foundation
import PortImport
import PortIR

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Describe a model: versions, inputs, outputs, ops, size, cost.")

  @Argument(help: "The ONNX model file.")
  var model: String

  @Flag(name: .long, help: "Print JSON instead of text.")
  var json = false

  @Flag(name: .long, help: "Also print the IR in its textual form.")
  var ir = false

  func run() throws {
    let imported: ImportedModel
    do {
      imported = try ONNXImporter().load(model)
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    } catch let errors as PortErrors {
      for error in errors.errors { printError(error.description) }
      throw Exit.badInput
    }
    let graph = imported.model.graph
    print("model: \(model)")
    print("ir_version: \(imported.model.irVersion)")
    print("opsets: \(imported.model.opsetImports)")
    for name in graph.inputs { print("input \(name): \(graph.type(of: name))") }
    for name in graph.outputs { print("output \(name): \(graph.type(of: name))") }
    for check in imported.report.checks { print("check \(check.name): \(check.status.rawValue) \(check.detail ?? "")") }
    if ir { print(imported.model.text) }
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Validate a model; exit 0 when valid, 2 with the problems otherwise.")

  @Argument(help: "The ONNX model file.")
  var model: String

  @Flag(name: .long, help: "Print JSON instead of text.")
  var json = false

  func run() throws {
    do {
      let imported = try ONNXImporter().load(model)
      for check in imported.report.checks { print("\(check.status.rawValue): \(check.name) \(check.detail ?? "")") }
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    } catch let errors as PortErrors {
      for error in errors.errors { printError(error.description) }
      throw Exit.badInput
    }
  }
}
