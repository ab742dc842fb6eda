/// Repairs the codes of digits offices type (tax codes): digit groups typed apart
/// (`4900 453 338`) and full-width digits (`４９00561485`, from a Vietnamese input method).
///
/// Only a code written in digits, gaps and dashes is repaired: one with letters or other
/// marks (`490O 811 350`, `MST: 4900814785`) stays as typed and fails its column's
/// pattern, which shows what was typed.
enum DigitCode {
  /// A repair made to a code, in English and Vietnamese.
  enum Change: CaseIterable {
    /// Spaces, no-break spaces or line breaks between two digits were removed.
    case joinedGroups
    /// Full-width digits (U+FF10–U+FF19) were replaced by ASCII digits.
    case narrowedDigits

    /// The change, in English.
    var message: String {
      switch self {
      case .joinedGroups: "spaces between digits removed"
      case .narrowedDigits: "full-width digits made ASCII"
      }
    }

    /// The change, in Vietnamese.
    var vietnamese: String {
      switch self {
      case .joinedGroups: "đã bỏ dấu cách giữa các chữ số"
      case .narrowedDigits: "đã đổi chữ số toàn khổ thành chữ số thường"
      }
    }
  }

  /// `text` with its digit groups joined and its digits ASCII, and what changed; nil when
  /// nothing needed to.
  static func repaired(_ text: String) -> (code: String, changes: [Change])? {
    guard text.unicodeScalars.contains(where: { $0.value > 0x7F || TextTrimming.isWhitespaceOrNewline($0) }),
      text.unicodeScalars.allSatisfy({
        (0x30...0x39).contains($0.value) || (0xFF10...0xFF19).contains($0.value) || $0 == "-"
          || TextTrimming.isWhitespaceOrNewline($0)
      })
    else { return nil }
    var scalars = String.UnicodeScalarView()
    var pendingSpace = String.UnicodeScalarView()
    var changes: Set<Change> = []
    for scalar in text.unicodeScalars {
      var scalar = scalar
      if (0xFF10...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30) {
        scalar = ascii
        changes.insert(.narrowedDigits)
      }
      if TextTrimming.isWhitespaceOrNewline(scalar) {
        pendingSpace.append(scalar)
        continue
      }
      let isDigit = (0x30...0x39).contains(scalar.value)
      if !pendingSpace.isEmpty {
        // A gap between two digits goes; any other gap stays.
        if isDigit, let last = scalars.last, (0x30...0x39).contains(last.value) {
          changes.insert(.joinedGroups)
        } else {
          scalars.append(contentsOf: pendingSpace)
        }
        pendingSpace.removeAll()
      }
      scalars.append(scalar)
    }
    scalars.append(contentsOf: pendingSpace)
    guard !changes.isEmpty else { return nil }
    return (String(scalars), Change.allCases.filter(changes.contains))
  }
}
