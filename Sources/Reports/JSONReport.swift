import Dispatch
import Findings
import Foundation

/// Rendered pieces filled by concurrent workers, each its own element.
private struct RenderedPieces: @unchecked Sendable {
  let pieces: UnsafeMutableBufferPointer<JSONWriter>
}

/// Renders a report as SPEC §5's JSON: version, valid, stats, files, findings.
public enum JSONReport {
  /// The JSON text of `report`; `strict` counts warnings against `valid`.
  public static func render(_ report: ValidationReport, strict: Bool = false) throws -> String {
    String(decoding: try renderBytes(report, strict: strict), as: UTF8.self)
  }

  /// ``render(_:strict:)`` as UTF-8 bytes.
  public static func renderBytes(_ report: ValidationReport, strict: Bool = false) throws -> [UInt8] {
    // The document around the findings; they are rendered apart, and joined in the result.
    let json = JSONWriter(capacity: 4096 + report.files.count * 256)
    let invalid = Set(report.findings.lazy.filter { $0.severity == .error }.compactMap(\.file))
    // Members in sorted key order, as the encoder's `.sortedKeys` gives them.
    json.beginObject()
    json.key("files")
    json.beginArray()
    for file in report.files {
      json.element()
      json.beginObject()
      json.member("path", file.path)
      json.member("period", file.period)
      json.key("tables")
      json.beginArray()
      for table in file.tables {
        json.element()
        json.beginObject()
        json.member("form", table.form)
        json.member("header_row", table.headerRow)
        json.member("rows", table.rows)
        json.member("sheet", table.sheet)
        json.endObject()
      }
      json.endArray()
      json.member("unit", file.unit)
      json.key("valid")
      json.bool(!invalid.contains(file.path))
      json.endObject()
    }
    json.endArray()
    json.key("findings")
    json.beginArray()
    let findings = renderFindings(report.findings, continuing: json)
    let before = json.count
    json.noteElements(findings)
    json.endArray()
    json.key("stats")
    json.beginObject()
    json.member("errors", report.errorCount)
    json.member("files", report.files.count)
    json.member("rows", report.rowCount)
    json.member("warnings", report.warningCount)
    json.endObject()
    json.key("valid")
    json.bool(report.passes(strict: strict))
    json.member("version", 1)
    json.endObject()
    // One copy of each piece, into the result, with no whole document in between.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(json.count + findings.reduce(0) { $0 + $1.count })
    json.withBytes { bytes.append(contentsOf: $0[..<before]) }
    for piece in findings { piece.withBytes { bytes.append(contentsOf: $0) } }
    json.withBytes { bytes.append(contentsOf: $0[before...]) }
    return bytes
  }

  /// The findings as elements of the array `json` has open, rendered in two halves on
  /// two threads when there are many: a finding per row of a large return is common.
  static func renderFindings(_ findings: [Finding], continuing json: JSONWriter) -> [JSONWriter] {
    let pieces = findings.count >= 1_000 ? 2 : 1
    let size = (findings.count + pieces - 1) / max(pieces, 1)
    let rendered = UnsafeMutableBufferPointer<JSONWriter>.allocate(capacity: pieces)
    defer {
      rendered.deinitialize()
      rendered.deallocate()
    }
    // Each piece's writer is made here, and written by one thread only.
    for piece in 0..<pieces {
      let range = (piece * size)..<min(findings.count, (piece + 1) * size)
      rendered.initializeElement(
        at: piece, to: json.continuingArray(hasItems: piece > 0 && !range.isEmpty && size > 0))
    }
    let output = RenderedPieces(pieces: rendered)
    DispatchQueue.concurrentPerform(iterations: pieces) { piece in
      let range = (piece * size)..<min(findings.count, (piece + 1) * size)
      let writer = output.pieces[piece]
      writer.reserveCapacity(range.count * 400)
      for finding in findings[range] {
        writer.element()
        write(finding, to: writer)
      }
    }
    return Array(rendered)
  }

  /// One finding as an object; members without a value are left out.
  static func write(_ finding: Finding, to json: JSONWriter) {
    json.beginObject()
    json.member("cell", finding.cell)
    json.member("code", finding.code.rawValue)
    json.member("column", finding.column)
    json.member("field", finding.field)
    json.member("file", finding.file)
    json.member("line", finding.line)
    json.member("message", finding.message)
    json.member("row", finding.row)
    json.member("rule", finding.rule)
    json.member("severity", finding.severity.rawValue)
    json.member("sheet", finding.sheet)
    json.member("value", finding.value)
    json.endObject()
  }
}
