import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a job reports what it is doing.
public protocol ProgressReporter: AnyObject {
  /// A stage begins (`import`, `compile`, `benchmark`, …).
  func begin(_ stage: String, detail: String?)
  /// Iterations so far in the current stage and the seconds it has run.
  func iterations(_ count: Int, elapsed: Double)
  /// The current stage ended, with a one-line result.
  func end(_ stage: String, result: String, seconds: Double)
}

/// Reports nothing (tests, `--quiet`).
public final class SilentProgress: ProgressReporter {
  public init() {}
  public func begin(_ stage: String, detail: String?) {}
  public func iterations(_ count: Int, elapsed: Double) {}
  public func end(_ stage: String, result: String, seconds: Double) {}
}

/// Progress on standard error: on a terminal one line rewritten in place (stage, iterations,
/// elapsed), at most ten times a second; otherwise plain lines, one per stage.
public final class StreamProgress: ProgressReporter {
  let interactive: Bool
  let write: (String) -> Void
  var stage = ""
  var stageStart = 0.0
  var lastDraw = 0.0

  /// `interactive` defaults to whether standard error is a terminal.
  public init(interactive: Bool = isatty(2) != 0, write: @escaping (String) -> Void = StreamProgress.standardError) {
    self.interactive = interactive
    self.write = write
  }

  public static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  public func begin(_ stage: String, detail: String?) {
    self.stage = stage
    stageStart = Self.now()
    let text = "\(stage)…" + (detail.map { " \($0)" } ?? "")
    if interactive {
      draw(text)
    } else {
      write("[port] \(text)\n")
    }
  }

  public func iterations(_ count: Int, elapsed: Double) {
    guard interactive else { return }
    let now = Self.now()
    guard now - lastDraw >= 0.1 else { return }
    lastDraw = now
    draw("\(stage)… \(count) iterations, \(String(format: "%.1f", elapsed)) s")
  }

  public func end(_ stage: String, result: String, seconds: Double) {
    let text = "\(stage): \(result) (\(Self.formatSeconds(seconds)))"
    if interactive {
      draw(text)
      write("\n")
    } else {
      write("[port] \(text)\n")
    }
  }

  func draw(_ text: String) {
    // Carriage return and clear-to-end-of-line: rewrite the same line.
    write("\r\u{1B}[2K" + text)
  }

  static func formatSeconds(_ seconds: Double) -> String {
    seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
  }
}
