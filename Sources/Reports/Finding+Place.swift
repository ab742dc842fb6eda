import Findings

extension Finding {
  /// The rule id, or the code when no named rule produced the finding.
  var ruleID: String { rule ?? code.rawValue }

  /// Where the finding is inside its file: `Biểu 01!E7`, `E7`, `Biểu 01, row 7`, `row 7`,
  /// `Biểu 01`, or empty for a finding about the whole file.
  var place: String {
    switch (sheet, cell, row) {
    case (let sheet?, let cell?, _): "\(sheet)!\(cell)"
    case (nil, let cell?, _): cell
    case (let sheet?, nil, let row?): "\(sheet), row \(row)"
    case (nil, nil, let row?): "row \(row)"
    case (let sheet?, nil, nil): sheet
    case (nil, nil, nil): ""
    }
  }
}
