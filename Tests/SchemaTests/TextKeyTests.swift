import Testing

@testable import Schema

/// The caches' text keys tell texts apart by their bytes: equal texts meet, texts of one
/// length that differ in a byte do not, and a dictionary finds each of many.
@Suite struct TextKeyTests {
  @Test func textsMeetOnlyWhenTheirBytesDo() {
    #expect(TextKey("Số thành viên") == TextKey("Số " + "thành viên"))
    #expect(TextKey("Số thành viên") != TextKey("Số thành viêm"))
    // The same words in NFD are other bytes: another key, read on its own.
    #expect(TextKey("Số") != TextKey("So\u{0301}"))
    #expect(TextKey("") == TextKey(""))
  }

  @Test func aDictionaryFindsEveryKey() {
    let texts = (0..<2_000).map { "Hợp tác xã số \($0)" }
    var table: [TextKey: Int] = [:]
    for (index, text) in texts.enumerated() { table[TextKey(text)] = index }
    #expect(table.count == texts.count)
    for (index, text) in texts.enumerated() { #expect(table[TextKey(String(text.reversed().reversed()))] == index) }
  }
}
