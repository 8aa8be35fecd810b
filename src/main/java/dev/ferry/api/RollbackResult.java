package dev.ferry.api;

import java.util.List;

/**
 * What {@code Ferry.rollback} did, or in a dry run would do (docs/rollback.md).
 *
 * @param runId the run undone
 * @param tenant its tenant; empty for none
 * @param status {@code rolled-back}, {@code partly-rolled-back} (some tables, {@code --table}:
 *     the run is left to resume), {@code dry-run}, or {@code nothing-to-undo} (a run rolled back
 *     before, or that journaled nothing)
 * @param tables per journaled table, in the order undone (reverse load order)
 * @param forced rows changed since the run, undone anyway under {@code --force}; first few
 */
public record RollbackResult(String runId, String tenant, String status, List<Table> tables,
    List<String> forced) {

  public RollbackResult {
    tables = List.copyOf(tables);
    forced = List.copyOf(forced);
  }

  /**
   * One table's undo.
   *
   * @param deleted rows the run inserted, deleted
   * @param restored rows the run updated, restored from their before-images
   * @param reinserted rows the run deleted, inserted again
   */
  public record Table(String table, long deleted, long restored, long reinserted) {}
}
