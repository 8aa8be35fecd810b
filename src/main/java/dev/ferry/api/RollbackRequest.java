package dev.ferry.api;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.Objects;

/**
 * What {@code Ferry.rollback} undoes (docs/rollback.md).
 *
 * @param target the database the run wrote into
 * @param runId the run to undo, as its report's {@code runId} names it
 * @param tenant the tenant of a consolidation's run; null or empty for a run without one
 * @param dryRun list what would be undone, change nothing
 * @param force undo even rows changed since the run, and a run that is not the last on its tables
 */
public record RollbackRequest(Endpoint.Database target, String runId, String tenant,
    boolean dryRun, boolean force) {

  public RollbackRequest {
    Objects.requireNonNull(target, "target");
    if (runId == null || runId.isBlank()) {
      throw new FerryException(ErrorCode.USAGE, "--run is required: the id of the run to undo"
          + " (runId in its run-report.json)");
    }
    tenant = tenant == null ? "" : tenant;
  }
}
