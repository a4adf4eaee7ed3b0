import PortIR
import PortTarget

/// TfIdfVectorizer-9, counting as onnxruntime and ONNX's reference do: for each skip distance,
/// every start position extends n-grams through the pool's prefix tree; unigrams count once.
enum TfIdfVectorizerKernel: ReferenceKernel {
  static let opType = "TfIdfVectorizer"

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let tokens: [String] = x.elementType == .string ? x.strings : x.int64s().map { String($0) }
    let pool: [String] = node.attributes["pool_strings"]?.strings ?? (node.ints("pool_int64s") ?? []).map { String($0) }
    let counts = node.ints("ngram_counts") ?? []
    let indexes = node.ints("ngram_indexes") ?? []
    let minGram = node.int("min_gram_length", 1)
    let maxGram = node.int("max_gram_length", 1)
    let maxSkip = node.int("max_skip_count", 0)
    let mode = node.string("mode", "TF")
    let weights = node.floats("weights")?.map(Double.init) ?? []
    guard let largest = indexes.max(), largest >= 0 else { throw node.failure("ngram_indexes must not be empty") }
    let outputSize = largest + 1

    // The pool's n-grams (ids from 1, in pool order) and every prefix of them.
    var ids: [[String]: Int] = [:]
    var prefixes: Set<[String]> = []
    var nextID = 1
    for (i, start) in counts.enumerated() {
      let end = i + 1 < counts.count ? counts[i + 1] : pool.count
      let size = i + 1
      guard end >= start, start >= 0, end <= pool.count else { throw node.failure("ngram_counts do not fit the pool") }
      let grams = (end - start) / size
      if size >= minGram && size <= maxGram {
        for g in 0..<grams {
          let gram = Array(pool[(start + g * size)..<(start + (g + 1) * size)])
          for k in 1...size { prefixes.insert(Array(gram.prefix(k))) }
          ids[gram] = nextID
          nextID += 1
        }
      } else {
        nextID += grams
      }
    }

    let rows = x.rank == 2 ? x.shape[0] : 1
    let columns = x.rank == 2 ? x.shape[1] : x.count
    guard x.rank <= 2 else { throw node.failure("X must be [C] or [N, C]") }
    var frequencies = [Double](repeating: 0, count: rows * outputSize)
    for row in 0..<rows {
      let base = row * columns
      var startSize = minGram
      for skip in 1...(maxSkip + 1) {
        var start = 0
        while start < columns {
          if start + skip * (startSize - 1) >= columns { break }
          var item = start
          var gram: [String] = []
          while gram.count < maxGram, item < columns {
            gram.append(tokens[base + item])
            guard prefixes.contains(gram) else { break }
            if gram.count >= startSize, let id = ids[gram] {
              guard id - 1 < indexes.count else { throw node.failure("ngram_indexes is too short") }
              frequencies[row * outputSize + indexes[id - 1]] += 1
            }
            item += skip
          }
          start += 1
        }
        if startSize == 1 {
          startSize += 1
          if startSize > maxGram { break }
        }
      }
    }
    if !weights.isEmpty, weights.count < outputSize, mode != "TF" { throw node.failure("weights are too few") }
    var output = frequencies
    switch mode {
    case "TF": break
    case "IDF":
      output = frequencies.enumerated().map { i, f in f > 0 ? (weights.isEmpty ? 1 : weights[i % outputSize]) : 0 }
    case "TFIDF":
      if !weights.isEmpty { output = frequencies.enumerated().map { i, f in weights[i % outputSize] * f } }
    default:
      throw node.failure("mode '\(mode)' is not supported")
    }
    return [.tensor(Tensor(.float, shape: x.rank == 2 ? [rows, outputSize] : [outputSize], doubles: output))]
  }
}
