/// The made-up district return the bench reads: a title block, a header row and one row
/// per cooperative (HTX), each row a pure function of its number so every variant of a
/// size holds exactly the same data.
///
/// Columns: STT, tên HTX (mostly unique), mã số thuế (10-digit text with a valid check
/// digit, often with a leading zero), xã (200 values), lĩnh vực (9, two with a comma),
/// ngày thành lập (a date serial), tình trạng (the 4 of the kttt vocabulary), members,
/// labour, member_labour (integers; about 0.1% of rows have more member-labourers than
/// members, the check DuckDB runs and an error htx validate reports), vốn điều lệ, doanh
/// thu, lợi nhuận (one decimal place, about one profit in six negative), thu nhập bình
/// quân (two decimal places) and xếp loại (5). The return is otherwise valid for the kttt
/// pack, as a district's would mostly be; about 2% of rows are dissolved cooperatives
/// that still list labour, a warning.
enum DistrictReturn {
  /// Bump when the generated data or layout changes, so cached files are rebuilt.
  static let version = 2
  static let columnCount = 15
  /// Rows above the header row (title block, then one empty row).
  static let titleRows: [String] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024",
    "(Kèm theo Công văn số 123/UBND-KT ngày 15/01/2025 của UBND huyện Châu Thành)",
  ]
  /// The header row's number (1-based); data starts on the next row.
  static let headerRow = titleRows.count + 2
  static let headers = [
    "STT", "Tên HTX", "Mã số thuế", "Xã/phường/thị trấn", "Lĩnh vực", "Ngày thành lập", "Tình trạng",
    "Số thành viên", "Số lao động", "Lao động là thành viên", "Vốn điều lệ (triệu đồng)",
    "Doanh thu (triệu đồng)", "Lợi nhuận (triệu đồng)",
    "Thu nhập bình quân (triệu đồng/người/tháng)", "Xếp loại",
  ]
  /// Plain column names for SQL, in header order.
  static let sqlNames = [
    "stt", "ten_htx", "ma_so_thue", "xa", "linh_vuc", "ngay_thanh_lap", "tinh_trang",
    "members", "labour", "member_labour", "von_dieu_le", "doanh_thu", "loi_nhuan",
    "thu_nhap_binh_quan", "xep_loai",
  ]

  static let syllables = [
    "An", "Bình", "Châu", "Đông", "Hòa", "Hưng", "Khánh", "Lạc", "Long", "Minh", "Mỹ", "Nghĩa",
    "Phú", "Phước", "Quang", "Tân", "Thạnh", "Thành", "Thuận", "Tiến", "Trung", "Vĩnh", "Xuân",
    "Yên", "Hải", "Sơn", "Lộc", "Thịnh", "Định", "Cường",
  ]
  /// 200 commune names ("Xã Phú Hòa", "Phường …", "Thị trấn …").
  static let communes: [String] = {
    var names: [String] = []
    var pairs: Set<String> = []
    var random = Random(row: 0, salt: 2)
    while names.count < 200 {
      let first = syllables[random.next(in: 0...(syllables.count - 1))]
      let second = syllables[random.next(in: 0...(syllables.count - 1))]
      guard first != second, pairs.insert("\(first) \(second)").inserted else { continue }
      let kind = names.count % 25 == 0 ? "Thị trấn" : names.count % 9 == 0 ? "Phường" : "Xã"
      names.append("\(kind) \(first) \(second)")
    }
    return names
  }()
  static let sectors = [
    "Nông nghiệp", "Lâm nghiệp", "Thủy sản", "Công nghiệp, tiểu thủ công nghiệp", "Xây dựng",
    "Thương mại, dịch vụ", "Vận tải", "Quỹ tín dụng nhân dân", "Môi trường",
  ]
  /// How often each sector comes up, out of 20.
  static let sectorWeights = [8, 1, 2, 2, 1, 2, 2, 1, 1]
  static let nameKinds = [
    "Nông nghiệp", "Dịch vụ nông nghiệp", "Rau an toàn", "Chăn nuôi", "Thủy sản", "Lâm nghiệp",
    "Tiểu thủ công nghiệp", "Thương mại dịch vụ", "Vận tải", "Môi trường", "Xây dựng", "Chè",
  ]
  static let statuses = ["Đang hoạt động", "Ngừng hoạt động", "Đang giải thể", "Đã giải thể"]
  /// How often each status comes up, out of 100.
  static let statusWeights = [84, 8, 6, 2]
  static let grades = ["Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại"]
  static let gradeWeights = [25, 35, 20, 5, 15]
  static let provincePrefixes = [
    "01", "02", "03", "04", "08", "10", "15", "22", "25", "26", "27", "30", "31", "32", "36",
    "37", "38", "40", "45", "46", "47", "48", "56", "58", "60", "62",
  ]
  /// Distinct names before they repeat: kinds × syllable × syllable × place.
  static let nameSpace = nameKinds.count * syllables.count * syllables.count * communes.count

  /// One cooperative's row.
  struct Row {
    var number: Int
    /// The row whose own name this row carries (itself unless it repeats an earlier name).
    var nameRoot: Int
    var commune: Int
    var sector: Int
    /// Days since 1899-12-30.
    var founded: Int
    var status: Int
    var members: Int
    var labour: Int
    var memberLabour: Int
    var capitalTenths: Int
    var revenueTenths: Int
    var profitTenths: Int
    var incomeHundredths: Int
    var grade: Int
  }

  /// A small deterministic generator (SplitMix64) seeded by the row number.
  struct Random {
    var state: UInt64
    init(row: Int, salt: UInt64 = 0) {
      state = UInt64(truncatingIfNeeded: row) &* 0x9E37_79B9_7F4A_7C15 ^ (0x5EED_4854_5800 &+ salt)
    }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// A number in `range`.
    mutating func next(in range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(next() % UInt64(range.count))
    }
    /// An index into `weights`, chosen in proportion to them.
    mutating func pick(_ weights: [Int]) -> Int {
      var draw = next(in: 0...(weights.reduce(0, +) - 1))
      for (index, weight) in weights.enumerated() {
        if draw < weight { return index }
        draw -= weight
      }
      return weights.count - 1
    }
  }

  /// Whether row `number` repeats an earlier row's name (about 2% do), and whose.
  static func repeatedName(of number: Int) -> Int? {
    guard number > 1 else { return nil }
    var random = Random(row: number, salt: 1)
    guard random.next() % 50 == 0 else { return nil }
    return random.next(in: 1...(number - 1))
  }

  /// The row whose own name row `number` carries.
  static func nameRoot(of number: Int) -> Int {
    var root = number
    while let earlier = repeatedName(of: root) { root = earlier }
    return root
  }

  static func row(_ number: Int) -> Row {
    var random = Random(row: number)
    let members = random.next(in: 7...350)
    let labour = max(1, members * random.next(in: 40...150) / 100 + random.next(in: 0...5))
    var memberLabour = min(members, labour) * random.next(in: 50...100) / 100
    if random.next() % 1000 == 0 { memberLabour = members + random.next(in: 1...20) }
    let revenue = random.next(in: 0...5_000_000)
    let profitRate = random.next(in: -20...30)
    return Row(
      number: number, nameRoot: nameRoot(of: number), commune: random.next(in: 0...199),
      sector: random.pick(sectorWeights), founded: random.next(in: 35_431...45_657),
      status: random.pick(statusWeights), members: members, labour: labour,
      memberLabour: memberLabour, capitalTenths: random.next(in: 500...200_000),
      revenueTenths: revenue, profitTenths: revenue * profitRate / 100,
      incomeHundredths: random.next(in: 250...1_500), grade: random.pick(gradeWeights))
  }

  /// The name of the cooperative whose name root is `root`: distinct for every root up to
  /// ``nameSpace``, spread by a multiplicative permutation.
  static func appendName(root: Int, to sink: inout GeneratedText) {
    var code = (root &* 2_654_435_761) % nameSpace
    let place = code % communes.count
    code /= communes.count
    let second = code % syllables.count
    code /= syllables.count
    let first = code % syllables.count
    code /= syllables.count
    sink.append("Hợp tác xã ")
    sink.append(Vocabulary.shared.nameKinds[code % nameKinds.count])
    sink.append(byte: 0x20)
    sink.append(Vocabulary.shared.syllables[first])
    sink.append(byte: 0x20)
    sink.append(Vocabulary.shared.syllables[second])
    sink.append(byte: 0x20)
    sink.append(Vocabulary.shared.places[place])
  }

  /// Row `number`'s tax code: a province prefix, seven digits distinct per row (up to ten
  /// million rows) and the mod-11 check digit, so the code is valid; when a prefix would
  /// need check digit 10, which is never issued, the next prefix is taken.
  static func appendTaxCode(row number: Int, to sink: inout GeneratedText) {
    let serial = (number &* 48_271 &+ 12_345) % 10_000_000
    var serialDigits: [Int] = []
    var rest = serial
    for _ in 0..<7 {
      serialDigits.insert(rest % 10, at: 0)
      rest /= 10
    }
    let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    for step in 0..<provincePrefixes.count {
      let prefix = Vocabulary.shared.prefixes[(number + step) % provincePrefixes.count]
      let digits = prefix.map { Int($0 - UInt8(ascii: "0")) } + serialDigits
      let remainder = zip(digits, weights).map(*).reduce(0, +) % 11
      guard remainder != 0 else { continue }
      sink.append(prefix)
      sink.append(int: serial, width: 7)
      sink.append(int: 10 - remainder, width: 1)
      return
    }
  }
}

/// The vocabulary as UTF-8 bytes, made once.
struct Vocabulary: Sendable {
  static let shared = Vocabulary()
  let syllables = DistrictReturn.syllables.map { Array($0.utf8) }
  let nameKinds = DistrictReturn.nameKinds.map { Array($0.utf8) }
  /// Commune names without "Xã", "Phường" or "Thị trấn", as used inside names.
  let places = DistrictReturn.communes.map { name in
    Array(name.split(separator: " ").suffix(2).joined(separator: " ").utf8)
  }
  let prefixes = DistrictReturn.provincePrefixes.map { Array($0.utf8) }
}
