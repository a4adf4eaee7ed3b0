import ArgumentParser
import PortTarget

struct Targets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the targets and what they are; for external runtimes, whether they can start and why not.")

  func run() throws {
    for target in TargetCatalog.all {
      var line = "\(target.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(target.summary)"
      if let availability = TargetCatalog.availability(of: target) { line += " [\(availability)]" }
      print(line)
    }
  }
}
