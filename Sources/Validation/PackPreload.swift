import Foundation
import Schema

/// The pack a run will most likely use, loaded with its forms' rules and readers on a
/// thread of its own while the command line is read: about five milliseconds of start-up
/// that would otherwise come before the first file.
///
/// A run takes the preload only for the very folder it resolved; when that is another
/// pack, or the preload failed, it loads its own as before and reports that load's errors.
public final class PackPreload: @unchecked Sendable {
  private let folder: String
  private let done = DispatchSemaphore(value: 0)
  private var made: (pack: Pack, parts: ReturnCheck.Parts)?

  /// The preload started, if one was.
  private nonisolated(unsafe) static var started: PackPreload?
  private static let lock = NSLock()

  private init(folder: URL) {
    self.folder = folder.standardizedFileURL.path
  }

  /// Starts loading the pack in `folder` (call it once, early, on the main thread).
  public static func start(folder: URL) {
    let preload = PackPreload(folder: folder)
    lock.withLock { started = preload }
    let thread = Thread {
      defer { preload.done.signal() }
      guard let pack = try? Pack.load(folder: folder), let parts = try? ReturnCheck.Parts(pack: pack) else { return }
      preload.made = (pack, parts)
    }
    thread.start()
  }

  /// The pack and parts loaded from `folder`, waiting for them; nil when no preload of
  /// that folder was started or it failed. A preload is taken once.
  public static func take(folder: URL) -> (pack: Pack, parts: ReturnCheck.Parts)? {
    let path = folder.standardizedFileURL.path
    let preload: PackPreload? = lock.withLock {
      guard let started, started.folder == path else { return nil }
      Self.started = nil
      return started
    }
    guard let preload else { return nil }
    preload.done.wait()
    return preload.made
  }
}
