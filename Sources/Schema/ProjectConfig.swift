import Foundation

/// A data folder's `htx.yaml`: which pack, period, unit list and files its returns use.
public struct ProjectConfig: Sendable {
  /// The name of the configuration file in a data folder.
  public static let fileName = "htx.yaml"

  /// The folder that holds the file; relative paths are resolved against it.
  public var folder: URL
  /// The pack: a folder name under `Schemas/`, or a path.
  public var pack: String?
  /// The period every return must be for.
  public var period: ReportingPeriod?
  /// The unit list: an id of the pack's lists, or a path to a unit-list file.
  public var units: String?
  /// Glob patterns of the return files, relative to ``folder``; empty means every return.
  public var files: [String]
  /// The number style every file uses; nil decides it per file.
  public var numberStyle: NumberStyle?
  /// Where each key's value stands in the file, for errors found later.
  public var locations: [String: SourceLocation] = [:]

  /// Creates a configuration.
  public init(
    folder: URL, pack: String? = nil, period: ReportingPeriod? = nil, units: String? = nil, files: [String] = [],
    numberStyle: NumberStyle? = nil
  ) {
    self.folder = folder
    self.pack = pack
    self.period = period
    self.units = units
    self.files = files
    self.numberStyle = numberStyle
  }

  /// Reads `url` strictly.
  /// - Throws: ``SchemaError`` at the file, line and column of the first mistake.
  public static func load(_ url: URL) throws -> ProjectConfig {
    let root = try YAMLValue.load(url)
    let entries = try root.mapping(allowed: ["pack", "period", "units", "files", "number_style"])
    var config = ProjectConfig(folder: url.deletingLastPathComponent())
    config.locations = entries.mapValues(\.location)
    config.pack = try entries["pack"]?.string()
    if let node = entries["period"] {
      let text = try node.string()
      guard let period = ReportingPeriod(text) else {
        throw node.error("'\(text)' is not a period; write 2017-H1, 2017-H2, 2017 or an end date such as 2017-12-14")
      }
      config.period = period
    }
    config.units = try entries["units"]?.string()
    if let node = entries["files"] {
      config.files = try node.strings()
      for (index, pattern) in config.files.enumerated() where pattern.isEmpty || pattern.hasPrefix("/") {
        let place = (try? node.list()).flatMap { index < $0.count ? $0[index] : nil } ?? node
        throw place.error("a file pattern is relative to the folder of htx.yaml and not empty")
      }
    }
    if let node = entries["number_style"] {
      switch try node.string().lowercased() {
      case "auto": config.numberStyle = nil
      case "vi": config.numberStyle = .vi
      case "en": config.numberStyle = .en
      case let other: throw node.error("number_style is auto, vi or en, not '\(other)'")
      }
    }
    return config
  }

  /// Where `key`'s value stands, or the file's start.
  public func location(of key: String) -> SourceLocation {
    locations[key] ?? SourceLocation(file: folder.appendingPathComponent(Self.fileName).path, line: 1, column: 1)
  }

  /// The files under ``folder`` that ``files`` names (every return file when it names
  /// none), as paths that start with the folder's path, sorted.
  public func matchingFiles(path folderPath: String, defaultExtensions: Set<String>) -> [String] {
    let patterns = files.map(GlobPattern.init)
    var found: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let relative = enumerator?.nextObject() as? String {
      let name = relative.split(separator: "/").last.map(String.init) ?? relative
      guard !name.hasPrefix("."), !name.hasPrefix("~$"), name != Self.fileName else { continue }
      var isFolder: ObjCBool = false
      let full = (folderPath as NSString).appendingPathComponent(relative)
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
      if patterns.isEmpty {
        guard let dot = name.lastIndex(of: "."),
          defaultExtensions.contains(name[name.index(after: dot)...].lowercased())
        else { continue }
      } else if !patterns.contains(where: { $0.matches(relative) }) {
        continue
      }
      found.append(full)
    }
    return found.sorted()
  }
}
