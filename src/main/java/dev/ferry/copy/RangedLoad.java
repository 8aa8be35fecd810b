package dev.ferry.copy;

import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.TablePlan;
import java.util.List;
import java.util.Map;

/**
 * What the key ranges of one table loading at once share (docs/copy.md, Load): the rows the
 * table held before the run, counted once when its first range starts; its plain indexes,
 * dropped once before the first range writes and re-created once, by the range that finishes
 * last, in the transaction that marks that range done; and how many of its ranges are done.
 * Every range's writer takes this object's lock for those moments only, never while it loads.
 */
final class RangedLoad {

  private final int count;
  private boolean started;
  private long rowsBefore;
  private List<DeferrableIndex> deferred = List.of();
  private int done;

  /**
   * @param range any range of the table
   * @param checkpoints the checkpoints of the run being resumed (empty for a new run): its
   *     ranges already done count as done
   */
  RangedLoad(TablePlan range, Map<String, Checkpoint> checkpoints) {
    this.count = range.range().count();
    for (String unit : units(range)) {
      Checkpoint cp = checkpoints.get(unit);
      if (cp != null && cp.done()) {
        done++;
      }
    }
  }

  /** The unit names of every range of {@code range}'s table, in order. */
  static List<String> units(TablePlan range) {
    List<String> units = new java.util.ArrayList<>();
    for (int i = 1; i <= range.range().count(); i++) {
      units.add(range.tableUnit() + "#" + i + "/" + range.range().count());
    }
    return units;
  }

  /** Whether the table's first range has started in this process. */
  boolean started() {
    return started;
  }

  /** Marks the table started: its rows before the run and the indexes its load dropped. */
  void start(long before, List<DeferrableIndex> indexes) {
    this.started = true;
    this.rowsBefore = before;
    this.deferred = List.copyOf(indexes);
  }

  long rowsBefore() {
    return rowsBefore;
  }

  List<DeferrableIndex> deferred() {
    return deferred;
  }

  /** Whether the range finishing now is the last one of its table not done. */
  boolean finishingLast() {
    return done == count - 1;
  }

  /** Counts a range done, once its done checkpoint committed. */
  void finished() {
    done++;
  }

  /** The tables of a run that load as key ranges, each with what its ranges share. */
  static final class Tables {
    private volatile Map<String, List<Long>> bounds = Map.of();
    private volatile Map<String, Checkpoint> resumed = Map.of();
    private final Map<String, RangedLoad> loads = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean attached;

    /**
     * Writes ranges of a run whose driver started their tables (counted their rows, recorded a
     * checkpoint for every range, dropped their indexes) and re-creates their indexes once all
     * are done (docs/spark.md): each range then takes its table's count from its checkpoint and
     * neither drops nor re-creates an index.
     */
    void attached() {
      this.attached = true;
    }

    /** The plan's ranges: table → the upper bounds between its ranges. */
    void plan(Map<String, List<Long>> ranges) {
      this.bounds = Map.copyOf(ranges);
    }

    /** The checkpoints of the run being resumed, whose done ranges count as done. */
    Map<String, Checkpoint> resumed(Map<String, Checkpoint> checkpoints) {
      this.resumed = Map.copyOf(checkpoints);
      return checkpoints;
    }

    /** What the ranges of {@code range}'s table share; one object per table. */
    RangedLoad of(TablePlan range) {
      return loads.computeIfAbsent(range.tableUnit(), k -> {
        RangedLoad load = new RangedLoad(range, resumed);
        if (attached) {
          Checkpoint cp = resumed.get(range.unit());
          if (cp == null) {
            throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.UNEXPECTED,
                "run has no checkpoint for " + range.unit() + ": its driver did not start the"
                + " table's ranges; run the copy again with --resume");
          }
          load.start(cp.rowsBefore(), List.of());
          load.done = Integer.MIN_VALUE; // never the last: the driver re-creates the indexes
        }
        return load;
      });
    }

    /**
     * Records the plan's ranges in the run's row ({@code {}} for none), so that a resume takes
     * the same bounds and loads whole what this run loads whole. A run table of an earlier ferry
     * gets the column from the first run that splits a table (which needs ALTER on it); until
     * then a run that splits nothing records nothing.
     */
    void record(java.sql.Connection control, dev.ferry.dialect.Dialect dialect, StateStore state,
        String runId) throws java.sql.SQLException {
      dev.ferry.catalog.TableName runs = state.tables().get(0);
      if (bounds.isEmpty() && !StateColumns.has(control, dialect, runs, KeyRanges.COLUMN)) {
        return;
      }
      state.addMissing(control, runs, KeyRanges.COLUMN, dialect.stateTextType());
      KeyRanges.record(control, dialect, runs, runId, bounds);
    }
  }
}
