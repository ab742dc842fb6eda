import Foundation
import Synchronization

/// A column's `pattern`, matched against whole texts the way `NSRegularExpression`
/// matches them anchored, but on bytes when it can.
///
/// Patterns written with the common part of the syntax (literals, `.`, classes such as
/// `\d` and `[0-9A-Z-]`, groups, `|`, `? * + {n,m}`, `^` and `$` at the ends) are compiled
/// to a small backtracking matcher over ASCII texts; other patterns and non-ASCII texts
/// go to `NSRegularExpression`. Both take the first match in priority order, so a text
/// passes only when that match spans it.
public struct TextPattern {
  /// The pattern as written.
  public let source: String
  package let compiled: Node?
  /// ``compiled`` as an automaton, for a pattern anchored at both ends that fits one.
  private let automaton: Automaton?
  /// The automaton's table, when it has one, as one class: see ``ByteTable``.
  package let byteTable: ByteTable?
  /// The pattern for ICU, compiled the first time a text needs it (one outside ASCII,
  /// or a pattern the byte matcher does not handle): a run whose texts are all ASCII
  /// starts no ICU regular expression, a few milliseconds of start-up.
  private let regex: ICUPattern

  /// The patterns compiled so far, by source: a pack has a few, and every table of every
  /// file checks them. Each pattern is compiled once, its state table made once.
  private static let known = Mutex<[String: Compiled]>([:])

  /// A compiled pattern as the cache keeps it.
  private final class Compiled: @unchecked Sendable {
    let pattern: TextPattern?
    init(_ pattern: TextPattern?) { self.pattern = pattern }
  }

  /// `pattern` compiled, once per process; nil when it is not a valid regular expression.
  public static func compiled(_ pattern: String) -> TextPattern? {
    if let known = known.withLock({ $0[pattern] }) { return known.pattern }
    let made = Compiled(TextPattern(pattern))
    known.withLock { known in
      if known.count >= 1024 { known.removeAll() }
      known[pattern] = made
    }
    return made.pattern
  }

  /// Whether `pattern` is a valid regular expression: one the byte matcher reads, or else
  /// one ICU compiles.
  public static func isValid(_ pattern: String) -> Bool {
    var parser = Parser(pattern: Array(pattern.unicodeScalars))
    return parser.parse() != nil || (try? NSRegularExpression(pattern: pattern)) != nil
  }

  /// Compiles `pattern`; nil when it is not a valid regular expression.
  public init?(_ pattern: String) {
    var parser = Parser(pattern: Array(pattern.unicodeScalars))
    compiled = parser.parse()
    if compiled == nil {
      // Only ICU reads it: compiled now, to know whether it is valid.
      guard let compiledByICU = try? NSRegularExpression(pattern: pattern) else { return nil }
      regex = ICUPattern(source: pattern, compiled: compiledByICU)
    } else {
      regex = ICUPattern(source: pattern, compiled: nil)
    }
    source = pattern
    automaton = compiled.flatMap(Automaton.init).map { automaton in
      var automaton = automaton
      automaton.tabulate()
      return automaton
    }
    byteTable = automaton?.table
  }

  /// Whether ASCII texts are matched on bytes, without ICU.
  package var runsOnBytes: Bool { compiled != nil }

  /// Whether ASCII texts are matched by the automaton rather than by backtracking.
  package var runsAsAutomaton: Bool { automaton != nil }

  /// Whether the automaton is matched by its state table, a lookup a byte.
  package var runsAsTable: Bool { automaton?.isTabulated ?? false }

  /// Whether `text` matches the pattern from its first character to its last.
  public func matchesWhole(_ text: String) -> Bool {
    var text = text
    if let verdict = text.withUTF8(matchOnBytes) { return verdict }
    return matchesWithRegex(text)
  }

  /// Whether the UTF-8 text `bytes` matches the pattern from its first character to its last.
  public func matchesWhole(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    matchOnBytes(bytes) ?? matchesWithRegex(String(decoding: bytes, as: UTF8.self))
  }

  /// The verdict on an ASCII text matched on its bytes; nil when ICU must decide.
  private func matchOnBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    if let byteTable { return byteTable.matches(bytes) }
    guard let compiled, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
    if let automaton { return automaton.matches(bytes) }
    var end = -1
    _ = Matcher(bytes: bytes).match(compiled, 0) { position in
      end = position
      return true
    }
    return end == bytes.count
  }

  private func matchesWithRegex(_ text: String) -> Bool {
    guard let regex = regex.compiled else { return false }
    let range = NSRange(text.startIndex..., in: text)
    return regex.firstMatch(in: text, options: [.anchored], range: range)?.range == range
  }

  /// A pattern for ICU, compiled once, when first asked for.
  private final class ICUPattern: Sendable {
    let source: String
    private let made: Mutex<NSRegularExpression??>

    init(source: String, compiled: NSRegularExpression?) {
      self.source = source
      made = Mutex(compiled.map { .some($0) })
    }

    /// The compiled pattern; nil when ICU does not read it.
    var compiled: NSRegularExpression? {
      made.withLock { made in
        if let known = made { return known }
        let compiled = try? NSRegularExpression(pattern: source)
        made = .some(compiled)
        return compiled
      }
    }
  }

  /// A 256-bit set of bytes.
  package struct ByteSet {
    package var bits: (UInt64, UInt64, UInt64, UInt64)

    /// The set of `bits`: empty by default.
    package init(bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)) { self.bits = bits }

    package func contains(_ byte: UInt8) -> Bool {
      let bit = UInt64(1) << UInt64(byte & 63)
      switch byte >> 6 {
      case 0: return bits.0 & bit != 0
      case 1: return bits.1 & bit != 0
      case 2: return bits.2 & bit != 0
      default: return bits.3 & bit != 0
      }
    }

    package mutating func insert(_ range: ClosedRange<UInt8>) {
      for byte in range {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
      }
    }

    func inverted() -> ByteSet {
      ByteSet(bits: (~bits.0, ~bits.1, ~bits.2, ~bits.3))
    }
  }

  package indirect enum Node {
    case bytes(ByteSet)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, minimum: Int, maximum: Int?)
    case start
    case end
  }

  /// A pattern `^…$` as a position automaton (Glushkov's construction), run a byte at a
  /// time over the set of positions reached.
  ///
  /// It answers whether any way through the pattern spans the text. For a pattern
  /// anchored at both ends that is what the backtracking ``Matcher`` answers: every match
  /// ends at the text's end, so the first one found spans it whenever one exists.
  struct Automaton {
    /// What one node contributes: the positions it can start and end on, and whether it
    /// can match nothing.
    private struct Part {
      var first: UInt64
      var last: UInt64
      var nullable: Bool
    }

    /// The byte class of each position (at most 64).
    private var classes: [ByteSet] = []
    /// The positions that may follow each position.
    private var follow: [UInt64] = []
    private var start: Part

    /// The automaton of `node`, a whole parsed pattern; nil unless it is anchored at both
    /// ends and unrolls into 64 positions or fewer.
    init?(_ node: Node) {
      guard case .sequence(let items) = node, case .start? = items.first, case .end? = items.last, items.count >= 2
      else { return nil }
      start = Part(first: 0, last: 0, nullable: true)
      guard let whole = build(.sequence(Array(items.dropFirst().dropLast()))) else { return nil }
      start = whole
    }

    private mutating func build(_ node: Node) -> Part? {
      switch node {
      case .bytes(let set):
        guard classes.count < 64 else { return nil }
        let bit = UInt64(1) << UInt64(classes.count)
        classes.append(set)
        follow.append(0)
        return Part(first: bit, last: bit, nullable: false)
      case .sequence(let items):
        var result = Part(first: 0, last: 0, nullable: true)
        for item in items {
          guard let part = build(item) else { return nil }
          result = joined(result, part)
        }
        return result
      case .alternation(let options):
        var result = Part(first: 0, last: 0, nullable: false)
        for option in options {
          guard let part = build(option) else { return nil }
          result = Part(
            first: result.first | part.first, last: result.last | part.last, nullable: result.nullable || part.nullable)
        }
        return result
      case .repetition(let inner, let minimum, let maximum):
        // Unrolled: `x{2,3}` is `x x x?`, `x+` is `x x*`.
        var result = Part(first: 0, last: 0, nullable: true)
        for _ in 0..<minimum {
          guard let part = build(inner) else { return nil }
          result = joined(result, part)
        }
        if let maximum {
          for _ in minimum..<max(minimum, maximum) {
            guard var part = build(inner) else { return nil }
            part.nullable = true
            result = joined(result, part)
          }
        } else {
          guard var part = build(inner) else { return nil }
          var ends = part.last
          while ends != 0 {
            follow[ends.trailingZeroBitCount] |= part.first
            ends &= ends - 1
          }
          part.nullable = true
          result = joined(result, part)
        }
        return result
      case .start, .end:
        return nil
      }
    }

    /// `a` then `b`.
    private mutating func joined(_ a: Part, _ b: Part) -> Part {
      var ends = a.last
      while ends != 0 {
        follow[ends.trailingZeroBitCount] |= b.first
        ends &= ends - 1
      }
      return Part(
        first: a.nullable ? a.first | b.first : a.first, last: b.nullable ? a.last | b.last : b.last,
        nullable: a.nullable && b.nullable)
    }

    /// Whether the pattern spans `bytes`.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      var state: UInt64 = 0
      for (offset, byte) in bytes.enumerated() {
        let next = step(offset == 0 ? nil : state, byte)
        guard next != 0 else { return false }
        state = next
      }
      return bytes.isEmpty ? start.nullable : state & start.last != 0
    }

    /// The positions reached from `state` (nil: before the first byte) on `byte`.
    private func step(_ state: UInt64?, _ byte: UInt8) -> UInt64 {
      var candidates: UInt64 = 0
      if var reached = state {
        while reached != 0 {
          candidates |= follow[reached.trailingZeroBitCount]
          reached &= reached - 1
        }
      } else {
        candidates = start.first
      }
      var next: UInt64 = 0
      while candidates != 0 {
        let position = candidates.trailingZeroBitCount
        if classes[position].contains(byte) { next |= UInt64(1) << UInt64(position) }
        candidates &= candidates - 1
      }
      return next
    }

    /// The automaton's sets of positions as states of a table with a row per state and a
    /// column per byte, made once when there are few of them: a text is then matched with
    /// one lookup a byte.
    private(set) var table: ByteTable?

    /// Whether ``tabulate(limit:)`` made the table.
    var isTabulated: Bool { table != nil }

    /// Makes ``table``, unless the pattern has more than `limit` sets of positions.
    mutating func tabulate(limit: Int = 128) {
      // State 0 rejects; state 1 is the start, before any byte.
      var ids: [UInt64: Int32] = [0: 0]
      var sets: [UInt64?] = [0, nil]
      var transitions: [Int32] = []
      var accepting: [Bool] = [false, start.nullable]
      var state = 0
      while state < sets.count {
        for byte in 0...255 {
          guard state != 0 else {
            transitions.append(0)
            continue
          }
          let next = step(sets[state], UInt8(byte))
          if let id = ids[next] {
            transitions.append(id)
            continue
          }
          guard sets.count < limit else { return }
          let id = Int32(sets.count)
          ids[next] = id
          sets.append(next)
          accepting.append(next & start.last != 0)
          transitions.append(id)
        }
        state += 1
      }
      table = ByteTable(transitions: transitions, accepting: accepting)
    }
  }

  /// An anchored pattern's deterministic automaton as a table, 256 next states a state,
  /// state 0 rejecting; a class of its own, so a check that keeps it looks a text up
  /// without copying the pattern out of where it is kept (which retains its every part).
  package final class ByteTable: Sendable {
    private let transitions: [Int32]
    private let accepting: [Bool]

    init(transitions: [Int32], accepting: [Bool]) {
      self.transitions = transitions
      self.accepting = accepting
    }

    /// Whether the ASCII text `bytes` matches the pattern from its first byte to its last;
    /// nil when a byte is not ASCII (ICU decides: its `\d` takes digits of other scripts).
    /// Every byte is read: the rejecting state keeps rejecting, and a later byte may
    /// still not be ASCII.
    package func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
      transitions.withUnsafeBufferPointer { table in
        var state = 1
        var seen: UInt8 = 0
        for byte in bytes {
          seen |= byte
          state = Int(table[state << 8 | Int(byte)])
        }
        guard seen < 0x80 else { return nil }
        return accepting[state]
      }
    }
  }

  /// Backtracking over one ASCII text; `then` is what must match after a node.
  struct Matcher {
    let bytes: UnsafeBufferPointer<UInt8>

    func match(_ node: Node, _ position: Int, _ then: (Int) -> Bool) -> Bool {
      switch node {
      case .bytes(let set):
        return position < bytes.count && set.contains(bytes[position]) && then(position + 1)
      case .sequence(let items):
        return sequence(items, 0, position, then)
      case .alternation(let options):
        for option in options where match(option, position, then) { return true }
        return false
      case .repetition(.bytes(let set), let minimum, let maximum):
        // A class repeated (`\d{10}`): take the longest run, then give back one at a time,
        // as greedy backtracking would, without a call per byte.
        let limit = maximum.map { min(bytes.count, position + $0) } ?? bytes.count
        var end = position
        while end < limit && set.contains(bytes[end]) { end += 1 }
        while end - position >= minimum {
          if then(end) { return true }
          end -= 1
        }
        return false
      case .repetition(let inner, let minimum, let maximum):
        return repeated(inner, minimum, maximum, 0, position, then)
      case .start:
        return position == 0 && then(position)
      case .end:
        return position == bytes.count && then(position)
      }
    }

    private func sequence(_ items: [Node], _ index: Int, _ position: Int, _ then: (Int) -> Bool) -> Bool {
      guard index < items.count else { return then(position) }
      return match(items[index], position) { sequence(items, index + 1, $0, then) }
    }

    private func repeated(
      _ inner: Node, _ minimum: Int, _ maximum: Int?, _ count: Int, _ position: Int, _ then: (Int) -> Bool
    ) -> Bool {
      // Greedy: one more first, then stop; an empty round past the minimum ends the loop.
      if maximum.map({ count < $0 }) ?? true {
        let more = match(inner, position) { next in
          next == position && count >= minimum ? false : repeated(inner, minimum, maximum, count + 1, next, then)
        }
        if more { return true }
      }
      return count >= minimum && then(position)
    }
  }

  /// Parses the byte-matchable part of the syntax; nil for anything else.
  struct Parser {
    let pattern: [Unicode.Scalar]
    var index = 0

    mutating func parse() -> Node? {
      guard let node = alternation(), index == pattern.count else { return nil }
      return node
    }

    private var current: Unicode.Scalar? { index < pattern.count ? pattern[index] : nil }

    private mutating func alternation() -> Node? {
      var options: [Node] = []
      while true {
        guard let option = sequence() else { return nil }
        options.append(option)
        guard current == "|" else { break }
        index += 1
      }
      return options.count == 1 ? options[0] : .alternation(options)
    }

    private mutating func sequence() -> Node? {
      var items: [Node] = []
      while let scalar = current, scalar != "|", scalar != ")" {
        if scalar == "^" {
          // Only at the very start; elsewhere (or multi-line) it means more than this handles.
          guard index == 0 else { return nil }
          index += 1
          items.append(.start)
          continue
        }
        if scalar == "$" {
          guard index == pattern.count - 1 else { return nil }
          index += 1
          items.append(.end)
          continue
        }
        guard let atom = atom() else { return nil }
        guard let quantified = quantifier(atom) else { return nil }
        items.append(quantified)
      }
      return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() -> Node? {
      guard let scalar = current else { return nil }
      index += 1
      switch scalar {
      case "(":
        if current == "?" {
          guard index + 1 < pattern.count, pattern[index + 1] == ":" else { return nil }
          index += 2
        }
        guard let inner = alternation(), current == ")" else { return nil }
        index += 1
        return inner
      case ".":
        // Any character but a line end; texts reaching this matcher are ASCII.
        var set = ByteSet()
        set.insert(0x00...0x09)
        set.insert(0x0E...0x7F)
        return .bytes(set)
      case "[": return bracket()
      case "\\": return escape().map(Node.bytes)
      case "*", "+", "?", "{", ")", "]", "}": return nil
      default:
        guard scalar.isASCII else { return nil }
        let byte = UInt8(scalar.value)
        var set = ByteSet()
        set.insert(byte...byte)
        return .bytes(set)
      }
    }

    /// The class after a backslash, or the literal it escapes.
    private mutating func escape() -> ByteSet? {
      guard let scalar = current, scalar.isASCII else { return nil }
      index += 1
      var set = ByteSet()
      switch scalar {
      case "d", "D": set.insert(0x30...0x39)
      case "w", "W":
        set.insert(0x30...0x39)
        set.insert(0x41...0x5A)
        set.insert(0x61...0x7A)
        set.insert(0x5F...0x5F)
      case "s", "S":
        set.insert(0x09...0x0D)
        set.insert(0x20...0x20)
      default:
        // Letters and digits after a backslash are classes, anchors or references this
        // matcher does not know; punctuation stands for itself.
        guard !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar) else { return nil }
        let byte = UInt8(scalar.value)
        set.insert(byte...byte)
        return set
      }
      if scalar == "D" || scalar == "W" || scalar == "S" {
        // Negated classes match non-ASCII too; texts here are ASCII, so ASCII is enough.
        var ascii = set.inverted()
        ascii.bits.2 = 0
        ascii.bits.3 = 0
        return ascii
      }
      return set
    }

    private mutating func bracket() -> Node? {
      var set = ByteSet()
      var negated = false
      if current == "^" {
        negated = true
        index += 1
      }
      var first = true
      while let scalar = current, scalar != "]" || first {
        first = false
        index += 1
        var low: UInt8
        if scalar == "\\" {
          guard let escaped = escape() else { return nil }
          // A class escape cannot start a range.
          if current == "-", index + 1 < pattern.count, pattern[index + 1] != "]" { return nil }
          set.bits = (
            set.bits.0 | escaped.bits.0, set.bits.1 | escaped.bits.1, set.bits.2 | escaped.bits.2,
            set.bits.3 | escaped.bits.3
          )
          continue
        }
        guard scalar.isASCII, scalar != "[" else { return nil }
        low = UInt8(scalar.value)
        if current == "-", index + 1 < pattern.count, pattern[index + 1] != "]" {
          let high = pattern[index + 1]
          guard high.isASCII, high != "\\", high != "[", UInt8(high.value) >= low else { return nil }
          index += 2
          set.insert(low...UInt8(high.value))
        } else {
          set.insert(low...low)
        }
      }
      guard current == "]" else { return nil }
      index += 1
      if negated {
        var ascii = set.inverted()
        ascii.bits.2 = 0
        ascii.bits.3 = 0
        return .bytes(ascii)
      }
      return .bytes(set)
    }

    private mutating func quantifier(_ atom: Node) -> Node? {
      guard let scalar = current else { return atom }
      let bounds: (Int, Int?)
      switch scalar {
      case "?": bounds = (0, 1)
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "{":
        guard let close = pattern[index...].firstIndex(of: "}") else { return nil }
        let inside = String(String.UnicodeScalarView(pattern[(index + 1)..<close]))
        let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
        guard let low = parts.first.flatMap({ Int($0) }), parts.count <= 2 else { return nil }
        let high: Int? = parts.count == 1 ? low : parts[1].isEmpty ? nil : Int(parts[1])
        if parts.count == 2 && !parts[1].isEmpty && high == nil { return nil }
        if let high, high < low { return nil }
        bounds = (low, high)
        index = close
      default: return atom
      }
      index += 1
      // Lazy and possessive forms change which match comes first: leave them to ICU.
      if current == "?" || current == "+" { return nil }
      return .repetition(atom, minimum: bounds.0, maximum: bounds.1)
    }
  }
}
