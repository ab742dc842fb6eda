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

/// A note naming a unit is told by its colon and its words, and a unit is sized the same
/// however often it is asked.
@Suite struct UnitNoteTests {
  @Test func theColonOfAUnitNoteIsACharacterOfItsOwn() {
    #expect(HeaderLabel.unitNote("ĐVT: triệu đồng") == "triệu đồng")
    #expect(HeaderLabel.unitNote("Đơn vị tính : đồng") == "đồng")
    // A colon a mark combines with is another character, and "HTX:" names no unit.
    #expect(HeaderLabel.unitNote("ĐVT:\u{0301} đồng") == nil)
    #expect(HeaderLabel.unitNote("HTX: đồng") == nil)
    #expect(HeaderLabel("Doanh thu (ĐVT: nghìn đồng)").unit == "nghìn đồng")
    #expect(HeaderLabel("Doanh thu\nĐơn vị: 1.000đ") == HeaderLabel(label: "Doanh thu", unit: "1.000đ"))
  }

  @Test func aUnitIsSizedAlikeEachTime() {
    for text in ["triệu đồng", "Ngđ", "x1000đ", "triệu đồng/người/tháng", "người", "HTX"] {
      let first = UnitConversion.size(of: text)
      let again = UnitConversion.size(of: text)
      #expect(first?.dong == again?.dong && first?.months == again?.months && first?.perPerson == again?.perPerson)
    }
    #expect(UnitConversion.size(of: "triệu đồng/người/tháng")?.months == 1)
    #expect(UnitConversion.size(of: "Ngđ")?.dong == 1000)
    #expect(UnitConversion.size(of: "người") == nil)
  }
}

/// A cell's first letter is told as Unicode's properties tell it, ASCII by its byte.
@Suite struct LabelLikeScalarTests {
  @Test func asciiScalarsAreToldAsTheirPropertiesTellThem() {
    for value in UInt32(0)..<0x3000 {
      guard let scalar = Unicode.Scalar(value) else { continue }
      #expect(TableLocator.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
      #expect(TableLocator.isAlphabetic(scalar) == scalar.properties.isAlphabetic, "U+\(String(value, radix: 16))")
    }
  }
}
