import Foundation
import PortIR
import PortTarget

/// GridSample-22 over any number of spatial dims, following ONNX's reference: grid coordinates
/// are (x, y[, z]) for the last spatial axis first; padding zeros/border/reflection.
enum GridSampleKernel: ReferenceKernel {
  static let opType = "GridSample"

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if !["linear", "nearest", "cubic"].contains(node.string("mode", "linear")) { return "mode '\(node.string("mode", "linear"))' is not supported" }
    let padding = node.string("padding_mode", "zeros")
    return ["zeros", "border", "reflection"].contains(padding) ? nil : "padding_mode '\(padding)' is not supported"
  }

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let xT = try inputs.tensor(0, of: node)
    let gridT = try inputs.tensor(1, of: node)
    let spatial = xT.rank - 2
    guard spatial >= 1, gridT.rank == spatial + 2, gridT.shape.last == spatial, gridT.shape[0] == xT.shape[0] else {
      throw node.failure("grid \(gridT.shape) does not fit input \(xT.shape)")
    }
    let mode = node.string("mode", "linear")
    let padding = node.string("padding_mode", "zeros")
    let alignCorners = node.int("align_corners", 0) != 0
    guard ["linear", "nearest", "cubic"].contains(mode) else { throw node.failure("mode '\(mode)' is not supported") }
    guard ["zeros", "border", "reflection"].contains(padding) else {
      throw node.failure("padding_mode '\(padding)' is not supported")
    }
    let x = xT.doubles()
    let grid = gridT.doubles()
    let (n, c) = (xT.shape[0], xT.shape[1])
    let dims = Array(xT.shape[2...])
    let outSpatial = Array(gridT.shape[1..<(gridT.rank - 1)])
    let points = outSpatial.reduce(1, *)
    let plane = dims.reduce(1, *)
    let strides = Indexing.strides(dims)
    let low: [Double] = dims.map { _ in alignCorners ? 0 : -0.5 }
    let high = dims.map { alignCorners ? Double($0 - 1) : Double($0) - 0.5 }

    func reflect(_ v: Double, _ lo: Double, _ hi: Double) -> Double {
      let range = hi - lo
      guard range > 0, v.isFinite else { return lo }
      if v < lo {
        let dx = lo - v
        let k = Int(dx / range)
        let r = dx - Double(k) * range
        return k % 2 == 0 ? lo + r : hi - r
      }
      if v > hi {
        let dx = v - hi
        let k = Int(dx / range)
        let r = dx - Double(k) * range
        return k % 2 == 0 ? hi - r : lo + r
      }
      return v
    }
    /// The value at integer coordinates, with the padding rule per axis.
    func pixel(_ base: Int, _ index: [Int]) -> Double {
      var offset = base
      for axis in 0..<spatial {
        var i = index[axis]
        switch padding {
        case "zeros": if i < 0 || i >= dims[axis] { return 0 }
        case "border": i = min(max(i, 0), dims[axis] - 1)
        default: i = Int(reflect(Double(i), low[axis], high[axis]))
        }
        offset += i * strides[axis]
      }
      return x[offset]
    }
    func cubic(_ t: Double) -> [Double] {
      let a = -0.75
      let s = abs(t)
      return [
        ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
        ((a + 2) * s - (a + 3)) * s * s + 1,
        ((a + 2) * (1 - s) - (a + 3)) * (1 - s) * (1 - s) + 1,
        ((a * (2 - s) - 5 * a) * (2 - s) + 8 * a) * (2 - s) - 4 * a,
      ]
    }

    var out = [Double](repeating: 0, count: n * c * points)
    for b in 0..<n {
      for p in 0..<points {
        let g = (b * points + p) * spatial
        // Denormalized coordinates in axis order (the grid lists the last axis first).
        var coordinates = (0..<spatial).map { axis -> Double in
          let v = grid[g + spatial - 1 - axis]
          let length = Double(dims[axis])
          return alignCorners ? (v + 1) / 2 * (length - 1) : ((v + 1) * length - 1) / 2
        }
        if mode == "nearest" { coordinates = coordinates.map { $0.rounded(.toNearestOrEven) } }
        for axis in 0..<spatial where coordinates[axis] < low[axis] || coordinates[axis] > high[axis] {
          if padding == "border" {
            coordinates[axis] = min(max(coordinates[axis], 0), Double(dims[axis] - 1))
          } else if padding == "reflection" {
            coordinates[axis] = reflect(coordinates[axis], low[axis], high[axis])
          }
        }
        // Each axis contributes (index, weight) taps; the sample is their tensor product.
        guard coordinates.allSatisfy({ $0.isFinite && abs($0) < 1e15 }) else {
          throw node.failure("grid holds a non-finite or huge coordinate")
        }
        var taps: [[(Int, Double)]] = []
        for v in coordinates {
          switch mode {
          case "nearest":
            taps.append([(Int(v), 1)])
          case "linear":
            let f = v.rounded(.down)
            taps.append([(Int(f), 1 - (v - f)), (Int(f) + 1, v - f)])
          default:
            let f = v.rounded(.down)
            let w = cubic(v - f)
            taps.append((0..<4).map { (Int(f) - 1 + $0, w[$0]) })
          }
        }
        for ch in 0..<c {
          let base = (b * c + ch) * plane
          var sum = 0.0
          var choice = [Int](repeating: 0, count: spatial)
          while true {
            var weight = 1.0
            var index = [Int](repeating: 0, count: spatial)
            for axis in 0..<spatial {
              let (i, w) = taps[axis][choice[axis]]
              index[axis] = i
              weight *= w
            }
            sum += weight * pixel(base, index)
            var axis = spatial - 1
            while axis >= 0 {
              choice[axis] += 1
              if choice[axis] < taps[axis].count { break }
              choice[axis] = 0
              axis -= 1
            }
            if axis < 0 { break }
          }
          out[(b * c + ch) * points + p] = sum
        }
      }
    }
    return [.tensor(NNAdvKernels.tensor(xT.elementType, [n, c] + outSpatial, out))]
  }
}
