import Foundation
import PortIR
import PortOps

/// Shared arithmetic of the NN kernels: a cache-blocked Double matrix product, im2col, and the
/// small conversions the convolution, pooling and normalization kernels repeat.
enum NNKernels {
  /// c[m×n] (+)= a[m×k] · b[k×n], row-major with leading dimensions; accumulates in Double.
  ///
  /// Blocked like GotoBLAS: panels of b (kc×nc) and a (mc×kc) are packed contiguous, and a 4×4
  /// register tile sums each output over a whole k panel.
  static func matmul(
    m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool = false
  ) {
    if !accumulate {
      for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
    }
    guard m > 0, n > 0, k > 0 else { return }
    let mr = 4, nr = 4, kc = 256, nc = 512, mc = 64
    let packedB = UnsafeMutablePointer<Double>.allocate(capacity: kc * (nc + nr))
    let packedA = UnsafeMutablePointer<Double>.allocate(capacity: (mc + mr) * kc)
    defer {
      packedB.deallocate()
      packedA.deallocate()
    }
    for jc in stride(from: 0, to: n, by: nc) {
      let nb = min(nc, n - jc)
      for pc in stride(from: 0, to: k, by: kc) {
        let kb = min(kc, k - pc)
        // B panel: column strips of width nr; element (kk, jj) of strip p at p·kb·nr + kk·nr + jj.
        for (p, jr) in stride(from: 0, to: nb, by: nr).enumerated() {
          let width = min(nr, nb - jr)
          let strip = packedB + p * kb * nr
          for kk in 0..<kb {
            let row = b + (pc + kk) * ldb + jc + jr
            let dst = strip + kk * nr
            for jj in 0..<width { dst[jj] = row[jj] }
            for jj in width..<nr { dst[jj] = 0 }
          }
        }
        for ic in stride(from: 0, to: m, by: mc) {
          let mb = min(mc, m - ic)
          // A panel: row strips of height mr; element (ii, kk) of strip q at q·kb·mr + kk·mr + ii.
          for (q, ir) in stride(from: 0, to: mb, by: mr).enumerated() {
            let height = min(mr, mb - ir)
            let strip = packedA + q * kb * mr
            for ii in 0..<mr {
              if ii < height {
                let row = a + (ic + ir + ii) * lda + pc
                for kk in 0..<kb { strip[kk * mr + ii] = row[kk] }
              } else {
                for kk in 0..<kb { strip[kk * mr + ii] = 0 }
              }
            }
          }
          for (p, jr) in stride(from: 0, to: nb, by: nr).enumerated() {
            let width = min(nr, nb - jr)
            for (q, ir) in stride(from: 0, to: mb, by: mr).enumerated() {
              let height = min(mr, mb - ir)
              tile(kb, packedA + q * kb * mr, packedB + p * kb * nr, c + (ic + ir) * ldc + jc + jr, ldc, height, width)
            }
          }
        }
      }
    }
  }

  /// The 4×4 register tile: c[0..<height, 0..<width] += Σₖ a[k] ⊗ b[k].
  @inline(__always)
  private static func tile(
    _ kb: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ height: Int, _ width: Int
  ) {
    var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    for kk in 0..<kb {
      let bv = rawB.loadUnaligned(fromByteOffset: kk * 32, as: SIMD4<Double>.self)
      let av = rawA.loadUnaligned(fromByteOffset: kk * 32, as: SIMD4<Double>.self)
      c0 += av[0] * bv
      c1 += av[1] * bv
      c2 += av[2] * bv
      c3 += av[3] * bv
    }
    if height > 0 { add(c0, c, width) }
    if height > 1 { add(c1, c + ldc, width) }
    if height > 2 { add(c2, c + 2 * ldc, width) }
    if height > 3 { add(c3, c + 3 * ldc, width) }
  }

  @inline(__always)
  private static func add(_ v: SIMD4<Double>, _ row: UnsafeMutablePointer<Double>, _ width: Int) {
    if width == 4 {
      let raw = UnsafeMutableRawPointer(row)
      raw.storeBytes(of: raw.loadUnaligned(as: SIMD4<Double>.self) + v, as: SIMD4<Double>.self)
    } else {
      for j in 0..<width { row[j] += v[j] }
    }
  }

  /// Lays out, for one image of `channels` × spatial `geometry.input`, the matrix whose row
  /// (c, kernel offset) holds, per output position, the input value the window reads there (0 in padding).
  /// Result: channels·∏kernel rows × ∏output columns, written to `col`.
  static func im2col(
    _ x: UnsafePointer<Double>, channels: Int, _ g: NNCore.Geometry, _ col: UnsafeMutablePointer<Double>
  ) {
    let spatial = g.input.count
    let inputSize = g.input.reduce(1, *)
    let outputSize = g.output.reduce(1, *)
    let kernelSize = g.kernel.reduce(1, *)
    let last = spatial - 1
    let outLast = g.output[last]
    let inLast = g.input[last]
    let inStrides = Indexing.strides(g.input)
    var row = col
    for c in 0..<channels {
      let image = x + c * inputSize
      for offset in 0..<kernelSize {
        let k = Indexing.unravel(offset, g.kernel)
        // Odometer over all output axes but the last; the last is the tight loop.
        var position = Array(repeating: 0, count: spatial)
        var column = 0
        while column < outputSize {
          var base = 0
          var inside = true
          for axis in 0..<last {
            let i = position[axis] * g.strides[axis] - g.padBegin[axis] + k[axis] * g.dilations[axis]
            if i < 0 || i >= g.input[axis] { inside = false; break }
            base += i * inStrides[axis]
          }
          let dst = row + column
          if inside {
            let start = k[last] * g.dilations[last] - g.padBegin[last]
            let step = g.strides[last]
            for o in 0..<outLast {
              let i = o * step + start
              dst[o] = i >= 0 && i < inLast ? image[base + i] : 0
            }
          } else {
            dst.update(repeating: 0, count: outLast)
          }
          column += outLast
          var axis = last - 1
          while axis >= 0 {
            position[axis] += 1
            if position[axis] < g.output[axis] { break }
            position[axis] = 0
            axis -= 1
          }
        }
        row += outputSize
      }
    }
  }

  /// Whether im2col would copy the input unchanged (1×… kernel, unit strides, no padding).
  static func isPointwise(_ g: NNCore.Geometry) -> Bool {
    g.kernel.allSatisfy { $0 == 1 } && g.strides.allSatisfy { $0 == 1 } && g.padBegin.allSatisfy { $0 == 0 }
      && g.output == g.input
  }

  /// A grouped convolution over Double buffers: y[N, M, out…] = w[M, C/group, k…] ⋆ x[N, C, in…] (+ bias).
  static func convolve(
    _ x: [Double], batch: Int, channels: Int, _ w: [Double], filters: Int, group: Int, bias: [Double]?,
    _ g: NNCore.Geometry
  ) -> [Double] {
    let inputSize = g.input.reduce(1, *)
    let outputSize = g.output.reduce(1, *)
    let kernelSize = g.kernel.reduce(1, *)
    let groupChannels = channels / group
    let groupFilters = filters / group
    let depth = groupChannels * kernelSize
    var y = [Double](repeating: 0, count: batch * filters * outputSize)
    let pointwise = isPointwise(g)
    var col = [Double](repeating: 0, count: pointwise ? 0 : depth * outputSize)
    x.withUnsafeBufferPointer { xs in
      w.withUnsafeBufferPointer { ws in
        y.withUnsafeMutableBufferPointer { ys in
          col.withUnsafeMutableBufferPointer { cols in
            guard let xp = xs.baseAddress, let wp = ws.baseAddress, let yp = ys.baseAddress else { return }
            for n in 0..<batch {
              for gi in 0..<group {
                let image = xp + (n * channels + gi * groupChannels) * inputSize
                let matrix: UnsafePointer<Double>
                if pointwise {
                  matrix = image
                } else if let colp = cols.baseAddress {
                  im2col(image, channels: groupChannels, g, colp)
                  matrix = UnsafePointer(colp)
                } else {
                  continue
                }
                matmul(
                  m: groupFilters, n: outputSize, k: depth, a: wp + gi * groupFilters * depth, lda: depth, b: matrix,
                  ldb: outputSize, c: yp + (n * filters + gi * groupFilters) * outputSize, ldc: outputSize)
              }
            }
            if let bias {
              for n in 0..<batch {
                for f in 0..<filters {
                  let row = yp + (n * filters + f) * outputSize
                  for i in 0..<outputSize { row[i] += bias[f] }
                }
              }
            }
          }
        }
      }
    }
    return y
  }

  /// A window geometry, or a failure naming the node.
  static func geometry(_ node: Node, input: [Int], kernel: [Int]) throws -> NNCore.Geometry {
    do {
      return try NNCore.Geometry(node, input: input, kernel: kernel)
    } catch {
      throw node.failure(error.description)
    }
  }

  /// Normalizes `axis` against `rank`, or fails naming the node.
  static func axis(_ node: Node, _ axis: Int, rank: Int) throws -> Int {
    guard let normalized = Indexing.axis(axis, rank: rank) else {
      throw node.failure("axis \(axis) is out of range for rank \(rank)")
    }
    return normalized
  }
}

extension NNKernels {
  /// numpy.matmul over Double buffers: batch dims broadcast, 1-D operands promoted then squeezed.
  static func batchedMatmul(_ a: [Double], _ aShape: [Int], _ b: [Double], _ bShape: [Int], node: Node) throws -> (
    [Double], [Int]
  ) {
    guard !aShape.isEmpty, !bShape.isEmpty else { throw node.failure("matmul operands must have rank ≥ 1") }
    let left = aShape.count == 1 ? [1, aShape[0]] : aShape
    let right = bShape.count == 1 ? [bShape[0], 1] : bShape
    let (m, k) = (left[left.count - 2], left[left.count - 1])
    let (k2, n) = (right[right.count - 2], right[right.count - 1])
    guard k == k2 else { throw node.failure("inner dimensions \(k) and \(k2) differ") }
    let aBatch = Array(left.dropLast(2))
    let bBatch = Array(right.dropLast(2))
    let batch: [Int]
    do { batch = try Broadcast.sizes([aBatch, bBatch]) } catch { throw node.failure("batch dimensions: \(error)") }
    let count = batch.reduce(1, *)
    let mapA = Indexing.broadcastMap(from: aBatch, to: batch)
    let mapB = Indexing.broadcastMap(from: bBatch, to: batch)
    var y = [Double](repeating: 0, count: count * m * n)
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        y.withUnsafeMutableBufferPointer { yp in
          guard let ab = ap.baseAddress, let bb = bp.baseAddress, let yb = yp.baseAddress else { return }
          for i in 0..<count {
            matmul(
              m: m, n: n, k: k, a: ab + mapA[i] * m * k, lda: k, b: bb + mapB[i] * k * n, ldb: n,
              c: yb + i * m * n, ldc: n)
          }
        }
      }
    }
    var shape = batch
    if aShape.count > 1 { shape.append(m) }
    if bShape.count > 1 { shape.append(n) }
    return (y, shape)
  }

  /// A row-major [rows × cols] matrix transposed.
  static func transposed(_ x: [Double], rows: Int, cols: Int) -> [Double] {
    var y = [Double](repeating: 0, count: x.count)
    for i in 0..<rows {
      for j in 0..<cols { y[j * rows + i] = x[i * cols + j] }
    }
    return y
  }

  enum PoolKind { case average(includePad: Bool), max, lp(Double) }

  /// Sliding-window pooling over x[N, C, spatial…] (the ONNX reference's window rules: positions in
  /// explicit padding count for `count_include_pad`, positions added by ceil_mode never count).
  /// Returns the pooled values and, for max, the flat index of each maximum (row-major, or
  /// column-major over the spatial dims when `columnMajor`).
  static func pool(_ x: [Double], shape: [Int], _ g: NNCore.Geometry, _ kind: PoolKind, columnMajor: Bool = false)
    -> ([Double], [Int64])
  {
    let planes = shape[0] * shape[1]
    let spatial = g.input.count
    let inputSize = g.input.reduce(1, *)
    let outputSize = g.output.reduce(1, *)
    let kernelSize = g.kernel.reduce(1, *)
    let strides = Indexing.strides(g.input)
    let columnStrides = Indexing.strides(Array(g.input.reversed())).reversed().map { $0 }
    // Per kernel offset, its per-axis position (precomputed once).
    let offsets = (0..<kernelSize).map { Indexing.unravel($0, g.kernel) }
    var y = [Double](repeating: 0, count: planes * outputSize)
    var indices = [Int64](repeating: 0, count: { if case .max = kind { return planes * outputSize }; return 0 }())
    var coordinate = [Int](repeating: 0, count: spatial)
    for o in 0..<outputSize {
      let position = Indexing.unravel(o, g.output)
      // The window's input positions: flat index (or -1 when padding), and whether it counts.
      var linear: [Int] = []
      var column: [Int] = []
      var padCount = 0
      for k in offsets {
        var inside = true
        var counted = true
        for axis in 0..<spatial {
          let i = position[axis] * g.strides[axis] - g.padBegin[axis] + k[axis] * g.dilations[axis]
          coordinate[axis] = i
          if i < 0 || i >= g.input[axis] { inside = false }
          if i >= g.input[axis] + g.padEnd[axis] { counted = false }
        }
        if inside {
          linear.append(zip(coordinate, strides).reduce(0) { $0 + $1.0 * $1.1 })
          column.append(zip(coordinate, columnStrides).reduce(0) { $0 + $1.0 * $1.1 })
        } else if counted {
          padCount += 1
        }
      }
      for plane in 0..<planes {
        let base = plane * inputSize
        let out = plane * outputSize + o
        switch kind {
        case .average(let includePad):
          var sum = 0.0
          for i in linear { sum += x[base + i] }
          let count = linear.count + (includePad ? padCount : 0)
          y[out] = count > 0 ? sum / Double(count) : .nan
        case .lp(let p):
          // (Σ |x|^p)^(1/p) over the window; padding adds zeros (the backend tests' definition).
          var sum = 0.0
          for i in linear { sum += Foundation.pow(Swift.abs(x[base + i]), p) }
          y[out] = Foundation.pow(sum, 1 / p)
        case .max:
          var best = -Double.infinity
          var at = -1
          for (n, i) in linear.enumerated() where at < 0 || x[base + i] > best {
            best = x[base + i]
            at = n
          }
          y[out] = at < 0 ? 0 : best
          indices[out] = at < 0 ? -1 : Int64(base + (columnMajor ? column[at] : linear[at]))
        }
      }
    }
    return (y, indices)
  }
}

extension NNKernels {
  /// Applies `transform` to every 1-D slice of x along the node's `axis` (default -1).
  static func alongAxis(_ node: Node, _ x: Tensor, axis fallback: Int = -1, _ transform: ([Double]) -> [Double]) throws
    -> Tensor
  {
    let axis = try NNKernels.axis(node, node.int("axis", fallback), rank: x.rank)
    let values = x.doubles()
    guard x.rank > 0 else { return Tensor(x.elementType, shape: x.shape, doubles: transform(values)) }
    let size = x.shape[axis]
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    let outer = x.shape[..<axis].reduce(1, *)
    var y = [Double](repeating: 0, count: values.count)
    var row = [Double](repeating: 0, count: size)
    for o in 0..<outer {
      for i in 0..<inner {
        let base = o * size * inner + i
        for j in 0..<size { row[j] = values[base + j * inner] }
        let result = transform(row)
        for j in 0..<size { y[base + j * inner] = result[j] }
      }
    }
    return Tensor(x.elementType, shape: x.shape, doubles: y)
  }
}

extension NNKernels {
  /// Scatter-adds columns back into images: col[channels·∏kernel, ∏grid] where grid position p
  /// and kernel offset k land at image position p·stride − padBegin + k·dilation (dropped outside).
  /// The inverse of im2col; ConvTranspose and Col2Im use it.
  static func col2im(
    _ col: UnsafePointer<Double>, channels: Int, grid: [Int], image: [Int], kernel: [Int], strides: [Int],
    dilations: [Int], padBegin: [Int], into y: UnsafeMutablePointer<Double>
  ) {
    let spatial = image.count
    let gridSize = grid.reduce(1, *)
    let imageSize = image.reduce(1, *)
    let kernelSize = kernel.reduce(1, *)
    let imageStrides = Indexing.strides(image)
    let positions = (0..<gridSize).map { Indexing.unravel($0, grid) }
    var row = col
    for c in 0..<channels {
      let plane = y + c * imageSize
      for offset in 0..<kernelSize {
        let k = Indexing.unravel(offset, kernel)
        for (g, p) in positions.enumerated() {
          var flat = 0
          var inside = true
          for axis in 0..<spatial {
            let i = p[axis] * strides[axis] - padBegin[axis] + k[axis] * dilations[axis]
            if i < 0 || i >= image[axis] { inside = false; break }
            flat += i * imageStrides[axis]
          }
          if inside { plane[flat] += row[g] }
        }
        row += gridSize
      }
    }
  }
}

extension NNKernels {
  /// Mean and population variance of each of `rows` contiguous rows of `cols` values.
  static func rowStatistics(_ x: [Double], rows: Int, cols: Int) -> (mean: [Double], variance: [Double]) {
    var mean = [Double](repeating: 0, count: rows)
    var variance = [Double](repeating: 0, count: rows)
    guard cols > 0 else { return (mean, variance) }
    for r in 0..<rows {
      var sum = 0.0
      for i in (r * cols)..<((r + 1) * cols) { sum += x[i] }
      let m = sum / Double(cols)
      var squares = 0.0
      for i in (r * cols)..<((r + 1) * cols) { squares += (x[i] - m) * (x[i] - m) }
      mean[r] = m
      variance[r] = squares / Double(cols)
    }
    return (mean, variance)
  }

  /// `other` broadcast to `shape` (unidirectionally), as Double values in x's order.
  static func broadcast(_ other: Tensor, to shape: [Int], node: Node) throws -> [Double] {
    guard (try? Broadcast.sizes([other.shape, shape])) == shape else {
      throw node.failure("\(other.shape) does not broadcast to \(shape)")
    }
    let values = other.doubles()
    return Indexing.broadcastMap(from: other.shape, to: shape).map { values[$0] }
  }
}

extension NNKernels {
  /// For each element of x, the index of its quantization parameter: one for all (per tensor), one
  /// per index along `axis` (per axis, 1-D), or one per `blockSize` run along `axis` (blocked, same rank as x).
  static func quantizationMap(_ node: Node, x: [Int], parameter: [Int], axis: Int, blockSize: Int) throws -> [Int] {
    let count = x.reduce(1, *)
    let elements = parameter.reduce(1, *)
    if elements == 1 && blockSize == 0 { return Array(repeating: 0, count: count) }
    let axis = try NNKernels.axis(node, axis, rank: x.count)
    if blockSize > 0 {
      guard parameter.count == x.count,
        (0..<x.count).allSatisfy({ $0 == axis ? parameter[$0] == (x[$0] + blockSize - 1) / blockSize : parameter[$0] == x[$0] })
      else { throw node.failure("blocked scale \(parameter) does not fit x \(x) with block_size \(blockSize)") }
      let strides = Indexing.strides(parameter)
      return (0..<count).map { linear in
        var index = Indexing.unravel(linear, x)
        index[axis] /= blockSize
        return zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
      }
    }
    guard parameter.count == 1, parameter[0] == x[axis] else {
      throw node.failure("per-axis scale \(parameter) must be 1-D of size \(x[axis]) (axis \(axis))")
    }
    let inner = x[(axis + 1)...].reduce(1, *)
    return (0..<count).map { ($0 / inner) % x[axis] }
  }

  /// Values rounded to `type` and read back (to compute "in" a narrower float type).
  static func rounded(_ values: [Double], to type: ElementType) -> [Double] {
    type == .double || !type.isFloatingPoint ? values : Tensor(type, shape: [values.count], doubles: values).doubles()
  }
}

extension NNKernels {
  /// The negative log-likelihood of `logProbabilities` [N, C, d…] at `target` [N, d…], weighted by
  /// `weight[target]` (0 where target is `ignore_index`), reduced by `reduction`: `mean` divides by
  /// the summed weights when weights are in play, else by the element count.
  static func negativeLogLikelihood(
    _ node: Node, _ logProbabilities: [Double], shape: [Int], target: Tensor, weight: Tensor?
  ) throws -> (values: [Double], shape: [Int]) {
    guard shape.count >= 2, target.shape == [shape[0]] + Array(shape.dropFirst(2)) else {
      throw node.failure("target \(target.shape) does not fit input \(shape)")
    }
    let reduction = node.string("reduction", "mean")
    let ignore = node.attributes["ignore_index"]?.int.map(Int64.init)
    let classes = shape[1]
    let inner = shape.dropFirst(2).reduce(1, *)
    let labels = target.int64s()
    let weights = weight?.doubles()
    var losses = [Double](repeating: 0, count: labels.count)
    var factors = [Double](repeating: 1, count: labels.count)
    for (i, label) in labels.enumerated() {
      if let ignore, label == ignore {
        factors[i] = 0
        continue
      }
      guard label >= 0, label < classes else { throw node.failure("target \(label) is not a class index below \(classes)") }
      let (n, d) = (i / inner, i % inner)
      factors[i] = weights?[Int(label)] ?? 1
      losses[i] = -logProbabilities[(n * classes + Int(label)) * inner + d] * factors[i]
    }
    switch reduction {
    case "none": return (losses, target.shape)
    case "sum": return ([losses.reduce(0, +)], [])
    case "mean":
      let weighted = weights != nil || ignore != nil
      let denominator = weighted ? factors.reduce(0, +) : Double(losses.count)
      return ([losses.reduce(0, +) / denominator], [])
    default: throw node.failure("reduction '\(reduction)' is not none, sum or mean")
    }
  }
}

extension NNKernels {
  /// The Global*Pool family: reduces each (batch, channel) plane of `x` to one value.
  static func globalPool(
    _ node: Node, _ inputs: [HostValue?], reduce: (ArraySlice<Double>) -> Double
  ) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank >= 2 else { throw node.failure("X must have rank ≥ 2") }
    let size = x.shape.dropFirst(2).reduce(1, *)
    let values = x.doubles()
    let y = (0..<(x.shape[0] * x.shape[1])).map { index in reduce(values[(index * size)..<((index + 1) * size)]) }
    let shape = Array(x.shape.prefix(2)) + Array(repeating: 1, count: x.rank - 2)
    return [.tensor(Tensor(x.elementType, shape: shape, doubles: y))]
  }
}
