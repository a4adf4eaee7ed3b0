import PortIR

/// STFT-17: signal [batch, length, 1|2], frame_step, optional window and frame_length →
/// [batch, frames, bins, 2].
enum STFT: OpDefinition {
  static let opType = "STFT"
  static let signature = OpSignature(inputs: 2...4, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(0) else { return }
    let onesided = context.int("onesided", default: 1) != 0
    var frameLength: Int? = context.has(3) ? context.ints(3)?.first : nil
    if frameLength == nil, context.has(2) { frameLength = context.shape(2)?.dims.first?.value }
    let step = context.ints(1)?.first
    let signal = context.shape(0)
    var frames: Dim = .unknown
    if let length = signal?.dims[1].value, let frameLength, let step, step > 0 {
      frames = .fixed(1 + (length - frameLength) / step)
    }
    let bins: Dim = frameLength.map { .fixed(onesided ? $0 / 2 + 1 : $0) } ?? .unknown
    context.setOutput(0, .tensor(type, Shape([signal?.dims[0] ?? .unknown, frames, bins, .fixed(2)])))
  }
}
