import Synchronization

/// Values worked out from texts, remembered by the text's bytes (see ``TextKey``) and
/// shared by every thread: the headers, units and title lines of a province's returns
/// repeat file after file. Holds at most `limit` texts; past it, it starts again empty.
package final class TextMemo<Value: Sendable>: Sendable {
  @usableFromInline let values = Mutex<[TextKey: Value]>([:])
  @usableFromInline let limit: Int

  /// An empty memo of at most `limit` texts.
  package init(limit: Int = 4096) { self.limit = limit }

  /// The value remembered for `text`, if one is.
  @inlinable
  package func known(_ text: String) -> Value? {
    let key = TextKey(text)
    return values.withLock { $0[key] }
  }

  /// Remembers `value` for `text`; `value`.
  @inlinable
  @discardableResult
  package func remember(_ value: Value, for text: String) -> Value {
    let key = TextKey(text)
    values.withLock { values in
      if values.count >= limit { values.removeAll() }
      values[key] = value
    }
    return value
  }

  /// The value remembered for `text`; else `make(text)`, remembered.
  @inlinable
  package func value(for text: String, _ make: (String) -> Value) -> Value {
    if let known = known(text) { return known }
    return remember(make(text), for: text)
  }
}
