import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the bench could not go on.
enum BenchError: Error, CustomStringConvertible {
  /// A file operation failed; carries what was tried and `errno`.
  case io(String, Int32)
  /// A generated file failed its check; carries what was wrong.
  case invalid(String)

  var description: String {
    switch self {
    case .io(let what, let code): return "\(what): \(String(cString: strerror(code)))"
    case .invalid(let what): return what
    }
  }
}

/// The C `write`, for types that have their own `write` method.
func posixWrite(_ descriptor: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, start, count)
}

/// One finished run of a child process.
struct ChildRun {
  /// Wall time from spawn to exit, in seconds.
  var seconds: Double
  /// Processor time, user and system, of the child and what it waited for, in seconds.
  var cpuSeconds: Double
  /// The child's peak resident set, in bytes (`ru_maxrss`).
  var peakBytes: Int
  /// The exit status, or 128 + the signal that killed it.
  var status: Int32
  /// The start of what it wrote to standard error.
  var errorText: String
}

/// Runs child processes with standard output sent to /dev/null, timing each and reading
/// its peak memory (`ru_maxrss`) from `wait4`.
///
/// A child's `ru_maxrss` on Linux starts from its parent's size: `posix_spawn` (vfork) hands
/// it the parent's high-water mark at `exec`, and `fork` its resident size. This process
/// holds the Swift runtime, Foundation and, after generating, the inputs' buffers, so its
/// children would never report less than that. When GNU time is installed, each run goes
/// through it instead: `time` is about 1 MiB, waits for the child with `wait4` and writes the
/// child's `ru_maxrss`. Without it the figures are this process's `wait4` readings and
/// ``memoryFloor`` says below what they mean nothing.
enum ChildProcess {
  /// GNU time's path, when installed.
  static let gnuTime: String? = {
    let path = "/usr/bin/time"
    guard access(path, X_OK) == 0 else { return nil }
    let versionPath = NSTemporaryDirectory() + "htx-bench-time-version-\(getpid())"
    defer { unlink(versionPath) }
    guard let run = try? spawn([path, "--version"], outputPath: versionPath) else { return nil }
    let text = readStart(of: versionPath) + run.errorText
    return text.contains("GNU") ? path : nil
  }()

  /// How peak memory is measured, for the report.
  static var memoryMethod: String {
    if gnuTime != nil {
      return "peak memory is the child's ru_maxrss from wait4, read through GNU time "
        + "(/usr/bin/time, about 1 MiB) so that this process's size does not leak into it"
    }
    return "peak memory is the child's ru_maxrss from this process's wait4; GNU time is not "
      + "installed, so a child inherits this process's high-water mark at exec and figures "
      + "at or below \(memoryFloor / 1_048_576) MiB mean \"at most that\""
  }

  /// This process's own high-water mark in bytes, below which a direct reading means nothing.
  static var memoryFloor: Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
  }

  /// Runs `arguments` (the first is the program's path) and waits for it, sending its
  /// standard output to `outputPath` (by default /dev/null); through GNU time when installed.
  static func run(_ arguments: [String], outputPath: String = "/dev/null") throws -> ChildRun {
    guard let gnuTime else { return try spawn(arguments, outputPath: outputPath) }
    let peakPath = NSTemporaryDirectory() + "htx-bench-peak-\(getpid())"
    defer { unlink(peakPath) }
    var run = try spawn(
      [gnuTime, "--format=%M", "--output=\(peakPath)"] + arguments, outputPath: outputPath)
    // The last line is the peak in KiB; a line before it may report a non-zero exit.
    let lines = readStart(of: peakPath).split(separator: "\n")
    guard let last = lines.last, let kibibytes = Int(last) else {
      run.status = run.status == 0 ? 127 : run.status
      run.errorText += readStart(of: peakPath)
      return run
    }
    run.peakBytes = kibibytes * 1024
    return run
  }

  /// Runs `arguments` with `posix_spawn` and times it; the peak is `wait4`'s `ru_maxrss`.
  private static func spawn(_ arguments: [String], outputPath: String) throws -> ChildRun {
    try finish(start(arguments, outputPath: outputPath))
  }

  /// Runs `copies` children of `arguments` at once, their output sent to /dev/null, and
  /// waits for all: how they fare side by side shows whether the machine's cores are
  /// its own (each takes as long as alone) or share their power (each takes longer).
  static func runSideBySide(_ arguments: [String], copies: Int) throws -> [ChildRun] {
    var started: [Started] = []
    do {
      for _ in 0..<copies { started.append(try start(arguments, outputPath: "/dev/null")) }
    } catch {
      for child in started { _ = try? finish(child) }
      throw error
    }
    return try started.map(finish)
  }

  /// A child started and not yet waited for.
  private struct Started {
    let pid: pid_t
    let start: timespec
    let errorPath: String
  }

  /// Starts `arguments` with `posix_spawn`, its output sent to `outputPath`.
  private static func start(_ arguments: [String], outputPath: String) throws -> Started {
    let errorPath = NSTemporaryDirectory() + "htx-bench-stderr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
      &actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(
      &actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let cArguments = arguments.map { strdup($0) }
    defer { cArguments.forEach { free($0) } }
    var argv = cArguments + [nil]
    var pid: pid_t = 0
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let spawned = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return EINVAL }
      return posix_spawn(&pid, arguments[0], &actions, nil, base, environ)
    }
    guard spawned == 0 else {
      unlink(errorPath)
      throw BenchError.io("cannot run \(arguments[0])", spawned)
    }
    return Started(pid: pid, start: start, errorPath: errorPath)
  }

  /// Waits for `child` and times it; the peak is `wait4`'s `ru_maxrss`.
  private static func finish(_ child: Started) throws -> ChildRun {
    defer { unlink(child.errorPath) }
    let (pid, start, errorPath) = (child.pid, child.start, child.errorPath)
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw BenchError.io("wait4 failed", errno) }
    }
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    // Linux reports ru_maxrss in KiB.
    let peak = Int(usage.ru_maxrss) * 1024
    let signal = status & 0x7F
    let exit = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    let cpu =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return ChildRun(
      seconds: seconds, cpuSeconds: cpu, peakBytes: peak, status: exit, errorText: readStart(of: errorPath))
  }

  /// The first 2 KiB of a file as text, or "" if unreadable.
  private static func readStart(of path: String) -> String {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return "" }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 2048)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    return String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
  }

  /// The full path of `program` found on PATH, or nil.
  static func find(_ program: String) -> String? {
    if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(program)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }
}
