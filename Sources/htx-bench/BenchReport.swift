import Foundation

/// What measuring one tool on one input gave.
enum Measurement {
  /// The tool is missing or could not start; carries why.
  case skipped(String)
  /// A run exited non-zero.
  case failed(ChildRun)
  /// All runs finished; carries them and the check run's note.
  case measured([ChildRun], note: String)

  /// The median wall time, when measured.
  var medianSeconds: Double? {
    guard case .measured(let runs, _) = self else { return nil }
    return Self.median(runs.map(\.seconds))
  }

  /// The median processor time (user and system), when measured.
  var medianCPUSeconds: Double? {
    guard case .measured(let runs, _) = self else { return nil }
    return Self.median(runs.map(\.cpuSeconds))
  }

  /// The median peak memory in bytes, when measured.
  var medianPeakBytes: Double? {
    guard case .measured(let runs, _) = self else { return nil }
    return Self.median(runs.map { Double($0.peakBytes) })
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// The measurements, rendered as one Markdown table with notes.
struct BenchReport {
  struct Entry {
    var tool: BenchTool
    var input: BenchInput
    var measurement: Measurement
  }

  /// Two copies of one run side by side against it alone: the medians of each copy's wall
  /// time, over `rounds` rounds.
  struct SideBySide {
    var command: String
    var alone: Double
    var together: Double
    var rounds: Int
  }

  let runs: Int
  var entries: [Entry] = []
  /// How the machine's cores fared when two runs shared them, when probed.
  var sideBySide: SideBySide?

  mutating func add(_ measurement: Measurement, input: BenchInput, tool: BenchTool) {
    entries.append(Entry(tool: tool, input: input, measurement: measurement))
  }

  func render(inputs: [BenchInput], tools: [BenchTool], htxPath: String?) -> String {
    var lines: [String] = []
    lines.append(
      "## htx-bench: medians of \(runs) run\(runs == 1 ? "" : "s") per tool and file, "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
        + "\(ISO8601DateFormatter().string(from: Date()))")
    lines.append("")
    lines.append("| input | data rows | file MB | parsed MB |")
    lines.append("|---|---:|---:|---:|")
    for input in inputs {
      lines.append(
        "| \(input.name) | \(input.rows) | \(Self.format(Double(input.fileBytes) / 1e6, 1)) "
          + "| \(Self.format(Double(input.parsedBytes) / 1e6, 1)) |")
    }
    lines.append("")
    lines.append(
      "Parsed MB is the sheet XML uncompressed (xl/worksheets/sheet1.xml), or the CSV file. "
        + "htx/peer is htx's median wall time over the peer's on the same file (below 1: htx "
        + "is faster).")
    lines.append("")
    lines.append("| tool | input | median wall s | rows/s | MB/s | peak MiB | htx/peer |")
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    var notes: [String] = []
    for entry in entries {
      let name = entry.tool.name
      let file = entry.input.name
      switch entry.measurement {
      case .skipped(let reason):
        lines.append("| \(name) | \(file) | \(reason) | | | | |")
      case .failed(let run):
        let message = run.errorText.split(separator: "\n").first.map(String.init) ?? ""
        lines.append("| \(name) | \(file) | failed (exit \(run.status)) | | | | |")
        notes.append("\(name) on \(file) failed with exit \(run.status): \(message)")
      case .measured(_, let note):
        let seconds = entry.measurement.medianSeconds ?? .nan
        let peak = (entry.measurement.medianPeakBytes ?? .nan) / 1_048_576
        let rowsPerSecond = Double(entry.input.rows) / seconds
        let megabytesPerSecond = Double(entry.input.parsedBytes) / 1e6 / seconds
        var ratio = "—"
        if !entry.tool.isHTX && !entry.tool.isValidate, let htx = htxSeconds(for: entry.input) {
          ratio = Self.format(htx / seconds, 2) + "×"
        }
        lines.append(
          "| \(name) | \(file) | \(Self.format(seconds, 2)) | \(Self.rate(rowsPerSecond)) "
            + "| \(Self.format(megabytesPerSecond, 0)) | \(Self.format(peak, 0)) | \(ratio) |")
        if !note.isEmpty { notes.append("\(name) on \(file): \(note)") }
      }
    }
    lines += validateLines()
    if !notes.isEmpty {
      lines.append("")
      lines.append("Check runs (one unmeasured run before the timed ones):")
      lines += notes.map { "- \($0)" }
    }
    lines.append("")
    lines.append("Memory: " + ChildProcess.memoryMethod + ".")
    if let htxPath {
      lines.append("")
      lines.append("htx binary: \(htxPath)" + Self.staleness(of: htxPath))
    }
    return lines.joined(separator: "\n")
  }

  /// A warning when the htx binary is older than this one: `swift run htx-bench` builds only
  /// htx-bench, so the htx beside it may predate the sources.
  static func staleness(of htxPath: String) -> String {
    let manager = FileManager.default
    let me = (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    guard let htxDate = (try? manager.attributesOfItem(atPath: htxPath))?[.modificationDate] as? Date,
      let benchDate = (try? manager.attributesOfItem(atPath: me))?[.modificationDate] as? Date
    else { return "" }
    let built = ISO8601DateFormatter().string(from: htxDate)
    guard benchDate.timeIntervalSince(htxDate) > 60 else { return " (built \(built))" }
    return " (built \(built), before htx-bench: it may be stale; `swift build -c release` rebuilds both)"
  }

  /// The table of `htx validate` over `htx dump` (medians of this run) per input; issue 3
  /// asks for at most 1.5×.
  func validateLines() -> [String] {
    let validated = entries.filter { $0.tool.isValidate }
    guard !validated.isEmpty else { return [] }
    var lines = [
      "", "Validating against reading, the same run (issue 3: validate at most 1.5× dump):", "",
      "| input | htx dump s | htx validate s | validate ÷ dump | dump CPU s | validate CPU s | CPU ratio |",
      "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for entry in validated {
      let dumped = entries.first { $0.tool.isHTX && $0.input.path == entry.input.path }?.measurement
      let dump = dumped?.medianSeconds ?? .nan
      let validate = entry.measurement.medianSeconds ?? .nan
      let dumpCPU = dumped?.medianCPUSeconds ?? .nan
      let validateCPU = entry.measurement.medianCPUSeconds ?? .nan
      lines.append(
        "| \(entry.input.name) | \(Self.format(dump, 2)) | \(Self.format(validate, 2)) "
          + "| \(Self.format(validate / dump, 2))× | \(Self.format(dumpCPU, 2)) | \(Self.format(validateCPU, 2)) "
          + "| \(Self.format(validateCPU / dumpCPU, 2))× |")
    }
    lines.append("")
    lines.append(
      "CPU is user and system time, every thread's: validate spends it on two busy threads (one "
        + "parses and types, one checks), dump on one. Its wall time comes near its CPU time "
        + "over two only while the second core is a whole core.")
    if let probe = sideBySide {
      let factor = probe.together / probe.alone
      lines.append("")
      lines.append(
        "Second core, probed in the rounds that timed that file: two `\(probe.command)` side by side took "
          + "\(Self.format(probe.together, 3)) s each against \(Self.format(probe.alone, 3)) s alone "
          + "(medians of \(probe.rounds) rounds): \(Self.format(factor, 2))×. Near 1.0×, the cores are "
          + "the machine's own; well above it, they share a core's power (a virtual machine's "
          + "two threads on one physical core), and two-threaded validate's ratio then tends "
          + "toward its CPU ratio.")
    }
    return lines
  }

  /// htx's median on `input`, when it was measured.
  func htxSeconds(for input: BenchInput) -> Double? {
    entries.first { $0.tool.isHTX && $0.input.path == input.path }?.measurement.medianSeconds
  }

  static func format(_ value: Double, _ places: Int) -> String {
    guard value.isFinite else { return "—" }
    return String(format: "%.\(places)f", value)
  }

  /// A rate like `1.23 M` or `850 k`.
  static func rate(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    if value >= 1e6 { return format(value / 1e6, 2) + " M" }
    if value >= 1e3 { return format(value / 1e3, 0) + " k" }
    return format(value, 0)
  }
}
