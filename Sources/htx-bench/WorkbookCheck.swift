import Foundation

/// Opens a generated workbook with an independent reader (python-calamine, else openpyxl)
/// and compares its header row and first data row with what was generated.
enum WorkbookCheck {
  /// Prints what a Python reader sees: python-calamine reads the whole sheet (row count
  /// included) up to `full` rows; beyond that, or without calamine, openpyxl's read-only mode
  /// reads the first rows after `zipfile` has checked every CRC.
  static let script = """
    import json, sys, zipfile
    path, rows, full = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    h = \(DistrictReturn.headerRow)
    def text(v):
        return v.isoformat() if hasattr(v, "isoformat") else str(v)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None, "bad CRC"
    try:
        if rows > full:
            raise ImportError
        from python_calamine import CalamineWorkbook
        reader = "python-calamine"
        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        data = sheet.to_python(skip_empty_area=False)
        count = len(data)
    except ImportError:
        import openpyxl
        reader = "openpyxl (first rows; zipfile checked the CRCs)"
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        data = list(sheet.iter_rows(min_row=1, max_row=h + 1, values_only=True))
        count = None
    print(json.dumps(dict(reader=reader, rows=count, header=[text(v) for v in data[h - 1]],
                          first=[text(v) for v in data[h]])))
    """

  /// Workbooks up to this many rows are read whole by python-calamine.
  static let fullCheckRows = 200_000

  struct Seen: Decodable {
    var reader: String
    var rows: Int?
    var header: [String]
    var first: [String]
  }

  /// Throws ``BenchError/invalid(_:)`` when the reader fails or sees other data; logs and
  /// returns when no reader is installed.
  static func check(_ input: BenchInput) throws {
    guard let python = ChildProcess.find("python3") else {
      Log.line("cannot check \(input.name): python3 not found")
      return
    }
    let outputPath = input.path + ".check"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let run = try ChildProcess.run(
      [python, "-c", script, input.path, String(input.rows), String(fullCheckRows)], outputPath: outputPath)
    if run.status != 0 && run.errorText.contains("No module named 'openpyxl'") {
      Log.line("cannot check \(input.name): openpyxl (or python-calamine) is not installed")
      return
    }
    guard run.status == 0, let data = FileManager.default.contents(atPath: outputPath),
      let seen = try? JSONDecoder().decode(Seen.self, from: data)
    else {
      throw BenchError.invalid("\(input.name) does not open in Python: \(run.errorText)")
    }
    let row = DistrictReturn.row(1)
    var name = GeneratedText(threshold: 0)
    DistrictReturn.appendName(root: row.nameRoot, to: &name)
    var tax = GeneratedText(threshold: 0)
    DistrictReturn.appendTaxCode(row: 1, to: &tax)
    var date = GeneratedText(threshold: 0)
    CSVGenerator.appendDate(serial: row.founded, to: &date)
    let dayMonthYear = String(decoding: date.bytes, as: UTF8.self).split(separator: "/")
    let iso = dayMonthYear.reversed().joined(separator: "-")
    var problems: [String] = []
    if let rows = seen.rows, rows != input.rows + DistrictReturn.headerRow {
      problems.append("\(rows) rows, expected \(input.rows + DistrictReturn.headerRow)")
    }
    if seen.header != DistrictReturn.headers { problems.append("header \(seen.header)") }
    let first = seen.first
    if first.count != DistrictReturn.columnCount || Double(first[0]) != 1
      || first[1] != String(decoding: name.bytes, as: UTF8.self)
      || first[2] != String(decoding: tax.bytes, as: UTF8.self) || !first[5].hasPrefix(iso)
      || Double(first[7]) != Double(row.members)
    {
      problems.append("first row \(first)")
    }
    guard problems.isEmpty else {
      throw BenchError.invalid(
        "\(input.name) reads back wrong in \(seen.reader): "
          + problems.joined(separator: "; "))
    }
    Log.line("checked \(input.name) with \(seen.reader): header and first row as generated")
  }
}
