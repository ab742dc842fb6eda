import SheetIO
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes the district return as CSV the way Excel exports a sheet: UTF-8 (no BOM), commas,
/// CRLF, every row padded to 15 fields, fields quoted only when they hold a comma or quote,
/// dates as dd/mm/yyyy and numbers unformatted.
struct CSVGenerator {
  let rows: Int

  /// Writes the CSV to `path` (through a temporary file beside it) and returns its size.
  func write(to path: String) throws -> Int64 {
    let temporary = path + ".part"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw BenchError.io("cannot create \(temporary)", errno) }
    var sink = GeneratedText()
    var failure: Int32 = 0
    let flush: (UnsafeRawBufferPointer) -> Void = { bytes in
      var done = 0
      while done < bytes.count, failure == 0, let base = bytes.baseAddress {
        let written = posixWrite(descriptor, base + done, bytes.count - done)
        if written < 0 {
          if errno != EINTR { failure = errno }
        } else {
          done += written
        }
      }
    }
    let padding = [UInt8](repeating: UInt8(ascii: ","), count: DistrictReturn.columnCount - 1)
    for title in DistrictReturn.titleRows {
      sink.append(Self.field(title))
      sink.append(padding)
      sink.append("\r\n")
    }
    sink.append(padding)
    sink.append("\r\n")
    sink.append(DistrictReturn.headers.map(Self.field).joined(separator: [UInt8(ascii: ",")]).map { $0 })
    sink.append("\r\n")
    let communes = DistrictReturn.communes.map(Self.field)
    let sectors = DistrictReturn.sectors.map(Self.field)
    let statuses = DistrictReturn.statuses.map(Self.field)
    let grades = DistrictReturn.grades.map(Self.field)
    for number in 1...max(rows, 1) where rows > 0 {
      let row = DistrictReturn.row(number)
      sink.append(int: row.number)
      sink.append(",")
      DistrictReturn.appendName(root: row.nameRoot, to: &sink)
      sink.append(",")
      DistrictReturn.appendTaxCode(row: row.number, to: &sink)
      sink.append(",")
      sink.append(communes[row.commune])
      sink.append(",")
      sink.append(sectors[row.sector])
      sink.append(",")
      Self.appendDate(serial: row.founded, to: &sink)
      sink.append(",")
      sink.append(statuses[row.status])
      sink.append(",")
      sink.append(int: row.members)
      sink.append(",")
      sink.append(int: row.labour)
      sink.append(",")
      sink.append(int: row.memberLabour)
      sink.append(",")
      sink.append(scaled: row.capitalTenths, places: 1)
      sink.append(",")
      sink.append(scaled: row.revenueTenths, places: 1)
      sink.append(",")
      sink.append(scaled: row.profitTenths, places: 1)
      sink.append(",")
      sink.append(scaled: row.incomeHundredths, places: 2)
      sink.append(",")
      sink.append(grades[row.grade])
      sink.append("\r\n")
      if sink.isFull { sink.drain(into: flush) }
    }
    sink.drain(into: flush)
    let closed = close(descriptor)
    guard failure == 0, closed == 0 else {
      unlink(temporary)
      throw BenchError.io("cannot write \(temporary)", failure != 0 ? failure : errno)
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw BenchError.io("cannot rename \(temporary) to \(path)", errno)
    }
    return sink.totalCount
  }

  /// A CSV field: as-is, or quoted with doubled quotes when it holds a comma, quote or newline.
  static func field(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
      return bytes
    }
    var quoted: [UInt8] = [0x22]
    for byte in bytes {
      quoted.append(byte)
      if byte == 0x22 { quoted.append(0x22) }
    }
    quoted.append(0x22)
    return quoted
  }

  /// Appends a date serial (days since 1899-12-30) as dd/mm/yyyy.
  static func appendDate(serial: Int, to sink: inout GeneratedText) {
    let (year, month, day) = CellDate.civil(fromDays: serial - 25_569)
    sink.append(int: day, width: 2)
    sink.append("/")
    sink.append(int: month, width: 2)
    sink.append("/")
    sink.append(int: year, width: 4)
  }
}
