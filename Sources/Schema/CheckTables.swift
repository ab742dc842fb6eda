import Foundation

/// The tables that checking a return needs before its first row: the title lines' period
/// phrases, whose first pattern also starts ICU's regular expressions, about as costly as
/// the rest of loading a pack. (The label-folding table is built into the tool.)
public enum CheckTables {
  /// Starts building the tables on a thread of their own, so that they are made while
  /// the command line and the pack are read on this one. Whoever needs a table first
  /// waits for it to be built once; nothing is built twice.
  public static func prepareInBackground() {
    Thread { ReportingPeriod.preparePhrases() }.start()
  }
}
