import Foundation
import Schema
import SheetIO

/// The pack a run will most likely use, loaded with its forms' rules and readers on a
/// thread of its own while the command line is read: about five milliseconds of start-up
/// that would otherwise come before the first file.
///
/// A run takes the preload only for the very folder it resolved; when that is another
/// pack, or the preload failed, it loads its own as before and reports that load's errors.
public final class PackPreload: @unchecked Sendable {
  /// The folder the preload resolved, set before ``resolved`` is signalled; nil: none.
  private var folder: String?
  private let resolved = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)
  private var made: (pack: Pack, parts: ReturnCheck.Parts)?

  /// The preload started, if one was.
  private nonisolated(unsafe) static var started: PackPreload?
  private static let lock = NSLock()

  /// Starts loading the pack in `folder` (call it once, early, on the main thread).
  public static func start(folder: URL) {
    start { folder }
  }

  /// Starts finding the pack folder with `resolve`, and loading the pack there, on a
  /// thread of its own: finding it takes file-system calls the command line need not
  /// wait for (call it once, early, on the main thread).
  public static func start(resolving resolve: @escaping @Sendable () -> URL?) {
    let preload = PackPreload()
    lock.withLock { started = preload }
    WorkerThread.start {
      defer { preload.done.signal() }
      let folder = resolve()
      preload.folder = folder?.standardizedFileURL.path
      preload.resolved.signal()
      guard let folder, let pack = try? Pack.load(folder: folder), let parts = try? ReturnCheck.Parts(pack: pack)
      else { return }
      preload.made = (pack, parts)
    }
  }

  /// The pack and parts loaded from `folder`, waiting for them; nil when no preload of
  /// that folder was started or it failed. A preload is taken once.
  public static func take(folder: URL) -> (pack: Pack, parts: ReturnCheck.Parts)? {
    let path = folder.standardizedFileURL.path
    guard let preload = lock.withLock({ started }) else { return nil }
    // Signalled again for a later take, which may ask for the folder found.
    preload.resolved.wait()
    preload.resolved.signal()
    let taken = lock.withLock {
      guard started === preload, preload.folder == path else { return false }
      started = nil
      return true
    }
    guard taken else { return nil }
    preload.done.wait()
    return preload.made
  }
}
