import CONNX
import Foundation
import PortIR

/// Swift face of Debian's libonnx, through the C API in `CONNX`.
public enum LibONNX {
  public static var version: String { String(cString: connx_library_version()) }
  public static var maxIRVersion: Int { Int(connx_max_ir_version()) }
  public static func maxOpset(domain: String) -> Int? {
    let value = connx_max_opset(domain)
    return value < 0 ? nil : Int(value)
  }

  public enum Outcome: Equatable {
    case passed
    case failed(String)
  }

  /// `onnx::checker::check_model` on serialized model bytes; external data is looked up in
  /// `modelDirectory`.
  public static func check(_ bytes: Data, modelDirectory: String? = nil) -> Outcome {
    var message: UnsafeMutablePointer<CChar>?
    let status = bytes.withUnsafeBytes { raw in
      if let modelDirectory {
        return modelDirectory.withCString { connx_check_model(raw.baseAddress, raw.count, $0, &message) }
      }
      return connx_check_model(raw.baseAddress, raw.count, nil, &message)
    }
    return outcome(status, message)
  }

  /// Strict `InferShapes`; returns the model with inferred value_info on success.
  public static func inferShapes(_ bytes: Data, strict: Bool = true) -> (Outcome, Data?) {
    call(bytes) { base, count, out, outLength, message in
      connx_infer_shapes(base, count, strict ? 1 : 0, out, outLength, message)
    }
  }

  /// The version converter, to another ai.onnx opset.
  public static func convertVersion(_ bytes: Data, to opset: Int) -> (Outcome, Data?) {
    call(bytes) { base, count, out, outLength, message in
      connx_convert_version(base, count, Int64(opset), out, outLength, message)
    }
  }

  private static func call(
    _ bytes: Data,
    _ body: (UnsafeRawPointer?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32
  ) -> (Outcome, Data?) {
    var message: UnsafeMutablePointer<CChar>?
    var out: UnsafeMutableRawPointer?
    var outLength = 0
    let status = bytes.withUnsafeBytes { raw in body(raw.baseAddress, raw.count, &out, &outLength, &message) }
    let result = outcome(status, message)
    guard status == Int32(CONNX_OK.rawValue), let out else { return (result, nil) }
    let data = Data(bytes: out, count: outLength)
    connx_free(out)
    return (result, data)
  }

  private static func outcome(_ status: Int32, _ message: UnsafeMutablePointer<CChar>?) -> Outcome {
    defer { if let message { connx_free(message) } }
    if status == Int32(CONNX_OK.rawValue) { return .passed }
    let text = message.map { String(cString: $0) } ?? "libonnx failed with status \(status)"
    return .failed(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
