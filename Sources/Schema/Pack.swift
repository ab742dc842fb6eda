import Foundation

/// A unit that submits returns, such as district 183 Cao Lộc.
public struct SubmittingUnit: Sendable, Hashable {
  /// The statistics office (GSO) code.
  public var code: String
  /// The official name.
  public var name: String
  /// Other names offices write for it.
  public var aliases: [String]

  /// Creates a unit.
  public init(code: String, name: String, aliases: [String] = []) {
    self.code = code
    self.name = name
    self.aliases = aliases
  }
}

/// A versioned list of submitting units with its validity dates.
public struct UnitList: Sendable, Hashable {
  /// The list id, such as `lang-son-districts`.
  public var id: String
  /// The province's code (20 for Lạng Sơn).
  public var provinceCode: String
  /// The province's name.
  public var provinceName: String
  /// The first and last day the list is valid (ISO dates), when limited.
  public var validFrom: String?
  public var validTo: String?
  /// The units.
  public var units: [SubmittingUnit]

  /// Creates a unit list.
  public init(
    id: String, provinceCode: String, provinceName: String, validFrom: String? = nil, validTo: String? = nil,
    units: [SubmittingUnit]
  ) {
    self.id = id
    self.provinceCode = provinceCode
    self.provinceName = provinceName
    self.validFrom = validFrom
    self.validTo = validTo
    self.units = units
  }
}

/// A pack: the forms of one kind of return, their vocabularies and the unit lists.
public struct Pack: Sendable {
  /// The pack id, such as `kttt`.
  public var id: String
  /// The pack's title.
  public var title: String
  /// The forms, in the order the pack lists them.
  public var forms: [Form]
  /// The vocabularies, by id.
  public var vocabularies: [String: Vocabulary]
  /// The unit lists, by id.
  public var unitLists: [String: UnitList]
  /// How returns are merged, when the pack says.
  public var consolidation: ConsolidationSpec?

  /// Loads the pack in `folder` (its `pack.yaml` and the files it names).
  /// - Throws: ``SchemaError`` at the file, line and column of the first mistake.
  public static func load(folder: URL) throws -> Pack {
    try PackLoader(folder: folder).load()
  }

  /// Loads a unit-list file that is not part of a pack (`units:` of `htx.yaml` as a path).
  /// - Throws: ``SchemaError`` at the file, line and column of the first mistake.
  public static func loadUnitList(_ url: URL) throws -> UnitList {
    try PackLoader(folder: url.deletingLastPathComponent()).loadUnits(url)
  }
}
