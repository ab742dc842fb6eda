import Testing

@testable import Schema

/// Labels typed in different ways fold to one key.
@Suite struct LabelFoldingTests {
  @Test(arguments: [
    ("Lao động > Trong đó: thành viên", "LAO DONG>trong do thanh vien"),
    ("Mã số thuế", "ma so  thue"),
    ("Đơn vị tính", "don vi tinh"),
    ("Xã/phường/thị trấn", "xa phuong thi tran"),
    ("Số thành viên", "So\u{0301} tha\u{0300}nh vie\u{0302}n"),
    ("Vốn điều lệ (triệu đồng)", "von dieu le - trieu dong"),
  ])
  func spellingsOfOneLabelFoldAlike(_ a: String, _ b: String) {
    #expect(LabelFolding.key(a) == LabelFolding.key(b), "\(LabelFolding.key(a)) vs \(LabelFolding.key(b))")
  }

  @Test func differentLabelsStayDifferent() {
    #expect(LabelFolding.key("Số thành viên") != LabelFolding.key("Số lao động"))
    #expect(LabelFolding.key("(3)") != LabelFolding.key("(4)"))
    #expect(LabelFolding.key("Lao động > Tổng số") != LabelFolding.key("Lao động Tổng số"))
  }

  @Test func keyIsPlainLowercaseWords() {
    #expect(LabelFolding.key("  Tên   HTX ") == "ten htx")
    #expect(LabelFolding.key("Lao động > Tổng số") == "lao dong > tong so")
  }
}
