import Foundation
import PortIR

/// The shared machinery of RNN, GRU and LSTM: layouts, directions, sequence lengths, activations.
enum Recurrent {
  typealias Activation = (Double) -> Double

  /// The named activation with its alpha/beta (defaults per the ONNX spec when not given).
  static func activation(_ name: String, alpha: Double?, beta: Double?, _ node: Node) throws -> Activation {
    switch name.lowercased() {
    case "relu": return { max($0, 0) }
    case "tanh": return { Foundation.tanh($0) }
    case "sigmoid": return { 1 / (1 + Foundation.exp(-$0)) }
    case "affine":
      let (a, b) = (alpha ?? 1, beta ?? 0)
      return { a * $0 + b }
    case "leakyrelu":
      let a = alpha ?? 0.01
      return { $0 >= 0 ? $0 : a * $0 }
    case "thresholdedrelu":
      let a = alpha ?? 1
      return { $0 > a ? $0 : 0 }
    case "scaledtanh":
      let (a, b) = (alpha ?? 1, beta ?? 1)
      return { a * Foundation.tanh(b * $0) }
    case "hardsigmoid":
      let (a, b) = (alpha ?? 0.2, beta ?? 0.5)
      return { max(0, min(1, a * $0 + b)) }
    case "elu":
      let a = alpha ?? 1
      return { $0 >= 0 ? $0 : a * (Foundation.exp($0) - 1) }
    case "softsign": return { $0 / (1 + abs($0)) }
    case "softplus": return { Foundation.log(1 + Foundation.exp($0)) }
    default: throw node.failure("activation '\(name)' is not supported")
    }
  }

  static let activationNames: Set<String> = [
    "relu", "tanh", "sigmoid", "affine", "leakyrelu", "thresholdedrelu", "scaledtanh", "hardsigmoid", "elu",
    "softsign", "softplus",
  ]

  /// Why a recurrent node cannot run here, or nil (shared by the kernels' `refusal`).
  static func refusal(for node: Node) -> String? {
    let direction = node.string("direction", "forward")
    if !["forward", "reverse", "bidirectional"].contains(direction) { return "direction '\(direction)' is not supported" }
    if let unknown = node.attributes["activations"]?.strings?.first(where: { !activationNames.contains($0.lowercased()) }) {
      return "activation '\(unknown)' is not supported"
    }
    return nil
  }

  /// Whether an activation takes alpha and beta.
  static func parameters(of name: String) -> (Bool, Bool) {
    switch name.lowercased() {
    case "affine", "scaledtanh", "hardsigmoid": return (true, true)
    case "leakyrelu", "thresholdedrelu", "elu": return (true, false)
    default: return (false, false)
    }
  }

  /// What one cell step sees.
  struct Step {
    var direction: Int
    var x: ArraySlice<Double>
    var h: [Double]
    var c: [Double]
  }

  /// The weights of one gate row block, for the cells' products.
  struct Weights {
    var w: [Double]
    var r: [Double]
    var b: [Double]
    var inputSize: Int
    var hidden: Int
    var gates: Int

    /// W[d][gate] · x + Wb[d][gate] (when `withBias`), one value per hidden unit.
    func input(_ d: Int, _ gate: Int, _ x: ArraySlice<Double>) -> [Double] {
      (0..<hidden).map { j in
        let row = ((d * gates + gate) * hidden + j) * inputSize
        var sum = b[(d * 2 * gates + gate) * hidden + j]
        for i in 0..<inputSize { sum += w[row + i] * x[x.startIndex + i] }
        return sum
      }
    }

    /// R[d][gate] · h + Rb[d][gate].
    func recurrent(_ d: Int, _ gate: Int, _ h: [Double]) -> [Double] {
      (0..<hidden).map { j in
        let row = ((d * gates + gate) * hidden + j) * hidden
        var sum = b[(d * 2 * gates + gates + gate) * hidden + j]
        for i in 0..<hidden { sum += r[row + i] * h[i] }
        return sum
      }
    }
  }

  struct Setup {
    var directions: Int
    var sequence: Int
    var batch: Int
    var hidden: Int
    var weights: Weights
    /// Activations for each direction, `perDirection` of them.
    var activations: [[Activation]]
    var clip: Double?
    var type: ElementType
  }

  /// Runs the recurrence. `cell` maps a step to the new (h, c); outputs are Y, Y_h, Y_c in the
  /// node's layout.
  static func run(
    _ node: Node, _ inputs: [HostValue?], gates: Int, defaults: [String], hasCell: Bool,
    cell: (Setup, Step) throws -> ([Double], [Double])
  ) throws -> [HostValue?] {
    let xT = try inputs.tensor(0, of: node)
    let wT = try inputs.tensor(1, of: node)
    let rT = try inputs.tensor(2, of: node)
    guard xT.rank == 3, wT.rank == 3, rT.rank == 3 else { throw node.failure("X, W and R must be 3-D") }
    let layout = node.int("layout", 0)
    let direction = node.string("direction", "forward")
    guard ["forward", "reverse", "bidirectional"].contains(direction) else {
      throw node.failure("direction '\(direction)' is not supported")
    }
    let directions = direction == "bidirectional" ? 2 : 1
    var x = try NNAdvKernels.floating(xT, node, "X")
    var (sequence, batch, inputSize) = (xT.shape[0], xT.shape[1], xT.shape[2])
    if layout != 0 {
      (sequence, batch) = (xT.shape[1], xT.shape[0])
      x = NNAdvKernels.transpose(x, xT.shape, [1, 0, 2])
    }
    let hidden = node.int("hidden_size", rT.shape[2])
    guard wT.shape == [directions, gates * hidden, inputSize], rT.shape == [directions, gates * hidden, hidden] else {
      throw node.failure("W \(wT.shape) and R \(rT.shape) do not fit \(directions) direction(s), hidden size \(hidden)")
    }
    var bias = [Double](repeating: 0, count: directions * 2 * gates * hidden)
    if let bT = inputs.optionalTensor(3) {
      guard bT.count == bias.count else { throw node.failure("B must be [\(directions), \(2 * gates * hidden)]") }
      bias = bT.doubles()
    }
    var lengths = Array(repeating: sequence, count: batch)
    if let lT = inputs.optionalTensor(4) {
      guard lT.count == batch else { throw node.failure("sequence_lens must have \(batch) elements") }
      lengths = lT.int64s().map { min(max(Int($0), 0), sequence) }
    }
    func state(_ index: Int) throws -> [Double] {
      guard let t = inputs.optionalTensor(index) else { return Array(repeating: 0, count: directions * batch * hidden) }
      guard t.count == directions * batch * hidden else { throw node.failure("initial state must hold \(directions)×\(batch)×\(hidden)") }
      let values = t.doubles()
      return layout != 0 ? NNAdvKernels.transpose(values, [batch, directions, hidden], [1, 0, 2]) : values
    }
    let initialH = try state(5)
    let initialC = hasCell ? try state(6) : []
    let names = node.attributes["activations"]?.strings ?? (0..<directions).flatMap { _ in defaults }
    let alphas = node.floats("activation_alpha")
    let betas = node.floats("activation_beta")
    let perDirection = defaults.count
    guard names.count == perDirection * directions else {
      throw node.failure("activations must list \(perDirection * directions) functions")
    }
    // alpha and beta values are consumed in order by the activations that take them (as
    // onnxruntime does); missing ones take the operator defaults.
    var alphaQueue = (alphas ?? []).map(Double.init)[...]
    var betaQueue = (betas ?? []).map(Double.init)[...]
    var activations: [[Activation]] = []
    for d in 0..<directions {
      var list: [Activation] = []
      for i in 0..<perDirection {
        let name = names[d * perDirection + i]
        let (usesAlpha, usesBeta) = parameters(of: name)
        let alpha = usesAlpha ? alphaQueue.popFirst() : nil
        let beta = usesBeta ? betaQueue.popFirst() : nil
        list.append(try activation(name, alpha: alpha, beta: beta, node))
      }
      activations.append(list)
    }
    let clip = node.attributes["clip"]?.float.map(Double.init)
    let setup = Setup(
      directions: directions, sequence: sequence, batch: batch, hidden: hidden,
      weights: Weights(w: wT.doubles(), r: rT.doubles(), b: bias, inputSize: inputSize, hidden: hidden, gates: gates),
      activations: activations, clip: clip, type: xT.elementType)

    // Y as [seq, dirs, batch, hidden]; zeros past each sequence's length.
    var y = [Double](repeating: 0, count: sequence * directions * batch * hidden)
    var lastH = initialH
    var lastC = initialC
    for d in 0..<directions {
      let reverse = direction == "reverse" || d == 1
      for b in 0..<batch {
        let offset = (d * batch + b) * hidden
        var h = Array(initialH[offset..<(offset + hidden)])
        var c = hasCell ? Array(initialC[offset..<(offset + hidden)]) : []
        let steps = Array(0..<lengths[b])
        for t in (reverse ? steps.reversed() : steps) {
          let xStart = (t * batch + b) * inputSize
          (h, c) = try cell(setup, Step(direction: d, x: x[xStart..<(xStart + inputSize)], h: h, c: c))
          let yStart = ((t * directions + d) * batch + b) * hidden
          for j in 0..<hidden { y[yStart + j] = h[j] }
        }
        for j in 0..<hidden { lastH[offset + j] = h[j] }
        if hasCell { for j in 0..<hidden { lastC[offset + j] = c[j] } }
      }
    }
    let type = xT.elementType
    var outputs: [HostValue?] = []
    if layout == 0 {
      outputs.append(.tensor(Tensor(type, shape: [sequence, directions, batch, hidden], doubles: y)))
      outputs.append(.tensor(Tensor(type, shape: [directions, batch, hidden], doubles: lastH)))
      if hasCell { outputs.append(.tensor(Tensor(type, shape: [directions, batch, hidden], doubles: lastC))) }
    } else {
      let yb = NNAdvKernels.transpose(y, [sequence, directions, batch, hidden], [2, 0, 1, 3])
      outputs.append(.tensor(Tensor(type, shape: [batch, sequence, directions, hidden], doubles: yb)))
      outputs.append(.tensor(Tensor(type, shape: [batch, directions, hidden],
        doubles: NNAdvKernels.transpose(lastH, [directions, batch, hidden], [1, 0, 2]))))
      if hasCell {
        outputs.append(.tensor(Tensor(type, shape: [batch, directions, hidden],
          doubles: NNAdvKernels.transpose(lastC, [directions, batch, hidden], [1, 0, 2]))))
      }
    }
    return Array(outputs.prefix(node.outputs.count))
  }

  /// Clips a pre-activation when `clip` is set.
  static func clipped(_ values: [Double], _ clip: Double?) -> [Double] {
    guard let clip else { return values }
    return values.map { min(max($0, -clip), clip) }
  }
}
