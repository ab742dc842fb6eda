import Glibc

/// A read-only file opened for positioned reads (`pread`), closed when released.
final class RandomAccessFile {
  let descriptor: Int32
  /// The file's size in bytes.
  let size: Int

  /// Opens `path`; a file that cannot be opened is `file-unreadable`.
  init(path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      throw SheetReadError(
        .fileUnreadable, "cannot open the file: \(reason)", vietnamese: "không mở được tệp: \(reason)")
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw SheetReadError(
        .fileUnreadable, "cannot read the file's size", vietnamese: "không đọc được kích thước của tệp")
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw SheetReadError(
        .fileUnreadable, "this is a folder, not a file", vietnamese: "đây là một thư mục, không phải tệp")
    }
    descriptor = fd
    size = Int(info.st_size)
  }

  deinit { close(descriptor) }

  /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read.
  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws
    -> Int
  {
    var done = 0
    while done < count {
      let n = pread(descriptor, buffer + done, count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        throw SheetReadError(.fileUnreadable, "read error: \(reason)", vietnamese: "lỗi khi đọc tệp: \(reason)")
      }
      if n == 0 { break }
      done += n
    }
    return done
  }

  /// Reads exactly `count` bytes at `offset`; a short read means the file is cut short.
  func bytes(at offset: Int, count: Int) throws -> [UInt8] {
    guard offset >= 0, count >= 0, offset + count <= size else {
      throw SheetReadError(
        .fileCorrupt, "the file ends before the data it announces",
        vietnamese: "tệp bị cắt cụt: tệp kết thúc trước khi hết phần dữ liệu mà nó khai báo")
    }
    var result = [UInt8](repeating: 0, count: count)
    let got = try result.withUnsafeMutableBytes { raw -> Int in
      guard let base = raw.baseAddress else { return 0 }
      return try read(into: base, count: count, at: offset)
    }
    guard got == count else {
      throw SheetReadError(
        .fileCorrupt, "the file ends before the data it announces",
        vietnamese: "tệp bị cắt cụt: tệp kết thúc trước khi hết phần dữ liệu mà nó khai báo")
    }
    return result
  }
}
