import Foundation

/// A program the bench times on one kind of input: htx itself, a peer, or a floor.
struct BenchTool {
  /// The name shown in the table.
  var name: String
  /// Whether this is htx, the tool the others are compared with.
  var isHTX = false
  /// Whether this is `htx validate`, compared with `htx dump` on the same file.
  var isValidate = false
  /// The exit statuses of a successful run.
  var acceptedStatuses: Set<Int32> = [0]
  /// The inputs it reads.
  var kinds: [BenchInput.Kind]
  /// Why it is skipped on this machine, or nil when it can run.
  var unavailable: String?
  /// The command line for one input; the first element is the program's path.
  var arguments: (BenchInput) -> [String]
  /// Checks what the unmeasured first run wrote to standard output (the file at the given
  /// path); returns a note for the report, prefixed with "problem:" when the output is wrong.
  var check: (BenchInput, String) -> String

  /// The tools, in table order, with those missing from this machine marked unavailable.
  static func all(htxPath: String?, htxLookedAt: String) -> [BenchTool] {
    let python = ChildProcess.find("python3")
    let unzip = ChildProcess.find("unzip")
    func pythonModule(_ module: String) -> String? {
      guard let python else { return "python3 not found on PATH" }
      let result = try? ChildProcess.run([python, "-c", "import \(module)"])
      return result?.status == 0 ? nil : "python module \(module) not installed"
    }
    let calamineMissing = pythonModule("python_calamine")
    let duckdbMissing = pythonModule("duckdb")
    let pythonPath = python ?? "python3"
    return [
      BenchTool(
        name: "htx dump", isHTX: true, kinds: BenchInput.Kind.allCases,
        unavailable: htxPath == nil ? "htx not built (looked for \(htxLookedAt))" : nil,
        arguments: { [htxPath ?? "htx", "dump", $0.path] },
        check: { input, outputPath in
          let lines = OutputFile.countLines(outputPath)
          return lines >= input.rows
            ? "wrote \(lines) lines"
            : "problem: wrote \(lines) lines for \(input.rows) data rows"
        }),
      BenchTool(
        name: "htx validate", isValidate: true, acceptedStatuses: [0, 1], kinds: [.csv, .sharedStrings],
        unavailable: htxPath == nil ? "htx not built (looked for \(htxLookedAt))" : nil,
        arguments: { [htxPath ?? "htx", "validate", "--format", "json", $0.path] },
        check: { input, outputPath in
          // The generated return has findings, so exit 1 is a run; the JSON says how many rows.
          let text = OutputFile.text(outputPath)
          return text.contains("\"rows\" : \(input.rows)")
            ? "read \(input.rows) rows" : "problem: the JSON does not report \(input.rows) rows"
        }),
      BenchTool(
        name: "unzip -p sheet1.xml (floor)", kinds: [.sharedStrings, .inlineStrings],
        unavailable: unzip == nil ? "unzip not found on PATH" : nil,
        arguments: { [unzip ?? "unzip", "-p", $0.path, "xl/worksheets/sheet1.xml"] },
        check: { input, outputPath in
          let bytes = OutputFile.size(outputPath)
          return bytes == input.parsedBytes
            ? "wrote \(bytes) bytes" : "problem: wrote \(bytes) bytes, expected \(input.parsedBytes)"
        }),
      BenchTool(
        name: "python-calamine", kinds: [.sharedStrings, .inlineStrings],
        unavailable: calamineMissing,
        arguments: { [pythonPath, "-c", Self.calamineScript, $0.path] },
        check: { input, outputPath in
          countCheck(outputPath, expected: input.rows + DistrictReturn.headerRow, units: ("rows", "cells"))
        }),
      BenchTool(
        name: "python csv module", kinds: [.csv],
        unavailable: python == nil ? "python3 not found on PATH" : nil,
        arguments: { [pythonPath, "-c", Self.csvScript, $0.path] },
        check: { input, outputPath in
          countCheck(outputPath, expected: input.rows + DistrictReturn.headerRow, units: ("records", "fields"))
        }),
      BenchTool(
        name: "DuckDB read_csv + SQL", kinds: [.csv], unavailable: duckdbMissing,
        arguments: { [pythonPath, "-c", Self.duckdbScript, $0.path] },
        check: { input, outputPath in
          let text = OutputFile.text(outputPath).trimmingCharacters(in: .whitespacesAndNewlines)
          return text.hasPrefix("(\(input.rows),")
            ? "result \(text.prefix(60))…"
            : "problem: result \(text.prefix(200)), expected \(input.rows) rows first"
        }),
    ]
  }

  /// Checks a printed "rows cells" pair against the expected row count.
  static func countCheck(_ outputPath: String, expected: Int, units: (String, String)) -> String {
    let output = OutputFile.text(outputPath).trimmingCharacters(in: .whitespacesAndNewlines)
    let counts = output.split(separator: " ").compactMap { Int($0) }
    guard counts.count == 2, counts[0] == expected else {
      return "problem: printed \"\(output)\" (\(units.0), \(units.1)); expected \(expected) \(units.0)"
    }
    return "read \(counts[0]) \(units.0), \(counts[1]) \(units.1)"
  }

  /// python-calamine reading every cell of the first sheet (PERF.md's peer).
  static let calamineScript = """
    import sys
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(sys.argv[1])
    rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    n = sum(len(r) for r in rows)
    print(len(rows), n)
    """

  /// Python's csv module reading every field.
  static let csvScript = """
    import csv, sys
    records = fields = 0
    with open(sys.argv[1], newline='', encoding='utf-8') as f:
        for r in csv.reader(f):
            records += 1
            fields += len(r)
    print(records, fields)
    """

  /// DuckDB loading the CSV below its title block and running one check over every column:
  /// the row count, sums and extremes, and the rows with more member-labourers than members.
  static let duckdbScript = """
    import sys, duckdb
    path = sys.argv[1].replace("'", "''")
    names = \(DistrictReturn.sqlNames)
    query = f\"\"\"
    select count(*), sum(stt), min(ten_htx), max(ma_so_thue), count(distinct xa),
      min(linh_vuc), max(ngay_thanh_lap), min(tinh_trang), sum(members), sum(labour),
      count(*) filter (where member_labour > members), sum(von_dieu_le), sum(doanh_thu),
      count(*) filter (where loi_nhuan < 0), avg(thu_nhap_binh_quan), max(xep_loai)
    from read_csv('{path}', skip=\(DistrictReturn.headerRow - 1), header=true,
      names={names}, all_varchar=false)
    \"\"\"
    print(duckdb.sql(query).fetchall()[0])
    """
}

/// Reading what a check run wrote.
enum OutputFile {
  /// The file's text, at most its first 64 KiB.
  static func text(_ path: String) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: 65_536)) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  /// The number of newline bytes in the file.
  static func countLines(_ path: String) -> Int {
    guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
    defer { try? handle.close() }
    var lines = 0
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
    return lines
  }

  /// The file's size in bytes.
  static func size(_ path: String) -> Int64 {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return (attributes?[.size] as? NSNumber)?.int64Value ?? -1
  }
}
