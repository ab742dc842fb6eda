import Glibc

/// Threads started straight on POSIX threads, for work a run waits on at start-up: a
/// Foundation `Thread` took from 0.7 to 4 milliseconds to begin its body there (measured
/// on `htx validate`), a POSIX thread mostly under one (the machine may still be slow to
/// give any new thread a processor).
public enum WorkerThread {
  /// The body a started thread runs, kept alive across the C call.
  private final class Work {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
      self.body = body
    }
  }

  /// Runs `body` on a new detached thread whose stack holds `stackSize` bytes; on the
  /// calling thread, before returning, when no thread can be made.
  public static func start(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) {
    if !spawn(stackSize: stackSize, body) { body() }
  }

  /// Runs `body` on a new detached thread whose stack holds `stackSize` bytes; false, and
  /// `body` not run, when no thread can be made.
  public static func spawn(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
    let work = Unmanaged.passRetained(Work(body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    let made = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
        return nil
      }, work.toOpaque())
    if made != 0 { work.release() }
    return made == 0
  }
}
