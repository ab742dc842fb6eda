import Testing

@testable import SheetIO

/// Number format codes decide which numbers are dates.
@Suite struct NumberFormatTests {
  @Test(arguments: [
    ("dd/mm/yyyy", NumberFormatKind.date), ("#,##0.0", .number), ("General", .number),
    ("[h]:mm:ss", .duration), ("[Red]#,##0", .number), ("[$-42A]d mmmm yyyy", .date),
    ("0.00E+00", .number), ("#,##0*y", .number), ("\"ngày\" 0", .number), ("h:mm AM/PM", .date),
    ("#,##0;[Red]-#,##0;\"-\"", .number), ("@", .number), ("", .number), ("yyyy\\-mm", .date),
  ])
  func customCodeKind(_ code: String, _ kind: NumberFormatKind) {
    #expect(NumberFormatKind.custom(code) == kind, "\(code)")
  }

  @Test func builtInDateIDs() {
    for id in [14, 15, 22, 27, 36, 45, 47, 50, 58] { #expect(NumberFormatKind.builtIn(id) == .date) }
    #expect(NumberFormatKind.builtIn(46) == .duration)
    for id in [0, 1, 4, 10, 37, 49] { #expect(NumberFormatKind.builtIn(id) == .number) }
  }
}
