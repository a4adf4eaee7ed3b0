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
    subcommands: [Run.self, Compare.self, Inspect.self, Check.self, Conformance.self, Targets.self],
    defaultSubcommand: Run.self
  )

  /// ArgumentParser's own `main`, with the exit statuses above: usage errors (unknown flag,
  /// missing argument; ArgumentParser's 64) are bad input, and errors no command turned into an
  /// exit status are mapped by what they are.
  static func main() {
    let command: ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      exitWithStatus(for: error)
    }
    do {
      var running = command
      try running.run()
    } catch {
      exitWithStatus(for: error)
    }
    Foundation.exit(0)
  }

  private static func exitWithStatus(for error: Error) -> Never {
    switch error {
    case let error as PortError:
      printError(error.description)
      Foundation.exit(exitStatus(for: error.code).rawValue)
    case let errors as PortErrors:
      for error in errors.errors { printError(error.description) }
      Foundation.exit(Exit.badInput.rawValue)
    default:
      let code = exitCode(for: error)
      if code == .validationFailure {
        // Usage error: ArgumentParser's message and usage, but our status.
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(Exit.badInput.rawValue)
      }
      if code == .success || error is ExitCode || code.rawValue != ExitCode.failure.rawValue {
        // --help, --version, and the statuses commands chose themselves.
        exit(withError: error)
      }
      // Anything else (a file that could not be written, say) reached the top unhandled: the
      // input (a path given in a flag) is at fault.
      printError("\(error)")
      Foundation.exit(Exit.badInput.rawValue)
    }
  }

  static func exitStatus(for code: PortError.Code) -> ExitCode {
    switch code {
    case .unsupported: Exit.cannotRun
    case .executionFailed: Exit.targetFailed
    default: Exit.badInput
    }
  }
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

/// Prints a one-line warning to standard error.
func printWarning(_ text: String) {
  FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
}
