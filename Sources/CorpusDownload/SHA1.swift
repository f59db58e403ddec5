/// SHA-1 (FIPS 180-4), the checksum D2L's data hub names its files by: `d2l.download` compares a
/// file's SHA-1 with the one in `DATA_HUB`. Written here (60 lines) rather than taken from
/// swift-crypto, whose BoringSSL would cost minutes of every clean build on two cores; SHA-1 is
/// used only to tell a damaged download, not for security.
public struct SHA1 {
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
  )
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  /// A fresh hash.
  public init() {}

  /// The SHA-1 of `bytes` in 40 lowercase hex digits, as `sha1sum` prints it.
  public static func hex(_ bytes: some Collection<UInt8>) -> String {
    var hash = SHA1()
    hash.update(bytes)
    return hash.finalize()
  }

  /// Adds `bytes` to what is hashed.
  public mutating func update(_ bytes: some Collection<UInt8>) {
    length &+= UInt64(bytes.count)
    pending += bytes
    var start = 0
    while pending.count - start >= 64 {
      compress(pending[start..<(start + 64)])
      start += 64
    }
    pending.removeFirst(start)
  }

  /// The digest in hex; the hash is used up.
  public mutating func finalize() -> String {
    let bits = length &* 8
    var tail: [UInt8] = [0x80] + [UInt8](repeating: 0, count: (119 - pending.count) % 64)
    tail += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    let saved = length
    update(tail)
    length = saved
    let words = [state.0, state.1, state.2, state.3, state.4]
    return words.map { word in
      let digits = String(word, radix: 16)
      return String(repeating: "0", count: 8 - digits.count) + digits
    }.joined()
  }

  /// One 64-byte block: 80 rounds over the message schedule w.
  private mutating func compress(_ block: ArraySlice<UInt8>) {
    var w = [UInt32](repeating: 0, count: 80)
    for i in 0..<16 {
      let b = block.startIndex + 4 * i
      w[i] =
        UInt32(block[b]) << 24 | UInt32(block[b + 1]) << 16 | UInt32(block[b + 2]) << 8
        | UInt32(block[b + 3])
    }
    for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
    var (a, b, c, d, e) = state
    for i in 0..<80 {
      let (f, k): (UInt32, UInt32) =
        switch i {
        case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
        case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
        case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
        default: (b ^ c ^ d, 0xCA62_C1D6)
        }
      let t = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
      (e, d, c, b, a) = (d, c, rotate(b, 30), a, t)
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
  }

  private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
