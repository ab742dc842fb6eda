import Foundation
import Testing

/// The folder rules and `htx.yaml`: periods, missing and duplicate submissions,
/// duplicate columns and the configuration's own errors.
@Suite struct FolderRulesTests {
  /// A small return of `unit` for `period` (a title line such as "6 THÁNG ĐẦU NĂM 2017").
  static func listCSV(unit: String, title: String, taxCode: String = "0100109106", header: String? = nil) -> String {
    let head = header ?? "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên"
    return "UBND \(unit)\r\nDANH SÁCH HỢP TÁC XÃ \(title)\r\n\(head)\r\n"
      + "1,HTX Hoa Sen,\(taxCode),Nông nghiệp,05/01/2015,Đang hoạt động,12\r\n"
  }

  /// A fresh folder holding `files` (name → text).
  static func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-folder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
      let file = url.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    }
    return url
  }

  static func findings(_ arguments: [String]) throws -> (status: Int32, findings: [[String: Any]], stderr: String) {
    let run = try CommandLineTests.htx(arguments)
    let json = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
    return (run.status, json?["findings"] as? [[String: Any]] ?? [], run.stderr)
  }

  static let twoUnits = """
    id: two-districts
    province_code: "20"
    province: Lạng Sơn
    units:
      - {code: "183", name: Cao Lộc}
      - {code: "186", name: Hữu Lũng}

    """

  @Test func aReturnForAnotherPeriodIsAPeriodMismatchAtItsTitleCell() throws {
    let folder = try Self.folder([
      "htx.yaml": "pack: kttt\nperiod: 2017-H1\nunits: two.yaml\n",
      "two.yaml": Self.twoUnits,
      "returns/cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "returns/huu-lung.csv": Self.listCSV(
        unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2016", taxCode: "0100112437"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    #expect(run.status == 1)
    let mismatches = run.findings.filter { $0["code"] as? String == "period-mismatch" }
    #expect(mismatches.count == 1, "\(run.findings)")
    #expect((mismatches.first?["file"] as? String)?.hasSuffix("huu-lung.csv") == true)
    #expect(mismatches.first?["cell"] as? String == "A2")
    #expect(mismatches.first?["value"] as? String == "2016-H1")
    #expect(!run.findings.contains { $0["code"] as? String == "missing-submission" }, "both units sent a return")
  }

  /// A unit that sends a legacy .xls or an OpenDocument .ods is told how to save it, at
  /// that file, and is not reported missing; the folder's other returns are checked.
  @Test func aSpreadsheetHTXDoesNotReadIsAFindingNotAMissingReturn() throws {
    let folder = try Self.folder([
      "htx.yaml": "pack: kttt\nperiod: 2017-H1\nunits: two.yaml\n",
      "two.yaml": Self.twoUnits,
      "returns/cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    // Excel 97–2003's compound-file signature, and an OpenDocument package's first entry.
    let legacy = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 504)
    try legacy.write(to: folder.appendingPathComponent("returns/huu-lung.xls"))
    let corpus = ValidateCommandTests.root.appendingPathComponent("Fixtures/corpus/bad/30-html-saved-as-xls.xls")
    try FileManager.default.copyItem(at: corpus, to: folder.appendingPathComponent("returns/huu-lung-2.ods"))
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    #expect(run.status == 1)
    let formats = run.findings.filter { $0["code"] as? String == "file-format" }
    #expect(
      Set(formats.compactMap { ($0["file"] as? String)?.split(separator: "/").last.map(String.init) })
        == ["huu-lung.xls", "huu-lung-2.ods"], "\(run.findings)")
    #expect(!run.findings.contains { $0["code"] as? String == "missing-submission" }, "\(run.findings)")
    // The return beside them is read (its short header leaves columns missing: warnings).
    let caoLoc = run.findings.filter { ($0["file"] as? String)?.hasSuffix("cao-loc.csv") == true }
    #expect(!caoLoc.isEmpty && caoLoc.allSatisfy { $0["severity"] as? String == "warning" }, "\(run.findings)")
  }

  @Test func withoutAConfigTheMajorityPeriodDecides() throws {
    let folder = try Self.folder([
      "a.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "b.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
      "c.csv": Self.listCSV(unit: "HUYỆN BẮC SƠN", title: "NĂM 2016", taxCode: "0100114610"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    let mismatches = run.findings.filter { $0["code"] as? String == "period-mismatch" }
    #expect(mismatches.map { ($0["file"] as? String ?? "").hasSuffix("c.csv") } == [true])
    // A folder without htx.yaml expects every unit of the pack's list, as warnings.
    let missing = run.findings.filter { $0["code"] as? String == "missing-submission" }
    #expect(missing.count == 8)
    #expect(missing.allSatisfy { $0["severity"] as? String == "warning" })
  }

  @Test func withoutAConfigOrAMajorityEveryPeriodIsAMismatchAndNothingIsMerged() throws {
    let folder = try Self.folder([
      "a.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "b.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "NĂM 2017", taxCode: "0100112437"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    #expect(run.status == 1)
    let mismatches = run.findings.filter { $0["code"] as? String == "period-mismatch" }
    #expect(
      mismatches.compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == [
        "a.csv", "b.csv",
      ])
    #expect(mismatches.allSatisfy { ($0["message"] as? String)?.contains("2017, 2017-H1") == true })
    let merge = try CommandLineTests.htx(["merge", "--out", folder.appendingPathComponent("p.xlsx").path, folder.path])
    #expect(merge.status == 1)
    #expect(merge.stderr.contains("merged 0 rows from 0 files"), "\(merge.stderr)")
  }

  @Test func outputsWrittenIntoTheFolderAreNoReturnsOnTheNextRun() throws {
    let folder = try Self.folder([
      "htx.yaml": "pack: kttt\nperiod: 2017-H1\nunits: two.yaml\n",
      "two.yaml": Self.twoUnits,
      "cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "huu-lung.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
      "README.txt": "Báo cáo gửi Sở Kế hoạch và Đầu tư.\nLiên hệ: 0205 3812 345\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = [
      "--out", folder.appendingPathComponent("province.xlsx").path, "--csv",
      folder.appendingPathComponent("province.csv").path,
    ]
    let first = try CommandLineTests.htx(["merge", folder.path] + out)
    #expect(first.status == 0, "\(first.stderr)")
    let again = try CommandLineTests.htx(["merge", folder.path] + out)
    #expect(again.status == 0, "the earlier workbook is this run's output: \(again.stderr)")
    #expect(again.stderr.contains("merged 2 rows from 2 files"), "\(again.stderr)")
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    #expect(run.status == 0, "\(run.findings)")
    let byFile = Dictionary(grouping: run.findings) {
      URL(fileURLWithPath: $0["file"] as? String ?? "").lastPathComponent
    }
    #expect(byFile["province.xlsx"]?.map { $0["code"] as? String } == ["file-format"])
    #expect(byFile["province.csv"]?.map { $0["code"] as? String } == ["file-format"], "merge's CSV too")
    #expect(byFile["README.txt"]?.map { $0["severity"] as? String } == ["warning"], "no unit, no period: no return")
  }

  @Test func aUnitWithoutAReturnIsAMissingSubmissionError() throws {
    let folder = try Self.folder([
      "htx.yaml": "period: 2017-H1\nunits: two.yaml\n",
      "two.yaml": Self.twoUnits,
      "183_2017H1.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    #expect(run.status == 1)
    let missing = run.findings.filter { $0["code"] as? String == "missing-submission" }
    #expect(missing.count == 1)
    #expect(missing.first?["value"] as? String == "186")
    #expect(missing.first?["severity"] as? String == "error")
    #expect((missing.first?["file"] as? String)?.hasSuffix("htx.yaml") == true)
    #expect((missing.first?["message"] as? String)?.contains("Hữu Lũng") == true)
  }

  @Test func filesPatternsChooseWhatIsRead() throws {
    let folder = try Self.folder([
      "htx.yaml": "period: 2017-H1\nunits: two.yaml\nfiles: [\"returns/**/*.csv\"]\n",
      "two.yaml": Self.twoUnits,
      "returns/2017/183.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "returns/186.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
      "old/186.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CommandLineTests.htx(["validate", "--format", "json", folder.path])
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let paths = (json["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    #expect(
      paths.map { ($0 as NSString).lastPathComponent } == ["186.csv", "183.csv"],
      "sorted by path: returns/186.csv, then returns/2017/183.csv")
    #expect(run.status == 0, "\(String(decoding: run.stdout, as: UTF8.self))")
  }

  @Test func twoReturnsOfOneUnitAreADuplicateSubmission() throws {
    let folder = try Self.folder([
      "htx.yaml": "period: 2017-H1\nunits: two.yaml\n",
      "two.yaml": Self.twoUnits,
      "a.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "b.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
      "c.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100114610"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    // The returns leave out optional columns: those warnings are not the subject here.
    let found = run.findings.filter { $0["code"] as? String != "missing-column" }
    #expect(found.compactMap { $0["code"] as? String } == ["duplicate-submission"], "\(found)")
    #expect((found.first?["file"] as? String)?.hasSuffix("c.csv") == true)
    #expect((found.first?["message"] as? String)?.contains("b.csv") == true)
    #expect((found.first?["message"] as? String)?.contains("186 Hữu Lũng") == true)
  }

  @Test func aRepeatedColumnIsADuplicateColumnAtItsHeaderCell() throws {
    let folder = try Self.folder([
      "cao-loc.csv": Self.listCSV(
        unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017",
        header: "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên,Mã số thuế") + "\r\n"
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("cao-loc.csv").path
    let run = try Self.findings(["validate", "--format", "json", file])
    let duplicates = run.findings.filter { $0["code"] as? String == "duplicate-column" }
    #expect(duplicates.count == 1)
    #expect(duplicates.first?["cell"] as? String == "H3")
    #expect(duplicates.first?["field"] as? String == "tax_code")
    let inspect = try CommandLineTests.htx(["inspect", "--format", "json", file])
    let json = try #require(try JSONSerialization.jsonObject(with: inspect.stdout) as? [String: Any])
    let table = (json["tables"] as? [[String: Any]])?.first
    #expect(table?["duplicate_columns"] as? [String] == ["H: tax_code"])
    let cleanFolder = try Self.folder([
      "cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017")
    ])
    defer { try? FileManager.default.removeItem(at: cleanFolder) }
    let clean = try Self.findings([
      "validate", "--format", "json", cleanFolder.appendingPathComponent("cao-loc.csv").path,
    ])
    #expect(!clean.findings.contains { $0["code"] as? String == "duplicate-column" }, "\(clean.findings)")
    #expect(clean.findings.allSatisfy { $0["code"] as? String == "missing-column" })
  }

  @Test func aCSVAnEarlierMergeWroteIsNotCheckedAsAReturn() throws {
    let merged =
      "\u{FEFF}unit_code,unit_name,period,name,members,source_file,source_sheet,source_row\r\n"
      + "183,Cao Lộc,2017-H1,HTX Hoa Sen,12,cao-loc.csv,,4\r\n"
    let folder = try Self.folder([
      "cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "merged.csv": merged,
      // The same columns not at the start: a return, not merge output.
      "odd.csv": "STT,unit_code,unit_name,period,source_file,source_row\r\n1,183,Cao Lộc,2017-H1,x,4\r\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", "--lang", "en", folder.path])
    let skipped = run.findings.filter { ($0["message"] as? String)?.contains("written by htx merge") == true }
    #expect(skipped.compactMap { ($0["file"] as? String)?.components(separatedBy: "/").last } == ["merged.csv"])
    #expect(skipped.first?["severity"] as? String == "warning")
    #expect(
      !run.findings.contains {
        ($0["file"] as? String)?.hasSuffix("merged.csv") == true && $0["code"] as? String != "file-format"
      })
  }

  @Test func aMalformedConfigIsExitTwoWithItsLineAndColumn() throws {
    let folder = try Self.folder([
      "htx.yaml": "pack: kttt\nperiod: 2017-H3\n",
      "a.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CommandLineTests.htx(["validate", folder.path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("htx.yaml:2:9"), "\(run.stderr)")
    #expect(run.stderr.contains("2017-H3"))
    try "pack: kttt\nperoid: 2017-H1\n".write(
      to: folder.appendingPathComponent("htx.yaml"), atomically: true, encoding: .utf8)
    let typo = try CommandLineTests.htx(["validate", folder.path])
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("htx.yaml:2:1") && typo.stderr.contains("did you mean 'period'"), "\(typo.stderr)")
  }

  /// The codes of the findings at G4, Cao Lộc's member count, when it is written `members`
  /// in a folder of number style `style`.
  static func codesAtMemberCount(_ members: String, style: String) throws -> [String] {
    let text = Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017").replacingOccurrences(
      of: ",12\r\n", with: ",\(members)\r\n")
    let folder = try Self.folder([
      "htx.yaml": "number_style: \(style)\nunits: two.yaml\n", "two.yaml": Self.twoUnits, "cao-loc.csv": text,
      "huu-lung.csv": Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    return run.findings.filter { $0["cell"] as? String == "G4" }.compactMap { $0["code"] as? String }
  }

  @Test func aFixedNumberStyleReadsDotsAsDecimals() throws {
    // 1.250 in English style is one and a quarter members: not an integer.
    #expect(try Self.codesAtMemberCount("\"1.250\"", style: "en").contains("type-error"))
    #expect(try Self.codesAtMemberCount("\"1.250\"", style: "vi").isEmpty, "1250 members pass every rule")
  }

  @Test func aFractionWrittenAsItPrintsIsNoMemberCount() throws {
    // "12.5" reads as a number the shortest way: in a column of whole members it is
    // still an error, as "1.250" is.
    #expect(try Self.codesAtMemberCount("12.5", style: "en") == ["type-error"])
  }

  @Test func checkReadsTheFoldersConfigAndNeedsOne() throws {
    let folder = try Self.folder([
      "htx.yaml": "period: 2017-H1\nunits: two.yaml\nfiles: [\"returns/*.csv\"]\n",
      "two.yaml": Self.twoUnits,
      "returns/cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017"),
      "returns/huu-lung.csv": Self.listCSV(
        unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112437"),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let clean = try CommandLineTests.htx(["check", folder.path])
    #expect(clean.status == 0, "\(String(decoding: clean.stdout, as: UTF8.self))")
    #expect(String(decoding: clean.stdout, as: UTF8.self).contains("2 files, 2 rows: 0 errors"))
    try Self.listCSV(unit: "HUYỆN HỮU LŨNG", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100112438").write(
      to: folder.appendingPathComponent("returns/huu-lung.csv"), atomically: true, encoding: .utf8)
    let faulty = try Self.findings(["check", folder.path, "--format", "json"])
    #expect(faulty.status == 1)
    #expect(faulty.findings.contains { $0["rule"] as? String == "tax-code-checksum" && $0["cell"] as? String == "C4" })
    try "period: 2017-H1\nfiles: returns/*.csv\nunits: [a, b\n".write(
      to: folder.appendingPathComponent("htx.yaml"), atomically: true, encoding: .utf8)
    let broken = try CommandLineTests.htx(["check", folder.path])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("htx.yaml:4:"), "\(broken.stderr)")
    try FileManager.default.removeItem(at: folder.appendingPathComponent("htx.yaml"))
    let none = try CommandLineTests.htx(["check", folder.path])
    #expect(none.status == 2 && none.stderr.contains("no htx.yaml"))
  }

  @Test func aWrongCellIsReportedOnceNotByEveryRuleThatReadsIt() throws {
    let folder = try Self.folder([
      "cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "12345")
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.appendingPathComponent("cao-loc.csv").path])
    let atCell = run.findings.filter { $0["cell"] as? String == "C4" }
    #expect(atCell.compactMap { $0["code"] as? String } == ["pattern-error"], "\(atCell)")
    let checksumFolder = try Self.folder([
      "cao-loc.csv": Self.listCSV(unit: "HUYỆN CAO LỘC", title: "6 THÁNG ĐẦU NĂM 2017", taxCode: "0100109107")
    ])
    defer { try? FileManager.default.removeItem(at: checksumFolder) }
    let checksum = try Self.findings([
      "validate", "--format", "json", checksumFolder.appendingPathComponent("cao-loc.csv").path,
    ])
    #expect(
      checksum.findings.contains { $0["rule"] as? String == "tax-code-checksum" && $0["cell"] as? String == "C4" })
  }

  @Test func aSummarySentAsItsOwnCSVIsCheckedAgainstTheUnitsListCSV() throws {
    let example = ProvinceTests.root.appendingPathComponent("example-2016/clean")
    let list = try String(contentsOf: example.appendingPathComponent("trang-dinh.csv"), encoding: .utf8)
    let summary = try String(contentsOf: example.appendingPathComponent("trang-dinh-tong-hop.csv"), encoding: .utf8)
    var lines = summary.components(separatedBy: "\r\n")
    let index = try #require(lines.firstIndex { $0.contains("Tổng số thành viên HTX") })
    var fields = lines[index].components(separatedBy: ",")
    let column = fields.count - 2
    fields[column] = String((Int(fields[column]) ?? 0) + 5)
    lines[index] = fields.joined(separator: ",")
    let folder = try Self.folder(["trang-dinh.csv": list, "trang-dinh-tong-hop.csv": lines.joined(separator: "\r\n")])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    let members = run.findings.filter { $0["rule"] as? String == "summary-members" }
    #expect(members.count == 1, "\(run.findings)")
    #expect((members.first?["file"] as? String)?.hasSuffix("trang-dinh-tong-hop.csv") == true)
    #expect(members.first?["row"] as? Int == index + 1)
  }

  @Test func aSummaryWithoutItsUnitsListIsWarnedNotSilentlyPassed() throws {
    let example = ProvinceTests.root.appendingPathComponent("example-2016/clean")
    let summary = try String(contentsOf: example.appendingPathComponent("trang-dinh-tong-hop.csv"), encoding: .utf8)
    let folder = try Self.folder(["trang-dinh-tong-hop.csv": summary])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    let alone = run.findings.filter {
      $0["code"] as? String == "missing-submission"
        && ($0["file"] as? String)?.hasSuffix("trang-dinh-tong-hop.csv") == true
    }
    #expect(alone.count == 1, "\(run.findings)")
    #expect(alone.first?["severity"] as? String == "warning")
  }

  @Test func aListSentTwiceIsOneDuplicateAndItsSummaryIsComparedWithOneList() throws {
    let example = ProvinceTests.root.appendingPathComponent("example-2016/clean")
    let list = try String(contentsOf: example.appendingPathComponent("trang-dinh.csv"), encoding: .utf8)
    let summary = try String(contentsOf: example.appendingPathComponent("trang-dinh-tong-hop.csv"), encoding: .utf8)
    let folder = try Self.folder([
      "trang-dinh.csv": list, "trang-dinh (sua lai).csv": list, "trang-dinh-tong-hop.csv": summary,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.findings(["validate", "--format", "json", folder.path])
    let errors = run.findings.filter { $0["severity"] as? String == "error" }
    #expect(errors.map { $0["code"] as? String } == ["duplicate-submission"], "\(errors)")
  }

  @Test func aUsageMistakeExitsTwo() throws {
    let language = try CommandLineTests.htx(["validate", "--lang", "fr", "."])
    #expect(language.status == 2 && language.stderr.contains("--lang must be vi or en"))
    let format = try CommandLineTests.htx(["validate", "--format", "xml", "."])
    #expect(format.status == 2 && format.stderr.contains("'xml' is invalid"))
    let missing = try CommandLineTests.htx(["merge", "."])
    #expect(missing.status == 2 && missing.stderr.contains("--out"))
  }

  @Test func aWorkbookInTCVN3FontsIsReadConvertedWithAWarning() throws {
    let file = ProvinceTests.root.appendingPathComponent("legacy/tcvn3-vntime.xlsx").path
    let run = try Self.findings(["validate", "--format", "json", file])
    #expect(run.status == 0)
    let found = run.findings.filter { $0["code"] as? String != "missing-column" }
    #expect(found.compactMap { $0["code"] as? String } == ["encoding-error"], "\(found)")
    #expect(found.first?["severity"] as? String == "warning")
    let dump = try CommandLineTests.htx(["dump", file])
    #expect(String(decoding: dump.stdout, as: UTF8.self).contains("T\u{AA}n HTX"), "dump shows the cells as stored")
    let merged = FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: merged) }
    let merge = try CommandLineTests.htx([
      "merge", file, "--out", merged.deletingPathExtension().appendingPathExtension("xlsx").path, "--jsonl",
      merged.path,
    ])
    #expect(merge.status == 0, "\(merge.stderr)")
    let row = try String(contentsOf: merged, encoding: .utf8)
    #expect(row.contains("\"status\":\"Đang hoạt động\"") && row.contains("\"unit_code\":\"183\""), "\(row)")
    try? FileManager.default.removeItem(at: merged.deletingPathExtension().appendingPathExtension("xlsx"))
  }

  @Test func aWorkbookInVNIFontsSaysWhyItsHeaderIsNotFound() throws {
    let file = ProvinceTests.root.appendingPathComponent("legacy/vni-times.xlsx").path
    let run = try Self.findings(["validate", "--format", "json", file])
    #expect(run.status == 1)
    #expect(run.findings.compactMap { $0["code"] as? String } == ["encoding-error"])
    #expect((run.findings.first?["message"] as? String)?.contains("VNI-Times") == true)
  }
}
