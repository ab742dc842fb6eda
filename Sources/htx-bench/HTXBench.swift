import ArgumentParser
import Foundation

/// Times htx and its peers reading generated district returns.
struct HTXBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "htx-bench",
    abstract: "Time htx and its peers reading generated district returns.",
    discussion: """
      Generates district returns of 15 columns (shared-string and inline-string XLSX, and \
      CSV) once per row count, caches them in the output folder, then runs each tool as a \
      child process several times, the tools taking turns on each file, and prints a \
      Markdown table of medians: wall time, \
      rows/s, MB/s of sheet XML (of the file, for CSV), peak resident memory, and htx's \
      time over each peer's on the same file. `htx validate` (exit 0 or 1) is timed on the \
      CSV and shared-string files and set against `htx dump` on the same file, wall time \
      and CPU time both; in the rounds on the smallest CSV, `htx dump` also runs alone and \
      as two copies side by side, to show whether the second core is a whole core. Peers \
      missing from the machine are skipped and named.

      Example: swift build -c release && .build/release/htx-bench --rows 100k --runs 3
      """)

  @Option(
    help: ArgumentHelp(
      "Row counts to generate and measure, comma-separated (100000, 100k or 1M). The default is 100000,1000000.",
      valueName: "counts"))
  var rows = "100000,1000000"

  @Option(help: "Measured runs per tool and file, after one unmeasured check run. The default is 5.")
  var runs = 5

  @Option(help: "The folder for the generated files, reused on later runs. The default is bench-data.")
  var out = "bench-data"

  @Flag(help: "Generate (or find) the input files, check them, and stop.")
  var generateOnly = false

  var rowCounts: [Int] { rows.split(separator: ",").compactMap(RowCount.parse) }

  func validate() throws {
    let parts = rows.split(separator: ",")
    guard !parts.isEmpty, parts.allSatisfy({ RowCount.parse($0) != nil }) else {
      throw ValidationError("--rows takes positive counts such as 100000,1M; got \"\(rows)\".")
    }
    guard rowCounts.allSatisfy({ $0 <= 1_048_576 - DistrictReturn.headerRow }) else {
      throw ValidationError("--rows above 1,048,570 would not fit in one Excel sheet.")
    }
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1; got \(runs).") }
  }

  func run() throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let inputs = try prepareInputs()
    if generateOnly { return }

    let (htxPath, lookedAt) = Self.locateHTX()
    let tools = BenchTool.all(htxPath: htxPath, htxLookedAt: lookedAt)
    var report = BenchReport(runs: runs)
    // The second core is probed on the smallest CSV, in the rounds that time validate on it.
    let dump = tools.first { $0.isHTX && $0.unavailable == nil }
    let probed = inputs.filter { $0.kind == .csv }.min { $0.rows < $1.rows }
    for input in inputs {
      let applicable = tools.filter { $0.kinds.contains(input.kind) }
      var probe = dump.flatMap { input.path == probed?.path ? SideBySideProbe(tool: $0, input: input) : nil }
      for (tool, measurement) in zip(applicable, measure(applicable, on: input, probing: &probe)) {
        report.add(measurement, input: input, tool: tool)
      }
      if let result = probe?.result { report.sideBySide = result }
    }
    print(report.render(inputs: inputs, tools: tools, htxPath: htxPath))
  }

  /// One tool timed on one input alone and as two copies side by side, a round at a time
  /// between the other tools' runs: whether the second core adds a core's power while
  /// they are timed.
  struct SideBySideProbe {
    let tool: BenchTool
    let input: BenchInput
    var alone: [Double] = []
    var together: [Double] = []
    var failed = false

    /// Runs one round: the tool alone, then two copies at once.
    mutating func round() {
      let arguments = tool.arguments(input)
      guard !failed, let single = try? ChildProcess.runSideBySide(arguments, copies: 1),
        let pair = try? ChildProcess.runSideBySide(arguments, copies: 2),
        (single + pair).allSatisfy({ tool.acceptedStatuses.contains($0.status) })
      else {
        failed = true
        return
      }
      alone += single.map(\.seconds)
      together += pair.map(\.seconds)
      Log.line(
        String(
          format: "side by side: %@ on %@ alone %.3f s, two at once %.3f and %.3f s", tool.name, input.name,
          single[0].seconds, pair[0].seconds, pair[1].seconds))
    }

    /// The medians, once a round ran and none failed.
    var result: BenchReport.SideBySide? {
      guard !failed, !alone.isEmpty else { return nil }
      return BenchReport.SideBySide(
        command: "\(tool.name) \(input.name)", alone: Measurement.median(alone),
        together: Measurement.median(together), rounds: alone.count)
    }
  }

  /// Generates the inputs missing from the output folder, in parallel on two threads, and
  /// checks each new workbook with a Python reader.
  func prepareInputs() throws -> [BenchInput] {
    let jobs = rowCounts.flatMap { count in
      BenchInput.Kind.allCases.map { (kind: $0, rows: count) }
    }
    let results = GenerationResults(count: jobs.count)
    let folder = out
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
      let job = jobs[index]
      let started = Date()
      do {
        let (input, generated) = try InputCache.input(
          kind: job.kind, rows: job.rows, folder: folder)
        if generated {
          Log.line(
            String(
              format: "generated %@ in %.1f s (%.1f MB, %.1f MB to parse)", input.name,
              Date().timeIntervalSince(started), Double(input.fileBytes) / 1e6,
              Double(input.parsedBytes) / 1e6))
        }
        results.set(index, .success((input, generated)))
      } catch {
        results.set(index, .failure(error))
      }
    }
    var inputs: [BenchInput] = []
    for result in results.all() {
      let (input, generated) = try result.get()
      if generated && input.kind != .csv { try WorkbookCheck.check(input) }
      inputs.append(input)
    }
    return inputs
  }

  /// Runs each tool once on `input` to check it and warm the caches, then `runs` rounds
  /// in which every tool still standing runs once: the tools' runs interleave, so a machine
  /// that slows down or speeds up midway weighs on all of them alike and their ratios hold.
  func measure(_ tools: [BenchTool], on input: BenchInput, probing probe: inout SideBySideProbe?) -> [Measurement] {
    // A tool's check-run note while it is being timed; its final result once it stops.
    var notes: [String] = []
    var results: [Measurement?] = []
    for tool in tools {
      switch checkRun(tool, on: input) {
      case .success(let note):
        notes.append(note)
        results.append(nil)
      case .failure(let stopped):
        notes.append("")
        results.append(stopped.measurement)
      }
    }
    var measured: [[ChildRun]] = Array(repeating: [], count: tools.count)
    for round in 1...runs {
      for (index, tool) in tools.enumerated() where results[index] == nil {
        do {
          let result = try ChildProcess.run(tool.arguments(input))
          guard tool.acceptedStatuses.contains(result.status) else {
            results[index] = .failed(result)
            continue
          }
          Log.line(
            String(
              format: "%@ on %@: run %d/%d %.2f s, %.0f MiB", tool.name, input.name, round, runs,
              result.seconds, Double(result.peakBytes) / 1_048_576))
          measured[index].append(result)
        } catch {
          results[index] = .skipped("could not run: \(error)")
        }
      }
      probe?.round()
    }
    return tools.indices.map { results[$0] ?? .measured(measured[$0], note: notes[$0]) }
  }

  /// Why a tool is not timed, as the measurement it stands as.
  struct Stopped: Error {
    let measurement: Measurement
  }

  /// The unmeasured check run of `tool` on `input`: the check's note when the tool is
  /// ready to be timed, else why it is not.
  func checkRun(_ tool: BenchTool, on input: BenchInput) -> Result<String, Stopped> {
    if let reason = tool.unavailable { return .failure(Stopped(measurement: .skipped(reason))) }
    Log.line("\(tool.name) on \(input.name): check run")
    let outputPath = (out as NSString).appendingPathComponent(".check-output")
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    do {
      let first = try ChildProcess.run(tool.arguments(input), outputPath: outputPath)
      guard tool.acceptedStatuses.contains(first.status) else {
        return .failure(Stopped(measurement: .failed(first)))
      }
      return .success(tool.check(input, outputPath))
    } catch {
      return .failure(Stopped(measurement: .skipped("could not run: \(error)")))
    }
  }

  /// The `htx` binary beside this one, and where it was looked for.
  static func locateHTX() -> (String?, String) {
    let me =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
    let folder = (me as NSString).deletingLastPathComponent
    let candidate = (folder as NSString).appendingPathComponent("htx")
    return (FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil, candidate)
  }
}

/// The outcome of generating each input, filled in from several threads.
final class GenerationResults: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<(BenchInput, Bool), any Error>?]

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ result: Result<(BenchInput, Bool), any Error>) {
    lock.withLock { results[index] = result }
  }

  func all() -> [Result<(BenchInput, Bool), any Error>] {
    lock.withLock { results.map { $0 ?? .failure(BenchError.invalid("not generated")) } }
  }
}

/// Progress lines on standard error.
enum Log {
  static func line(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
