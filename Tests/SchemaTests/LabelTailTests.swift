import Testing

@testable import Schema

/// The words after a label are told apart as the characters of a folded key are.
@Suite struct LabelTailTests {
  @Test func aFoldedKeySplitsAtItsSpacesAsItsCharactersDo() {
    var generator = SystemRandomNumberGenerator()
    let pool = [
      "Số", "lao", "động", "thời", "vụ", "  ", " ", "2017", "(người)", "Đ", "năm", "½", "ĐVT:", "triệu", "đồng",
      "Ước", "TH", "6", "tháng", "đầu", "-", "HTX", "mới", "kết", "nạp", "\u{0301}", "e\u{0301}", "%",
    ]
    for _ in 0..<2000 {
      let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pool.randomElement(using: &generator) ?? "" }
        .joined(separator: Bool.random(using: &generator) ? " " : "")
      let key = Substring(LabelFolding.key(text))
      #expect(
        LabelTail.words(of: key) == key.split(separator: " "), "\(text.debugDescription) → \(key.debugDescription)")
    }
  }

  @Test func aTailOfNumbersPeriodsAndOwnWordsKeepsTheLabel() {
    let own: Set<Substring> = ["thanh", "vien", "tv"]
    #expect(LabelTail.isNeutral("6 thang dau nam 2017", ownWords: own))
    #expect(LabelTail.isNeutral("tv", ownWords: own))
    #expect(!LabelTail.isNeutral("thoi vu", ownWords: own))
    #expect(!LabelTail.isNeutral("2017a", ownWords: own))
    #expect(LabelTail.changesMeaning("moi ket nap 2017"))
    #expect(LabelTail.changesMeaning("ty le %"))
    #expect(!LabelTail.changesMeaning("dang ky"))
    #expect(!LabelTail.changesMeaning("moi"))
  }
}
