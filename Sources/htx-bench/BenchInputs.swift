import Foundation

/// One generated input file and what the bench needs to know about it.
struct BenchInput: Codable, Sendable {
  /// The kind of file, which decides the tools that read it.
  enum Kind: String, Codable, Sendable, CaseIterable {
    case sharedStrings = "shared"
    case inlineStrings = "inline"
    case csv
  }

  var kind: Kind
  var rows: Int
  /// The generator version that made it (``DistrictReturn/version``).
  var version: Int
  /// The bytes a reader must parse: the sheet XML uncompressed, or the CSV file.
  var parsedBytes: Int64
  /// The file's size on disk.
  var fileBytes: Int64
  /// The file's path.
  var path: String

  /// The file's name, e.g. `return-shared-100k.xlsx`.
  static func fileName(kind: Kind, rows: Int) -> String {
    "return-\(kind.rawValue)-\(RowCount.label(rows)).\(kind == .csv ? "csv" : "xlsx")"
  }

  /// The file name alone.
  var name: String { (path as NSString).lastPathComponent }
}

/// Row counts as the user writes them: `100000`, `100k`, `1M`.
enum RowCount {
  static func parse(_ text: Substring) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    var multiplier = 1
    var digits = Substring(trimmed)
    if trimmed.hasSuffix("k") {
      multiplier = 1000
      digits = digits.dropLast()
    } else if trimmed.hasSuffix("m") {
      multiplier = 1_000_000
      digits = digits.dropLast()
    }
    guard let value = Int(digits.replacingOccurrences(of: "_", with: "")), value > 0 else {
      return nil
    }
    return value * multiplier
  }

  /// `100k`, `1M`, or the number itself.
  static func label(_ rows: Int) -> String {
    if rows % 1_000_000 == 0 { return "\(rows / 1_000_000)M" }
    if rows % 1000 == 0 { return "\(rows / 1000)k" }
    return "\(rows)"
  }
}

/// Makes the inputs, or finds them already made in the output folder.
enum InputCache {
  /// Returns the input of `kind` and `rows` in `folder`, generating it if it is missing or
  /// was made by another generator version.
  static func input(kind: BenchInput.Kind, rows: Int, folder: String) throws -> (BenchInput, Bool) {
    let path = (folder as NSString).appendingPathComponent(
      BenchInput.fileName(kind: kind, rows: rows))
    let metadataPath = path + ".json"
    if let data = FileManager.default.contents(atPath: metadataPath),
      let cached = try? JSONDecoder().decode(BenchInput.self, from: data),
      cached.version == DistrictReturn.version, cached.rows == rows, cached.kind == kind,
      let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      (attributes[.size] as? NSNumber)?.int64Value == cached.fileBytes
    {
      var found = cached
      found.path = path
      return (found, false)
    }
    try? FileManager.default.removeItem(atPath: metadataPath)
    let parsed: Int64
    switch kind {
    case .sharedStrings: parsed = try WorkbookGenerator(rows: rows, strings: .shared).write(to: path)
    case .inlineStrings: parsed = try WorkbookGenerator(rows: rows, strings: .inline).write(to: path)
    case .csv: parsed = try CSVGenerator(rows: rows).write(to: path)
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    let input = BenchInput(
      kind: kind, rows: rows, version: DistrictReturn.version, parsedBytes: parsed,
      fileBytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0, path: path)
    try JSONEncoder().encode(input).write(to: URL(fileURLWithPath: metadataPath))
    return (input, true)
  }
}
