import ArgumentParser
import PortTarget

struct Targets: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the targets and what they are.")

  func run() throws {
    for target in TargetCatalog.all {
      print("\(target.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(target.summary)")
    }
  }
}
