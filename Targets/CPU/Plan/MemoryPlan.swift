/// Offsets for the intermediate buffers in one arena, reusing memory between buffers whose
/// lifetimes do not overlap (greedy by size, largest first, each at the lowest offset that does
/// not collide with an already-placed buffer live at the same time).
struct MemoryPlan: Equatable {
  /// A buffer to place: bytes and the first and last step that touch it (inclusive).
  struct Request: Equatable {
    var bytes: Int
    var first: Int
    var last: Int
  }

  static let alignment = 64

  var offsets: [Int]
  var arenaBytes: Int

  /// The sum of every request's size: what the plan would take without reuse.
  var unsharedBytes: Int

  init(_ requests: [Request]) {
    let order = requests.indices.sorted { requests[$0].bytes != requests[$1].bytes ? requests[$0].bytes > requests[$1].bytes : $0 < $1 }
    var offsets = [Int](repeating: 0, count: requests.count)
    var placed: [Int] = []
    var arena = 0
    for index in order {
      let request = requests[index]
      let size = MemoryPlan.aligned(max(request.bytes, 1))
      // Address ranges taken by live buffers, sorted by offset.
      let taken = placed.filter { other in
        requests[other].first <= request.last && request.first <= requests[other].last
      }.map { (offsets[$0], offsets[$0] + MemoryPlan.aligned(max(requests[$0].bytes, 1))) }.sorted { $0.0 < $1.0 }
      var candidate = 0
      for (start, end) in taken {
        if candidate + size <= start { break }
        candidate = max(candidate, end)
      }
      offsets[index] = candidate
      placed.append(index)
      arena = max(arena, candidate + size)
    }
    self.offsets = offsets
    self.arenaBytes = arena
    self.unsharedBytes = requests.reduce(0) { $0 + MemoryPlan.aligned(max($1.bytes, 1)) }
  }

  static func aligned(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }
}
