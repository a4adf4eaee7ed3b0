import Foundation
import PortIR

/// The suites of the ONNX backend test data (`onnx/backend/test/data` of the onnx 1.22.0 wheel).
public enum ConformanceSuite: String, CaseIterable, Sendable {
  case node, light, pytorchConverted = "pytorch-converted", pytorchOperator = "pytorch-operator", simple

  /// Where Scripts/fetch-conformance-data puts the data, relative to the repository.
  public static let defaultDataDirectory = ".cache/onnx-1.22.0/backend-test-data"
}

/// One test: a model and its data sets.
public struct ConformanceCase: Sendable {
  public var name: String
  public var suite: ConformanceSuite
  public var modelPath: String
  /// Folders holding input_N.pb / output_N.pb; empty for light models (inputs are generated).
  public var dataSets: [String]
  /// Light models: the stored output and the tolerances from real/*/data.json.
  public var storedOutput: String?
  public var rtol: Double
  public var atol: Double

  /// Lists the cases of a suite in `root` (the folder holding node/, light/, real/, …), by name.
  public static func list(_ suite: ConformanceSuite, root: String) throws -> [ConformanceCase] {
    let fileManager = FileManager.default
    if suite == .light { return try listLight(root: root) }
    let folder = root + "/" + suite.rawValue
    guard let names = try? fileManager.contentsOfDirectory(atPath: folder) else {
      throw PortError(
        .fileUnreadable, "no conformance data", at: Location(file: folder),
        hint: "run Scripts/fetch-conformance-data, or pass --data DIR")
    }
    return names.sorted().compactMap { name in
      let directory = folder + "/" + name
      let model = directory + "/model.onnx"
      guard fileManager.fileExists(atPath: model) else { return nil }
      let sets = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasPrefix("test_data_set_") }.sorted().map { directory + "/" + $0 }
      return ConformanceCase(
        name: name, suite: suite, modelPath: model, dataSets: sets, storedOutput: nil, rtol: 1e-3, atol: 1e-7)
    }
  }

  static func listLight(root: String) throws -> [ConformanceCase] {
    let realFolder = root + "/real"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: realFolder) else {
      throw PortError(
        .fileUnreadable, "no light-model data", at: Location(file: realFolder),
        hint: "run Scripts/fetch-conformance-data, or pass --data DIR")
    }
    struct Settings: Decodable {
      var atol: Double
      var rtol: Double
      var model_name: String
    }
    return try names.sorted().compactMap { name in
      let json = realFolder + "/" + name + "/data.json"
      guard let data = FileManager.default.contents(atPath: json) else { return nil }
      let settings = try JSONDecoder().decode(Settings.self, from: data)
      let base = root + "/light/light_" + settings.model_name
      return ConformanceCase(
        name: "light_" + settings.model_name, suite: .light, modelPath: base + ".onnx", dataSets: [],
        storedOutput: base + "_output_0.pb", rtol: settings.rtol, atol: settings.atol)
    }
  }
}
