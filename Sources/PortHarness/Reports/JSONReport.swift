import Foundation

/// The `--json` report: `RunReport` in snake_case keys, pretty-printed, keys sorted.
/// Schema: `docs/report.schema.json`. Non-finite numbers (which the metrics avoid) would be
/// written as the strings "NaN", "Infinity" and "-Infinity".
public enum JSONReport {
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
  }

  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return decoder
  }

  public static func render(_ report: RunReport) throws -> String {
    String(decoding: try encoder().encode(report), as: UTF8.self) + "\n"
  }

  public static func decode(_ data: Data) throws -> RunReport {
    try decoder().decode(RunReport.self, from: data)
  }
}
