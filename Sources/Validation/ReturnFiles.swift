import Findings
import Foundation
import Schema

/// Finds the return files named on the command line.
public enum ReturnFiles {
  /// The extensions a folder is searched for: the returns htx reads, and the spreadsheets
  /// an office may send instead (a legacy .xls, an OpenDocument .ods, a binary .xlsb),
  /// each of which is a `file-format` finding that says how to save it, not a file passed
  /// over in silence while its unit is reported missing.
  public static let extensions: Set<String> = ["xlsx", "xlsm", "xltx", "csv", "tsv", "txt", "xls", "ods", "xlsb"]

  /// Each file given, and each return file under each folder given, in order; a path
  /// that does not exist comes with its finding. A folder with an `htx.yaml` gives the
  /// files its `files:` patterns name.
  public static func find(_ paths: [String], configs: [String: ProjectConfig] = [:]) -> [(String, Finding?)] {
    var found: [(String, Finding?)] = []
    let manager = FileManager.default
    for path in paths {
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
        found.append(
          (
            path,
            Finding(
              code: .fileUnreadable, file: path, message: "no such file or folder",
              vietnamese: "không có tệp hay thư mục này")
          ))
        continue
      }
      guard isFolder.boolValue else {
        found.append((path, nil))
        continue
      }
      let config = configs[path] ?? ProjectConfig(folder: URL(fileURLWithPath: path))
      found += config.matchingFiles(path: path, defaultExtensions: extensions).map { ($0, nil) }
    }
    return found
  }
}
