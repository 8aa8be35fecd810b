package dev.ferry.api;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.List;
import java.util.Objects;

/**
 * What {@code Ferry.rollback} undoes (docs/rollback.md).
 *
 * @param target the database the run wrote into
 * @param runId the run to undo, as its report's {@code runId} names it
 * @param tenant the tenant of a consolidation's run; null or empty for a run without one
 * @param dryRun list what would be undone, change nothing
 * @param force undo even rows changed since the run, and a run that is not the last on its tables
 * @param tables the target tables to undo ({@code --table}, their cycles' fix-ups with them);
 *     empty for the whole run
 * @param fromBatch with {@code tables}, the first of their journal's batches undone ({@code
 *     --from-batch}); 1 for all
 */
public record RollbackRequest(Endpoint.Database target, String runId, String tenant,
    boolean dryRun, boolean force, List<String> tables, long fromBatch) {

  public RollbackRequest {
    Objects.requireNonNull(target, "target");
    if (runId == null || runId.isBlank()) {
      throw new FerryException(ErrorCode.USAGE, "--run is required: the id of the run to undo"
          + " (runId in its run-report.json)");
    }
    tenant = tenant == null ? "" : tenant;
    tables = tables == null ? List.of() : List.copyOf(tables);
    if (fromBatch < 1) {
      throw new FerryException(ErrorCode.USAGE, "--from-batch " + fromBatch + ": give a batch"
          + " number of 1 or more (the journal's batch column; 1 undoes the tables whole)");
    }
    if (fromBatch > 1 && tables.isEmpty()) {
      throw new FerryException(ErrorCode.USAGE, "--from-batch needs --table: batches are"
          + " numbered per table. Name the table to undo from batch " + fromBatch + " on.");
    }
  }

  /** The whole run. */
  public RollbackRequest(Endpoint.Database target, String runId, String tenant, boolean dryRun,
      boolean force) {
    this(target, runId, tenant, dryRun, force, List.of(), 1);
  }

  /** Whether only some tables are undone ({@code --table}). */
  public boolean partial() {
    return !tables.isEmpty();
  }
}
