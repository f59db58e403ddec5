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
    let data = pending + bytes
    let blocks = data.count / 64
    data.withUnsafeBufferPointer { buffer in
      for block in 0..<blocks { compress(buffer.baseAddress! + 64 * block) }
    }
    pending = Array(data[(64 * blocks)...])
  }

  /// The digest in hex; the hash is used up.
  public mutating func finalize() -> String {
    let bits = length &* 8
    var tail: [UInt8] = [0x80] + [UInt8](repeating: 0, count: (119 - pending.count) % 64)
    tail += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    update(tail)
    let words = [state.0, state.1, state.2, state.3, state.4]
    return words.map { word in
      let digits = String(word, radix: 16)
      return String(repeating: "0", count: 8 - digits.count) + digits
    }.joined()
  }

  /// One 64-byte block at `block`: 80 rounds over the message schedule w, kept in a 16-word ring
  /// (w[i] depends only on the 16 before it), so that no block allocates.
  private mutating func compress(_ block: UnsafePointer<UInt8>) {
    var w = (
      UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
      UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0)
    )
    var (a, b, c, d, e) = state
    withUnsafeMutableBytes(of: &w) { raw in
      let ring = raw.bindMemory(to: UInt32.self)
      for i in 0..<80 {
        if i < 16 {
          ring[i] =
            UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
            | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        } else {
          ring[i & 15] = rotate(
            ring[(i - 3) & 15] ^ ring[(i - 8) & 15] ^ ring[(i - 14) & 15] ^ ring[i & 15], 1)
        }
        let (f, k): (UInt32, UInt32) =
          switch i {
          case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
          case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
          case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
          default: (b ^ c ^ d, 0xCA62_C1D6)
          }
        let t = rotate(a, 5) &+ f &+ e &+ k &+ ring[i & 15]
        (e, d, c, b, a) = (d, c, rotate(b, 30), a, t)
      }
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
  }

  private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
