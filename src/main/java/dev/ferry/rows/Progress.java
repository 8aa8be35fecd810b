package dev.ferry.rows;

/** Hears how a run advances; the CLI draws bars on a terminal and logs lines otherwise. */
public interface Progress {

  /** Says nothing. */
  Progress SILENT = new Progress() {};

  /** A unit starts; {@code estimatedRows} is -1 when unknown. */
  default void started(String unit, long estimatedRows) {}

  /** Rows of a unit were committed; {@code total} is the unit's running total. */
  default void advanced(String unit, long total) {}

  /** A unit is complete. */
  default void finished(String unit, long total) {}

  /**
   * Whether the caller asks the run to stop (the sync service on SIGTERM): asked before each
   * chunk, so the chunk in flight commits with its checkpoint and no other starts; the run then
   * ends with {@link dev.ferry.error.ErrorCode#STOPPED}.
   */
  default boolean stopRequested() {
    return false;
  }
}
