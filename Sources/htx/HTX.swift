import ArgumentParser

/// The `htx` command: read, check and merge the spreadsheet returns of a province.
@main
struct HTX: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "htx",
    abstract: "Read, check and merge the spreadsheet returns of a province's units.",
    discussion: """
      Examples:
        htx validate returns/ --lang en
        htx check data/
        htx inspect returns/cao-loc.xlsx
        htx dump returns/cao-loc.xlsx --sheet "Biểu 01" > cao-loc.csv
      """,
    version: "0.1.0",
    subcommands: [Validate.self, Check.self, Merge.self, Inspect.self, Dump.self])
}
