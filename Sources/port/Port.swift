import ArgumentParser
import Foundation
import PortIR

@main
struct Port: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "port",
    abstract: "Port an ONNX model to an inference accelerator: import, fit, compile, validate, benchmark, report.",
    discussion: """
      Exit status:
        0  all good
        1  accuracy out of tolerance (or conformance tests failing)
        2  bad input: the model, a flag or a data file
        3  the target cannot run the model
        4  the target failed while compiling or running
      """,
    subcommands: [Inspect.self, Check.self, Conformance.self, Targets.self]
  )
}

/// The documented exit statuses.
enum Exit {
  static let ok = ExitCode(0)
  static let accuracy = ExitCode(1)
  static let badInput = ExitCode(2)
  static let cannotRun = ExitCode(3)
  static let targetFailed = ExitCode(4)
}

/// Prints a one-line error to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
}
