import Foundation
import PortIR
import PortTarget

/// Resize-19, computed axis by axis (interpolation is separable), as ONNX's reference does.
enum ResizeKernel: ReferenceKernel {
  static let opType = "Resize"

  static func refusal(for node: Node, in graph: Graph) -> String? {
    let choices: [(String, String, Set<String>)] = [
      ("mode", "nearest", ["nearest", "linear", "cubic"]),
      ("nearest_mode", "round_prefer_floor", ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]),
      ("keep_aspect_ratio_policy", "stretch", ["stretch", "not_larger", "not_smaller"]),
      ("coordinate_transformation_mode", "half_pixel", [
        "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
        "tf_crop_and_resize", "tf_half_pixel_for_nn",
      ]),
    ]
    for (name, fallback, allowed) in choices where !allowed.contains(node.string(name, fallback)) {
      return "\(name) '\(node.string(name, fallback))' is not supported"
    }
    return nil
  }

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let nonEmpty: (Int) -> Tensor? = { index in inputs.optionalTensor(index).flatMap { $0.count > 0 ? $0 : nil } }
    let roiTensor = nonEmpty(1)
    let scalesTensor = nonEmpty(2)
    let sizesTensor = nonEmpty(3)
    let rank = x.rank
    let axes = try (node.ints("axes") ?? Array(0..<rank)).map { axis -> Int in
      guard let a = Indexing.axis(axis, rank: rank) else { throw node.failure("axis \(axis) is out of range") }
      return a
    }
    guard x.shape.allSatisfy({ $0 > 0 }) else { throw node.failure("input dimensions must be positive") }
    var scale = [Double](repeating: 1, count: rank)
    var outSize = x.shape
    var roiStart = [Double](repeating: 0, count: rank)
    var roiEnd = [Double](repeating: 1, count: rank)
    if let roiTensor {
      let roi = roiTensor.doubles()
      guard roi.count == 2 * axes.count else { throw node.failure("roi must have 2 × \(axes.count) elements") }
      for (i, axis) in axes.enumerated() {
        roiStart[axis] = roi[i]
        roiEnd[axis] = roi[axes.count + i]
      }
    }
    if let sizesTensor {
      let sizes = sizesTensor.int64s().map { Int($0) }
      guard sizes.count == axes.count else { throw node.failure("sizes must have \(axes.count) elements") }
      for (i, axis) in axes.enumerated() {
        outSize[axis] = sizes[i]
        scale[axis] = Double(sizes[i]) / Double(x.shape[axis])
      }
      let policy = node.string("keep_aspect_ratio_policy", "stretch")
      if policy != "stretch" {
        let chosen = axes.map { scale[$0] }
        guard policy == "not_larger" || policy == "not_smaller" else {
          throw node.failure("keep_aspect_ratio_policy '\(policy)' is not supported")
        }
        let s = (policy == "not_larger" ? chosen.min() : chosen.max()) ?? 1
        for axis in axes {
          scale[axis] = s
          outSize[axis] = Int(s * Double(x.shape[axis]) + 0.5)
        }
      }
    } else if let scalesTensor {
      let scales = scalesTensor.doubles()
      guard scales.count == axes.count else { throw node.failure("scales must have \(axes.count) elements") }
      for (i, axis) in axes.enumerated() {
        scale[axis] = scales[i]
        outSize[axis] = Int(scales[i] * Double(x.shape[axis]))
      }
    } else {
      throw node.failure("one of scales and sizes is required")
    }

    guard outSize.allSatisfy({ $0 >= 0 }), scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw node.failure("scales and sizes must be positive")
    }
    let mode = node.string("mode", "nearest")
    let antialias = node.int("antialias", 0) != 0
    let a = Double(node.float("cubic_coeff_a", -0.75))
    let nearestMode = node.string("nearest_mode", "round_prefer_floor")
    let coefficients: (Double, Double) throws -> [Double]
    switch mode {
    case "nearest":
      coefficients = { ratio, _ in try nearest(ratio, nearestMode, node) }
    case "linear":
      coefficients = { ratio, s in antialias ? linearAntialias(ratio, s) : [1 - ratio, ratio] }
    case "cubic":
      coefficients = { ratio, s in antialias ? cubicAntialias(ratio, s, a) : cubic(ratio, a) }
    default:
      throw node.failure("mode '\(mode)' is not supported")
    }
    let settings = Settings(
      transform: node.string("coordinate_transformation_mode", "half_pixel"),
      extrapolation: Double(node.float("extrapolation_value", 0)),
      excludeOutside: node.int("exclude_outside", 0) != 0)

    var data = x.doubles()
    var shape = x.shape
    for axis in axes {
      let close = abs(scale[axis] - 1) <= 1e-9 * max(1, abs(scale[axis]))
      if close && outSize[axis] == shape[axis] && (roiTensor == nil || (abs(roiStart[axis]) <= 1e-9 && abs(roiEnd[axis] - 1) <= 1e-9)) {
        continue
      }
      data = try interpolate(
        data, shape, axis: axis, scale: scale[axis], outWidth: outSize[axis],
        roi: roiTensor == nil ? nil : (roiStart[axis], roiEnd[axis]), settings, coefficients, node)
      shape[axis] = outSize[axis]
    }
    return [.tensor(NNAdvKernels.tensor(x.elementType, outSize, data))]
  }

  struct Settings {
    var transform: String
    var extrapolation: Double
    var excludeOutside: Bool
  }

  static func nearest(_ ratio: Double, _ mode: String, _ node: Node) throws -> [Double] {
    if ratio == ratio.rounded() { return [0, 1] }
    switch mode {
    case "round_prefer_floor": return ratio <= 0.5 ? [1, 0] : [0, 1]
    case "round_prefer_ceil": return ratio < 0.5 ? [1, 0] : [0, 1]
    case "floor": return [1, 0]
    case "ceil": return [0, 1]
    default: throw node.failure("nearest_mode '\(mode)' is not supported")
    }
  }

  static func cubic(_ r: Double, _ a: Double) -> [Double] {
    let s = 1 - r
    return [
      ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
      ((a + 2) * r - (a + 3)) * r * r + 1,
      ((a + 2) * s - (a + 3)) * s * s + 1,
      ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
    ]
  }

  static func cubicAntialias(_ ratio: Double, _ scale: Double, _ a: Double) -> [Double] {
    let s = min(scale, 1)
    let start = Int((-2 / s).rounded(.down)) + 1
    let end = 2 - start
    let coeffs = (start..<end).map { i -> Double in
      let x = abs(s * (Double(i) - ratio))
      if x <= 1 { return (a + 2) * x * x * x - (a + 3) * x * x + 1 }
      if x < 2 { return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a }
      return 0
    }
    let sum = coeffs.reduce(0, +)
    return coeffs.map { $0 / sum }
  }

  static func linearAntialias(_ ratio: Double, _ scale: Double) -> [Double] {
    let s = min(scale, 1)
    let start = Int((-1 / s).rounded(.down)) + 1
    let footprint = 2 - 2 * start
    let coeffs = (start..<(start + footprint)).map { i in min(max(1 - abs((Double(i) - ratio) * s), 0), 1) }
    let sum = coeffs.reduce(0, +)
    return coeffs.map { $0 / sum }
  }

  static func interpolate(
    _ data: [Double], _ shape: [Int], axis: Int, scale: Double, outWidth: Int, roi: (Double, Double)?,
    _ settings: Settings, _ coefficients: (Double, Double) throws -> [Double], _ node: Node
  ) throws -> [Double] {
    let inWidth = shape[axis]
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    guard outWidth > 0, inWidth > 0 else { return [] }
    let width = scale * Double(inWidth)
    var weights: [[Double]] = []
    var indices: [[Int]] = []
    var extrapolated: [Bool] = []
    for y in 0..<outWidth {
      let yd = Double(y)
      var origin: Double
      var outside = false
      switch settings.transform {
      case "align_corners":
        origin = width == 1 ? 0 : yd * Double(inWidth - 1) / (width - 1)
      case "asymmetric":
        origin = yd / scale
      case "tf_crop_and_resize":
        guard let (start, end) = roi else { throw node.failure("tf_crop_and_resize needs roi") }
        origin = width == 1 ? (end - start) * Double(inWidth - 1) / 2 : yd * (end - start) * Double(inWidth - 1) / (width - 1)
        origin += start * Double(inWidth - 1)
        outside = origin < 0 || origin > Double(inWidth - 1)
      case "pytorch_half_pixel":
        origin = width == 1 ? -0.5 : (yd + 0.5) / scale - 0.5
      case "half_pixel":
        origin = (yd + 0.5) / scale - 0.5
      case "half_pixel_symmetric":
        let adjustment = Double(outWidth) / width
        let offset = Double(inWidth) / 2 * (1 - adjustment)
        origin = offset + (yd + 0.5) / scale - 0.5
      case "tf_half_pixel_for_nn":
        // Opsets 11–13 only.
        origin = (yd + 0.5) / scale
      default:
        throw node.failure("coordinate_transformation_mode '\(settings.transform)' is not supported")
      }
      guard origin.isFinite, abs(origin) < 1e15 else { throw node.failure("coordinate out of range") }
      let base = origin.rounded(.down)
      let ratio = origin == base ? 1 : origin - base
      var coeffs = try coefficients(ratio, scale)
      let n = coeffs.count
      let pad = (n + 1) / 2
      let padded = origin + Double(pad)
      let p = padded.rounded(.down)
      let frac = padded - p
      let offset: Int
      if n % 2 == 0 {
        offset = frac == 0 ? -(n / 2) : -(n / 2) + 1
      } else {
        offset = frac <= 0.5 ? -((n - 1) / 2) : -((n - 1) / 2) + 1
      }
      let first = Int(p) + offset - pad
      let neighbors = (0..<n).map { first + $0 }
      if settings.excludeOutside {
        for k in 0..<n where neighbors[k] < 0 || neighbors[k] >= inWidth { coeffs[k] = 0 }
        var sum = coeffs.reduce(0, +)
        if sum == 0 { sum = 1 }
        coeffs = coeffs.map { $0 / sum }
      }
      weights.append(coeffs)
      indices.append(neighbors.map { min(max($0, 0), inWidth - 1) })
      extrapolated.append(outside)
    }
    var out = [Double](repeating: 0, count: outer * outWidth * inner)
    for o in 0..<outer {
      for y in 0..<outWidth {
        let target = (o * outWidth + y) * inner
        if extrapolated[y] {
          for i in 0..<inner { out[target + i] = settings.extrapolation }
          continue
        }
        for (k, index) in indices[y].enumerated() {
          let w = weights[y][k]
          let source = (o * inWidth + index) * inner
          for i in 0..<inner { out[target + i] += w * data[source + i] }
        }
      }
    }
    return out
  }
}
