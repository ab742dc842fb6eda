import ArgumentParser

@main
struct HTX: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "htx",
    abstract: "Read, check and merge the spreadsheet returns of a province's units.",
    subcommands: [])
}
