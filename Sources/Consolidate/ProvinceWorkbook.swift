import Findings
import Schema
import SheetIO

/// Writes the provincial workbook: the Summary sheet, then every cooperative row as it
/// comes, then the Findings sheet; the file appears on ``finish()``.
public final class ProvinceWorkbook {
  private let writer: XLSXWriter
  private let columns: CooperativeColumns
  private let marksFindings: Bool

  /// Starts the workbook at `path` with its Summary sheet (`notes` by unit code in a last
  /// column, such as a return left out), and opens the Cooperatives sheet.
  public init(
    path: String, summary: [ProvinceSummary.Row], indicators: [ConsolidationSpec.Indicator],
    columns: CooperativeColumns, marksFindings: Bool, notes: [String: String] = [:]
  ) throws {
    writer = try XLSXWriter(path: path)
    // Named as htx's, so a later run over the same folder knows it for no return.
    writer.application = XLSXWorkbook.htxApplication
    self.columns = columns
    self.marksFindings = marksFindings
    try writer.beginSheet("Summary")
    try writer.addRow(
      [.text("Mã đơn vị"), .text("Đơn vị")] + indicators.map { .text($0.label) } + [.text("Ghi chú")],
      styles: Array(repeating: .header, count: indicators.count + 3))
    for row in summary {
      let values: [XLSXWriter.Value] = row.values.map { $0.map(XLSXWriter.Value.number) ?? .empty }
      let styles: [XLSXCellStyle] = row.values.map { value in
        guard let value else { return .plain }
        return value.rounded() == value ? .integer : .money
      }
      let note: XLSXWriter.Value = notes[row.code].map(XLSXWriter.Value.text) ?? .empty
      try writer.addRow([.text(row.code), .text(row.name)] + values + [note], styles: [.plain, .plain] + styles)
    }
    try writer.beginSheet("Cooperatives")
    var header = ["Mã đơn vị", "Đơn vị", "Kỳ báo cáo"] + columns.fields.map(\.label) + ["Nguồn"]
    if marksFindings { header.append("Lỗi") }
    try writer.addRow(header.map(XLSXWriter.Value.text), styles: Array(repeating: .header, count: header.count))
  }

  /// Adds one cooperative row to the Cooperatives sheet.
  public func add(_ row: CooperativeRow) throws {
    var values: [XLSXWriter.Value] = [
      row.unitCode.map(XLSXWriter.Value.text) ?? .empty, row.unitName.map(XLSXWriter.Value.text) ?? .empty,
      row.period.map(XLSXWriter.Value.text) ?? .empty,
    ]
    var styles: [XLSXCellStyle] = [.plain, .plain, .plain]
    for (field, value) in zip(columns.fields, row.values) {
      switch value {
      case .blank:
        values.append(.empty)
        styles.append(.plain)
      case .number(let number):
        values.append(.number(number))
        styles.append(field.type == .integer ? .integer : field.unit?.contains("đồng") == true ? .money : .decimal)
      case .text(let text):
        values.append(.text(text))
        styles.append(.plain)
      case .date(let year, let month, let day):
        values.append(.date(year: year, month: month, day: day))
        styles.append(.date)
      }
    }
    values.append(.text(row.source))
    styles.append(.plain)
    if marksFindings {
      values.append(row.findings.isEmpty ? .empty : .text(row.findings.joined(separator: "; ")))
      styles.append(.plain)
    }
    try writer.addRow(values, styles: styles)
  }

  /// Writes the Findings sheet (the excluded files first, said in `language`) and
  /// finishes the file.
  public func finish(findings: [Finding], excluded: [(path: String, errors: Int)], language: String = "vi") throws {
    try writer.beginSheet("Findings")
    let header = ["Mức độ", "Mã", "Quy tắc", "Tệp", "Trang tính", "Ô", "Dòng", "Trường", "Giá trị", "Nội dung"]
    try writer.addRow(header.map(XLSXWriter.Value.text), styles: Array(repeating: .header, count: header.count))
    func text(_ value: String?) -> XLSXWriter.Value { value.map(XLSXWriter.Value.text) ?? .empty }
    for file in excluded {
      try writer.addRow([
        .text("error"), .text("excluded"), .empty, .text(file.path), .empty, .empty, .empty, .empty, .empty,
        .text(
          language == "en"
            ? "not merged: \(file.errors) error\(file.errors == 1 ? "" : "s")"
            : "không tổng hợp: tệp có \(file.errors) lỗi"),
      ])
    }
    for finding in findings {
      try writer.addRow([
        .text(finding.severity.rawValue), .text(finding.code.rawValue), text(finding.rule), text(finding.file),
        text(finding.sheet), text(finding.cell), finding.row.map { .number(Double($0)) } ?? .empty,
        text(finding.field), text(finding.value), .text(finding.message),
      ])
    }
    try writer.finish()
  }
}
