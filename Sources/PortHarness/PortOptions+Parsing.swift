import Foundation
import PortIR

// Parsing the text forms of the run's flags, so the CLI stays a list of flags and the rules are
// testable. Every problem is a `PortError(.badArgument)`: exit status 2.
extension PortOptions {
  /// `--dim batch=1` (also `batch=1,seq=128`).
  public static func parseDims(_ texts: [String]) throws -> [String: Int] {
    var dims: [String: Int] = [:]
    for text in texts {
      for part in text.split(separator: ",") {
        let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
        guard pieces.count == 2, !pieces[0].isEmpty, let size = Int(pieces[1]), size >= 0 else {
          throw PortError(.badArgument, "--dim \(part): expected NAME=SIZE, e.g. --dim batch=1")
        }
        dims[pieces[0]] = size
      }
    }
    return dims
  }

  /// `--shape x:1x3x224x224` (`x:` alone is a scalar). The name is everything before the last colon.
  public static func parseShapes(_ texts: [String]) throws -> [String: [Int]] {
    var shapes: [String: [Int]] = [:]
    for text in texts {
      guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
        throw PortError(.badArgument, "--shape \(text): expected NAME:D1xD2x…, e.g. --shape x:1x3x224x224")
      }
      let name = String(text[..<colon])
      let sizes = text[text.index(after: colon)...].split(separator: "x", omittingEmptySubsequences: false)
      var shape: [Int] = []
      if !(sizes.count == 1 && sizes[0].isEmpty) {
        for size in sizes {
          guard let value = Int(size), value >= 0 else {
            throw PortError(.badArgument, "--shape \(text): '\(size)' is not a size")
          }
          shape.append(value)
        }
      }
      shapes[name] = shape
    }
    return shapes
  }

  /// `--input-range ids:0,999` (inclusive bounds; the name is everything before the last colon).
  public static func parseRanges(_ texts: [String]) throws -> [String: ClosedRange<Double>] {
    var ranges: [String: ClosedRange<Double>] = [:]
    for text in texts {
      guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
        throw PortError(.badArgument, "--input-range \(text): expected NAME:LOW,HIGH, e.g. --input-range ids:0,999")
      }
      let bounds = text[text.index(after: colon)...].split(separator: ",").map {
        Double($0.trimmingCharacters(in: .whitespaces))
      }
      guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low.isFinite, high.isFinite, low <= high else {
        throw PortError(.badArgument, "--input-range \(text): expected two finite numbers LOW,HIGH with LOW ≤ HIGH")
      }
      ranges[String(text[..<colon])] = low...high
    }
    return ranges
  }
}
