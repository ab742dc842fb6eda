/// Writes doubles as ECMAScript's `Number.prototype.toString` does: shortest
/// round-trip digits, plain notation from 1e-6 up to 1e21, exponent form outside.
public enum NumberText {
  /// The ECMAScript text of `value`: `0.1`, `1234567`, `1e+21`, `1e-7`; `-0` is `0`.
  public static func ecmaScript(_ value: Double) -> String {
    var out: [UInt8] = []
    append(value, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the ECMAScript text of `value` to a byte buffer.
  public static func append(_ value: Double, to out: inout [UInt8]) {
    if value.isNaN {
      out.append(contentsOf: [78, 97, 78])  // NaN
      return
    }
    if value.isInfinite {
      if value < 0 { out.append(UInt8(ascii: "-")) }
      out.append(contentsOf: Array("Infinity".utf8))
      return
    }
    if value == 0 {
      out.append(UInt8(ascii: "0"))
      return
    }
    // Integers below 2^53 print as their digits: the fast path for counts and codes.
    if value.rounded(.towardZero) == value, abs(value) < 9_007_199_254_740_992 {
      appendInteger(Int64(value), to: &out)
      return
    }
    // Decimals with up to six places (money, averages) come out of integer arithmetic:
    // the fewest places whose integer, divided by the power of ten, gives the value back
    // are its shortest round-trip digits, since that division is correctly rounded.
    if abs(value) < 1e9 && abs(value) >= 1e-3 {
      var scale = 10.0
      for places in 1...6 {
        let scaled = (value * scale).rounded()
        if scaled / scale == value {
          appendFixed(Int64(scaled), places: places, to: &out)
          return
        }
        scale *= 10
      }
    }
    // Otherwise take Swift's shortest round-trip digits and lay them out the ECMAScript way.
    var digits: [UInt8] = []
    digits.reserveCapacity(17)
    var exponent = 0  // value = 0.d1d2d3… × 10^exponent
    let text = abs(value).description
    var seenPoint = false
    var pointPosition = 0
    var exponentPart = 0
    var utf8 = text.utf8.makeIterator()
    var leadingZeros = true
    while let byte = utf8.next() {
      if byte == UInt8(ascii: ".") {
        seenPoint = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        var sign = 1
        var number = 0
        while let e = utf8.next() {
          if e == UInt8(ascii: "-") {
            sign = -1
          } else if e >= UInt8(ascii: "0") && e <= UInt8(ascii: "9") {
            number = number * 10 + Int(e - UInt8(ascii: "0"))
          }
        }
        exponentPart = sign * number
      } else {
        if leadingZeros && byte == UInt8(ascii: "0") {
          if seenPoint { pointPosition -= 1 }
          continue
        }
        leadingZeros = false
        digits.append(byte)
        if !seenPoint { pointPosition += 1 }
      }
    }
    while digits.last == UInt8(ascii: "0") { digits.removeLast() }
    exponent = pointPosition + exponentPart
    if value < 0 { out.append(UInt8(ascii: "-")) }
    let k = digits.count
    let n = exponent
    if k <= n && n <= 21 {
      out.append(contentsOf: digits)
      for _ in 0..<(n - k) { out.append(UInt8(ascii: "0")) }
    } else if 0 < n && n <= 21 {
      out.append(contentsOf: digits[0..<n])
      out.append(UInt8(ascii: "."))
      out.append(contentsOf: digits[n...])
    } else if -6 < n && n <= 0 {
      out.append(UInt8(ascii: "0"))
      out.append(UInt8(ascii: "."))
      for _ in 0..<(-n) { out.append(UInt8(ascii: "0")) }
      out.append(contentsOf: digits)
    } else {
      out.append(digits[0])
      if k > 1 {
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits[1...])
      }
      out.append(UInt8(ascii: "e"))
      out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
      appendInteger(Int64(abs(n - 1)), to: &out)
    }
  }

  /// Appends `units / 10^places` in plain notation, trailing zeros dropped.
  @inline(__always)
  private static func appendFixed(_ units: Int64, places: Int, to out: inout [UInt8]) {
    if units < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = units.magnitude
    var divisor: UInt64 = 1
    for _ in 0..<places { divisor *= 10 }
    appendInteger(Int64(magnitude / divisor), to: &out)
    magnitude %= divisor
    guard magnitude > 0 else { return }
    out.append(UInt8(ascii: "."))
    var digits = places
    while magnitude % 10 == 0 {
      magnitude /= 10
      digits -= 1
      divisor /= 10
    }
    divisor /= 10
    for _ in 0..<digits {
      out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
      magnitude %= divisor
      divisor /= 10
    }
  }

  /// Appends the decimal digits of an integer.
  @inline(__always)
  public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
    var n = value.magnitude
    if value < 0 { out.append(UInt8(ascii: "-")) }
    if n < 10 {
      out.append(UInt8(ascii: "0") + UInt8(n))
      return
    }
    var divisor: UInt64 = 1
    while divisor <= n / 10 { divisor *= 10 }
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8(n / divisor))
      n %= divisor
      divisor /= 10
    }
  }
}
