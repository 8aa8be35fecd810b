package dev.ferry.rows;

import java.util.Map;
import java.util.Optional;

/**
 * Where rows go: a database, a bundle directory, or (later) SQL scripts. The runner, reader and
 * transformers do not know which is attached. The target keeps the run's state (checkpoints), so a
 * killed run can be resumed from the target alone.
 */
public interface TargetWriter extends AutoCloseable {

  /** The target for messages and reports, credentials masked. */
  String describe();

  /** The id of the latest unfinished run of this plan on this target, if there is one. */
  Optional<String> unfinishedRun(String planFingerprint);

  /**
   * The run a resume without an id continues: the latest unfinished run of this plan, else the
   * latest finished one (a run killed after it was recorded done then resumes to done), if any.
   */
  default Optional<String> runToResume(String planFingerprint) {
    return unfinishedRun(planFingerprint);
  }

  /** The plan fingerprint a run was started with, if the run exists on this target. */
  Optional<String> planOf(String runId);

  /**
   * What a complete result this target already holds, which a resume must leave as it is (a
   * finished bundle: resuming has nothing to do, and a new run would replace it); null when
   * there is none.
   */
  default String completeResult() {
    return null;
  }

  /**
   * What this target refuses before anything is written, beyond what the plan found (scripts: a
   * value the dialect cannot hold); empty for targets that hold whatever the plan accepted.
   *
   * @param tables the plan's tables in step order
   * @param source the source, to read values from; null when the run is refused already
   * @param chunkSize rows per read
   */
  default java.util.List<String> preflight(java.util.List<TablePlan> tables, SourceReader source,
      int chunkSize) {
    return java.util.List.of();
  }

  /** Checkpoints of a run on this target, by unit; empty for a new run. */
  Map<String, Checkpoint> checkpoints(String runId);

  /** Records that a run starts or resumes. The first write to the target happens here. */
  void beginRun(RunHeader run);

  /**
   * Opens a table for writing.
   *
   * @param table the plan
   * @param from the checkpoint to continue from, or null to start the table afresh
   */
  TableWriter open(TablePlan table, Checkpoint from);

  /**
   * The fates of a merged unit's rows that the chunks committed by earlier attempts of the run
   * met (docs/merge.md); null for a unit not merged, or where nothing was saved.
   */
  default dev.ferry.api.RunReport.Fates committedFates(TablePlan table) {
    return null;
  }

  /**
   * Before a unit's load starts afresh: deletes the target's rows that the source no longer has
   * where the unit is a child table under {@code children: replace} (docs/merge.md); nothing by
   * default.
   *
   * @param read reads a table of the source as its load does (filters applied, transformed)
   */
  default void sweepChildren(TablePlan table,
      java.util.function.Function<TablePlan, ChunkCursor> read) {}

  /**
   * Starts a group of tables that must commit together (a cycle of deferred constraints): until
   * {@link #endGroup()}, their writers share one transaction. Targets without transactions ignore
   * it.
   */
  default void beginGroup(java.util.List<TablePlan> tables) {}

  /** Commits the open group. */
  default void endGroup() {}

  /**
   * Checks that a unit recorded as done still holds what its checkpoint says, before a resume
   * skips it.
   *
   * @throws dev.ferry.error.FerryException when the target no longer matches the checkpoint
   */
  void verifyDone(TablePlan table, Checkpoint checkpoint);

  /** Records that a run ended with a status ({@code done}, {@code failed}). */
  void endRun(RunHeader run, String status);

  @Override
  void close();
}
