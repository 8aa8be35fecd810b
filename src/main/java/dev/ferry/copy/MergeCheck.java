package dev.ferry.copy;

import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Conflicts under the merge mode {@code fail}: found before the first write by classifying
 * every source row as the load will (the same {@link MergeRows}, writing nothing), and refused
 * again by the load should the target change in between.
 */
final class MergeCheck {

  private MergeCheck() {}

  /**
   * One problem per table under {@code fail} whose rows conflict with the target's: the count
   * and the first keys.
   *
   * @param rewrite rewrites a source row as the load will; it receives a copy of each row
   */
  static List<String> conflicts(CopyPlan plan, MergePlan merges, SourceReader source,
      Connection target, int batchSize, RowTransformer rewrite) throws SQLException {
    List<String> problems = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        MergeRows merge = merges.rows(t.unit());
        // rows written through the id map are compared with their target rows while loading
        if (merge == null || merge.mode() != MergeMode.FAIL || merges.remap().touches(t)) {
          continue;
        }
        long conflicts = 0;
        List<String> keys = new ArrayList<>();
        try (ChunkCursor cursor = source.read(t, null, batchSize)) {
          for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
            List<Object[]> rows = new ArrayList<>(chunk.size());
            for (Object[] row : chunk.rows()) {
              Object[] copy = rewrite.transform(t, row.clone());
              for (String nulled : t.nulledColumns()) {
                copy[t.indexOf(nulled)] = null;
              }
              rows.add(copy);
            }
            MergeRows.Classified c = merge.classify(target, rows);
            conflicts += c.fates().conflicts();
            c.conflictKeys().stream().limit(5 - keys.size()).forEach(keys::add);
          }
        }
        if (conflicts > 0) {
          problems.add(message(t, conflicts, keys));
        }
      }
    }
    return problems;
  }

  /**
   * Refuses a chunk with conflicts under {@code fail} (the target changed since preflight);
   * other modes record theirs.
   */
  static void refuseConflicts(TablePlan t, MergeRows.Classified classified) {
    if (classified.fates().conflicts() > 0
        && MergeMode.FAIL.label().equals(classified.fates().mode())) {
      throw new FerryException(ErrorCode.REFUSED, message(t, classified.fates().conflicts(),
          classified.conflictKeys()) + " (found while loading: the target changed since"
          + " preflight; the chunk was rolled back)");
    }
  }

  private static String message(TablePlan t, long conflicts, List<String> keys) {
    return "merge fail: " + conflicts + (conflicts == 1 ? " row" : " rows") + " of "
        + t.target() + (conflicts == 1 ? " exists" : " exist")
        + " in the target with other values, e.g. key "
        + String.join("; ", keys) + ". Nothing was written. Choose --merge skip (keep the"
        + " target's rows), update or replace (overwrite them), for this table in ferry.yaml's"
        + " tables: or for all with --merge.";
  }
}
