/// The words a header adds after a form label, judged for whether they change what the
/// column counts.
///
/// "Ước TH 6 tháng đầu năm 2017" is the label "Ước TH 6 tháng" for a period, and "Số lao
/// động thường xuyên" says "Số lao động" in the words of the same column's other label
/// "Lao động thường xuyên": both are that column. "Số lao động thời vụ" (seasonal),
/// "Số thành viên mới kết nạp" (newly admitted), "Vốn điều lệ thực góp" (paid in) and
/// "Doanh thu kế hoạch" (planned) qualify the label into another figure, which must not
/// be read as the form's column.
package enum LabelTail {
  /// Folded words that place a figure in time: "6 tháng đầu năm", "cả năm", "quý",
  /// "kỳ báo cáo", "tính đến ngày".
  static let periodWords: Set<Substring> = [
    "nam", "thang", "quy", "dau", "cuoi", "ky", "ca", "bao", "cao", "tinh", "den", "ngay",
  ]

  /// The words a column's labels may add after one of them: their folded words, and the
  /// initials of each run of two or three ("hd" for "hoạt động" in "Tình trạng hoạt
  /// động", so "Tình trạng HĐ" is that column).
  static func ownWords(ofLabelKeys keys: [String]) -> Set<Substring> {
    var words: Set<Substring> = []
    for key in keys {
      let split = Self.words(of: key[...]).filter { $0 != ">" }
      words.formUnion(split)
      for length in 2...3 where split.count >= length {
        for start in 0...(split.count - length) {
          words.insert(Substring(String(split[start..<(start + length)].compactMap { $0.first })))
        }
      }
    }
    return words
  }

  /// Folded words after a label that make it another figure: a part of it (seasonal,
  /// newly admitted, women, legal persons), a plan, a change or a share.
  static let otherFigureWords: [String] = [
    "thoi vu", "moi ket nap", "ket nap moi", "ke hoach", "cung ky", "nam truoc", "ky truoc", "tang", "giam",
    "chenh lech", "so voi", "ty le", "nu", "phap nhan", "ca nhan", "ho gia dinh", "du kien", "muc tieu", "bo sung",
    "rut", "ra khoi", "nghi", "thoi viec",
  ]

  /// Whether `tail`, the folded words after a label, turns it into another figure
  /// ("thời vụ", "mới kết nạp", "kế hoạch"), where a header adding other words
  /// ("đăng ký", "HTX", "hiện nay") still heads the label's column.
  static func changesMeaning(_ tail: Substring) -> Bool {
    let words = Self.words(of: tail)
    return tail.utf8.contains(0x25)
      || otherFigurePhrases.contains { phrase in
        words.count >= phrase.count
          && (0...(words.count - phrase.count)).contains { start in
            // Most windows differ in their first byte, told before the words are compared.
            words[start].utf8.first == phrase[0].utf8.first
              && zip(words[start..<(start + phrase.count)], phrase).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
          }
      }
  }

  /// The words of a folded key, split at its spaces: a key holds no mark a space could
  /// carry, so its bytes split as its characters do, a hundred times faster.
  package static func words(of key: Substring) -> [Substring] {
    var words: [Substring] = []
    let utf8 = key.utf8
    var start = utf8.startIndex
    var index = start
    while index < utf8.endIndex {
      if utf8[index] == 0x20 {
        if start < index { words.append(key[start..<index]) }
        start = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    if start < utf8.endIndex { words.append(key[start..<utf8.endIndex]) }
    return words
  }

  /// ``otherFigureWords``, each split into its words once.
  private static let otherFigurePhrases: [[Substring]] = otherFigureWords.map { $0.split(separator: " ") }

  /// Whether `tail`, the folded words after a label, leaves the label's meaning alone:
  /// each word is a number, a period word, or one of `ownWords`, the words of the same
  /// column's labels (see ``ownWords(ofLabelKeys:)``).
  static func isNeutral(_ tail: Substring, ownWords: Set<Substring>) -> Bool {
    words(of: tail).allSatisfy { word in
      // ASCII digits told by their bytes; any other number by its characters.
      (word.utf8.allSatisfy { $0 < 0x80 }
        ? word.utf8.allSatisfy { (0x30...0x39).contains($0) } : word.allSatisfy { $0.isNumber })
        || periodWords.contains(word) || ownWords.contains(word)
    }
  }
}
