package dev.ferry.copy;

import dev.ferry.api.RunReport.Fates;
import dev.ferry.rows.Chunk;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One merged unit's account of its rows: classifies each chunk ({@link MergeRows}), appends its
 * rows' audit lines, and saves the fates and the audit's length with the chunk's checkpoint
 * (on the load's transaction; a dry run saves nothing). Counts and lines are those of the whole
 * run, the chunks an earlier attempt committed included.
 */
final class MergeLedger implements AutoCloseable {

  private final MergeRows rows;
  /** The unit writing: the table, or one of its key ranges (whose rows share one merge). */
  private final String unit;
  private final MergeAudit.Part audit;
  /** Where the fates are saved; null in a dry run. */
  private final MergeProgress progress;
  private final String runId;
  private Fates fates;
  private Fates pending;
  private long pendingBytes;

  /**
   * @param unit the unit writing ({@link dev.ferry.rows.TablePlan#unit}): its own audit part
   *     and progress row
   * @param saved what an earlier attempt of the run committed; null for a unit that starts
   */
  MergeLedger(MergeRows rows, String unit, MergeAudit audit, MergeProgress progress,
      String runId, MergeProgress.Saved saved) {
    this.rows = rows;
    this.unit = unit;
    this.progress = progress;
    this.runId = runId;
    this.fates = saved != null ? saved.fates() : new Fates(rows.mode().label(), 0, 0, 0, 0, 0);
    this.audit = audit.part(unit, saved != null ? saved.auditBytes() : 0);
  }

  MergeRows rows() {
    return rows;
  }

  /** The fates of the chunks committed so far, by this run's attempts. */
  Fates fates() {
    return fates;
  }

  /** Saves the unit's first (empty) record, on the transaction creating its checkpoint row. */
  void start(Connection c) throws SQLException {
    if (progress != null) {
      // what a children: replace sweep committed before the load stays counted
      progress.save(c, runId, unit, fates, audit.written());
    }
  }

  /** Inserts rows the fast way of a plain load. */
  interface Inserts {
    void insert(Chunk rows) throws SQLException;
  }

  /**
   * Merges a chunk on the load's transaction: classifies its rows, refuses conflicts under
   * {@code fail}, inserts and updates, then {@link #record}s it.
   */
  MergeRows.Classified write(Connection c, Chunk chunk, Inserts inserts) throws SQLException {
    MergeRows.Classified merged = rows.classify(c, chunk.rows());
    MergeCheck.refuseConflicts(rows.table(), merged);
    if (!merged.inserts().isEmpty()) {
      inserts.insert(new Chunk(merged.inserts(), chunk.lastKey()));
    }
    rows.update(c, merged.updates());
    record(c, merged);
    return merged;
  }

  /** Classifies a chunk's rows against the target. */
  MergeRows.Classified classify(Connection c, List<Object[]> chunk) throws SQLException {
    return rows.classify(c, chunk);
  }

  /**
   * Appends the chunk's audit lines and saves the fates with them, on the chunk's transaction;
   * {@link #committed} once it commits.
   */
  void record(Connection c, MergeRows.Classified classified) throws SQLException {
    pending = fates.plus(classified.fates());
    pendingBytes = audit.append(rows, classified.audited());
    if (progress != null) {
      progress.save(c, runId, unit, pending, pendingBytes);
    }
  }

  /** The chunk last recorded committed. */
  void committed() {
    fates = pending;
    audit.committed();
  }

  @Override
  public void close() {
    audit.close();
  }
}
