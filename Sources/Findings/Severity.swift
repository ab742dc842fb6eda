/// How much a finding matters: errors fail a return, warnings and notes do not.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
  case error
  case warning
  case info

  private var rank: Int {
    switch self {
    case .error: 2
    case .warning: 1
    case .info: 0
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
