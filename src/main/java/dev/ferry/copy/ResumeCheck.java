package dev.ferry.copy;

import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.RowDigest;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before a resume writes anything, checks that what the run's checkpoints claim is still true,
 * so that a resume that says done leaves the target equal to the source:
 *
 * <ul>
 *   <li>the target: each unit's table holds exactly the rows it held before the run plus those
 *       the run wrote (a row deleted or added behind the run's back is found here). In a
 *       tenant's run only the tenant's own rows count (its tenant column holds its id), as
 *       other tenants write the same tables; a table the tenants share holds at least as many;
 *   <li>the source: the rows each unit already copied are still there, unchanged. Every
 *       checkpoint records how many rows the unit read and their {@link RowDigest}; the resume
 *       reads the same range again (the first that many rows in key order, which must end at
 *       the checkpoint's key; all rows of a finished unit) and compares. An update, insert or
 *       delete inside the copied range is found; rows beyond it are simply copied by the
 *       resume.
 * </ul>
 *
 * A keyless table that was not finished is reloaded whole, so only finished ones are checked.
 * Any difference refuses the resume and names the tables: rows already loaded cannot be taken
 * back selectively, and a new run with --truncate-target copies them afresh.
 */
final class ResumeCheck {

  private ResumeCheck() {}

  /** Every problem found, one per unit; empty when the resume may go on. */
  static List<String> problems(CopyPlan plan, Map<String, Checkpoint> checkpoints,
      SourceReader source, JdbcTarget target, String runId, int batchSize) {
    List<String> problems = new ArrayList<>();
    Map<String, Checkpoint> tables = rangedTables(plan, checkpoints);
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        Checkpoint cp = checkpoints.get(t.unit());
        if (cp == null || (!t.keyed() && !cp.done())) {
          continue;
        }
        if (t.range() != null) {
          // the table's ranges are counted together, once, against their sum
          Checkpoint whole = tables.remove(t.tableUnit());
          if (whole != null && !target.ownRows().holds(target.count(target.control(), t), t,
              whole)) {
            problems.add(t.tableUnit() + ": the target table " + t.target() + " holds "
                + target.count(target.control(), t) + " rows, but run " + runId + " recorded "
                + whole.rowsWritten() + " written by its key ranges onto " + whole.rowsBefore()
                + " present before: rows were deleted or added behind the run's back. Start a"
                + " new run with --truncate-target.");
          }
        } else if (!t.isFixup()) {
          long present = target.count(target.control(), t);
          long expected = cp.rowsBefore() + cp.rowsWritten();
          if (!target.ownRows().holds(present, t, cp)) {
            problems.add(t.unit() + ": the target table " + t.target() + " holds " + present
                + " rows, but run " + runId + " recorded " + cp.rowsWritten() + " written onto "
                + cp.rowsBefore() + " present before (" + expected + "): rows were deleted or"
                + " added behind the run's back. Start a new run with --truncate-target.");
            continue;
          }
        }
        String changed = sourceChange(t, cp, source, batchSize);
        if (changed != null) {
          problems.add(t.unit() + ": the source changed since run " + runId + " copied "
              + (cp.done() ? "the table" : "its rows up to key " + KeyCodec.encode(cp.lastKey()))
              + " (" + changed + "), so resuming would leave a target that matches neither the"
              + " old source nor the new one. Start a new run with --truncate-target to copy it"
              + " afresh.");
        }
      }
    }
    return problems;
  }

  /**
   * Per table loaded as key ranges, one checkpoint standing for all of them: the rows the table
   * held before the run (every range records the same count) and the rows all ranges wrote.
   */
  private static Map<String, Checkpoint> rangedTables(CopyPlan plan,
      Map<String, Checkpoint> checkpoints) {
    Map<String, Checkpoint> tables = new java.util.HashMap<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        Checkpoint cp = checkpoints.get(t.unit());
        if (t.range() != null && cp != null) {
          Checkpoint sum = tables.get(t.tableUnit());
          tables.put(t.tableUnit(), new Checkpoint(t.tableUnit(), null,
              cp.rowsWritten() + (sum == null ? 0 : sum.rowsWritten()), cp.rowsBefore(), false));
        }
      }
    }
    return tables;
  }

  /** What changed in the rows the unit copied, or null when they are as they were. */
  private static String sourceChange(TablePlan t, Checkpoint cp, SourceReader source,
      int batchSize) {
    if (cp.sourceDigest() == null || cp.sourceRows() < 0) {
      return "the run was started by an earlier ferry, which recorded nothing to compare with";
    }
    long wanted = cp.done() ? Long.MAX_VALUE : cp.sourceRows();
    if (wanted == 0) {
      return null;
    }
    long rows = 0;
    long digest = 0;
    Object[] lastRow = null;
    try (ChunkCursor cursor = source.read(t, null, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null && rows < wanted; chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          if (rows == wanted) {
            break;
          }
          digest += RowDigest.row(row);
          lastRow = row;
          rows++;
        }
      }
    }
    if (cp.done() ? rows != cp.sourceRows() : rows < wanted) {
      return "it copied " + cp.sourceRows() + " rows, the source now has " + rows
          + (cp.done() ? "" : " in key order up to there");
    }
    if (!cp.done() && t.keyed()) {
      Object[] key = new Object[t.keyPositions().length];
      for (int i = 0; i < key.length; i++) {
        key[i] = lastRow[t.keyPositions()[i]];
      }
      if (!KeyCodec.encode(key).equals(KeyCodec.encode(cp.lastKey()))) {
        return "its " + rows + "th row in key order now has key " + KeyCodec.encode(key)
            + ": rows were inserted or deleted in the copied range";
      }
    }
    if (!RowDigest.text(digest).equals(cp.sourceDigest())) {
      return "rows in the copied range were updated, or replaced by others";
    }
    return null;
  }
}
