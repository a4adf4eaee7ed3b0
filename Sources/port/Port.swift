import ArgumentParser
import Foundation
import PortHarness
import PortIR

@main
struct Port: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "port",
    abstract: "Port an ONNX model to an inference accelerator: import, fit, compile, validate, benchmark, report.",
    discussion: """
      `port MODEL --target T` runs the whole job (the default subcommand, `run`); see
      `port run --help` for its flags.

      Exit status:
      \(RunReport.Outcome.documentation)
        (`port conformance` exits 1 when tests fail.)
      """,
    subcommands: [Run.self, Inspect.self, Check.self, Conformance.self, Targets.self],
    defaultSubcommand: Run.self
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
