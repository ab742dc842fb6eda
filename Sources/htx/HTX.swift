import ArgumentParser
import Glibc
import Schema
import Validation

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

  /// Runs the command; a usage mistake exits 2 as SPEC §5 says (the parser's own code is 64).
  static func main() {
    // A command that checks returns loads its pack while the command line is read: the
    // bundled pack, unless one is named (`htx.yaml` may name another, which the run then
    // loads itself).
    if let name = CommandLine.arguments.dropFirst().first, ["validate", "check", "merge"].contains(name),
      !CommandLine.arguments.contains(where: { $0.hasPrefix("--schema") })
    {
      PackPreload.start { try? PackLocation.resolve(nil) }
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        StandardError.line(fullMessage(for: error))
        Glibc.exit(2)
      }
      exit(withError: error)
    }
  }
}
