import ArgumentParser
import Findings
import Foundation
import Rules
import Schema
import Validation

/// What `validate`, `check` and `merge` share: the `htx.yaml` of a folder given, the pack,
/// the unit list and period, and the files to read.
struct ProvinceSetup {
  /// The configuration found, if any.
  var config: ProjectConfig?
  /// The pack in use.
  var pack: Pack
  /// The files to read, each with the finding that already stops it.
  var files: [(String, Finding?)]
  /// The ready check.
  var check: ProvinceCheck
  /// The unit list in use.
  var units: UnitList?

  /// Loads everything for `paths`; a bad `htx.yaml`, pack or rule is exit 2.
  init(paths: [String], schema: String?, language: String, config given: ProjectConfig? = nil) throws {
    var config = given
    var configs: [String: ProjectConfig] = [:]
    do {
      for path in paths {
        let file = (path as NSString).appendingPathComponent(ProjectConfig.fileName)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
          FileManager.default.fileExists(atPath: file)
        else { continue }
        let loaded = try ProjectConfig.load(URL(fileURLWithPath: file))
        configs[path] = loaded
        if config == nil { config = loaded }
      }
      if let given, let path = paths.first { configs[path] = given }
      let packFolder = try PackLocation.resolve(schema, config: config)
      files = ReturnFiles.find(paths, configs: configs)
      // The first return is opened while the pack loads on its own thread.
      if let (first, problem) = files.first, problem == nil { ReturnCheck.open(path: first) }
      let preloaded = PackPreload.take(folder: packFolder)
      pack = try preloaded?.pack ?? Pack.load(folder: packFolder)
      let units = try Self.unitList(config: config, pack: pack)
      self.units = units
      var returns =
        try preloaded.map { ReturnCheck(pack: $0.pack, parts: $0.parts, units: units, language: language) }
        ?? ReturnCheck(pack: pack, units: units, language: language)
      returns.period = config?.period
      returns.numberStyle = config?.numberStyle
      // A folder is one period's set: every unit is expected; an htx.yaml makes it an error.
      let folder = paths.first { path in
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
      }
      let place =
        configs.keys.sorted().first.map { ($0 as NSString).appendingPathComponent(ProjectConfig.fileName) }
        ?? config.map { $0.folder.appendingPathComponent(ProjectConfig.fileName).path } ?? folder ?? paths.first ?? "."
      let submissions = SubmissionCheck(
        units: units, period: config?.period, place: place, expectsEveryUnit: folder != nil || config != nil,
        missingIsError: config != nil)
      check = ProvinceCheck(returns: returns, submissions: submissions)
    } catch let error as SchemaError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    } catch let error as RuleSyntaxError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
    self.config = config
  }

  /// The unit list `htx.yaml` names (an id of the pack's, or a path), else the pack's first.
  static func unitList(config: ProjectConfig?, pack: Pack) throws -> UnitList? {
    guard let name = config?.units else { return pack.unitLists.values.sorted { $0.id < $1.id }.first }
    if let list = pack.unitLists[name] { return list }
    let url = URL(fileURLWithPath: name, relativeTo: config?.folder).standardizedFileURL
    guard FileManager.default.fileExists(atPath: url.path) else {
      let known = pack.unitLists.keys.sorted().joined(separator: ", ")
      throw SchemaError(
        config?.location(of: "units") ?? SourceLocation(file: ProjectConfig.fileName, line: 1, column: 1),
        "units: '\(name)' is neither a unit list of the pack (\(known)) nor a file")
    }
    return try Pack.loadUnitList(url)
  }
}

/// Where the pack is: the folder given, the one `htx.yaml` names, or the bundled `kttt`.
enum PackLocation {
  /// The pack folder for `--schema`, else `htx.yaml`'s `pack:` (a path, or a name under
  /// `Schemas/`), else the bundled `Schemas/kttt` beside the working directory or above
  /// the executable.
  static func resolve(_ given: String?, config: ProjectConfig? = nil) throws -> URL {
    if let given { return URL(fileURLWithPath: given) }
    let manager = FileManager.default
    var name = "kttt"
    if let config, let pack = config.pack {
      let url = URL(fileURLWithPath: pack, relativeTo: config.folder).standardizedFileURL
      if manager.fileExists(atPath: url.appendingPathComponent("pack.yaml").path) { return url }
      name = pack
    }
    var candidates = [URL(fileURLWithPath: manager.currentDirectoryPath)]
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
      candidates.append(directory)
      directory = directory.deletingLastPathComponent()
    }
    for base in candidates {
      let pack = base.appendingPathComponent("Schemas").appendingPathComponent(name)
      if manager.fileExists(atPath: pack.appendingPathComponent("pack.yaml").path) { return pack }
    }
    if let config, config.pack != nil {
      throw SchemaError(
        config.location(of: "pack"),
        "pack: '\(name)' is neither a pack folder nor a pack under Schemas/")
    }
    return URL(fileURLWithPath: "Schemas/kttt")
  }
}
