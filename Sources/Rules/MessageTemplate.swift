import Schema

/// A rule's message with its `{field}` placeholders found once, so a failing row's
/// message is put together without scanning the template's characters again.
struct MessageTemplate: Sendable {
  private enum Piece: Sendable {
    case text(String)
    case field(String)
    case period
  }

  private let pieces: [Piece]

  /// Splits `template` at its `{name}` placeholders; an unclosed `{` is text.
  init(_ template: String) {
    var pieces: [Piece] = []
    let utf8 = template.utf8
    var rest = utf8.startIndex
    while let open = utf8[rest...].firstIndex(of: UInt8(ascii: "{")),
      let close = utf8[open...].firstIndex(of: UInt8(ascii: "}"))
    {
      if rest < open { pieces.append(.text(String(template[rest..<open]))) }
      let name = String(template[utf8.index(after: open)..<close])
      pieces.append(name == "period" ? .period : .field(name))
      rest = utf8.index(after: close)
    }
    if rest < utf8.endIndex { pieces.append(.text(String(template[rest...]))) }
    self.pieces = pieces
  }

  /// The message for `record`: each field's value (as read when it has none), and the
  /// period's label.
  func render(record: TableRecord, period: ReportingPeriod?) -> String {
    var out = ""
    for piece in pieces {
      switch piece {
      case .text(let text): out += text
      case .period: out += period?.label ?? "?"
      case .field(let name):
        if let value = record.value(name), value != .blank {
          out += value.description
        } else {
          out += record.raw(name) ?? ""
        }
      }
    }
    return out
  }
}
