package dev.ferry.api;

import java.util.List;

/**
 * What {@code ferry consolidate} did, tenant by tenant (docs/consolidate.md).
 *
 * @param tenants one outcome per tenant, in the manifest's order
 */
public record ConsolidationResult(List<TenantOutcome> tenants) {

  public ConsolidationResult {
    tenants = List.copyOf(tenants);
  }

  /**
   * One tenant's outcome.
   *
   * @param name the tenant's name
   * @param status {@code done}, {@code already-complete} (a run of the same plan was done
   *     before: nothing run), {@code verification-failed}, or {@code failed}
   * @param runId its run; null where none started
   * @param rowsWritten rows the run wrote
   * @param message why it failed; null otherwise
   * @param exitCode the exit code its failure alone would give; 0 for done or already complete
   * @param resumed whether its run continued an unfinished one ({@code --resume})
   */
  public record TenantOutcome(String name, String status, String runId, long rowsWritten,
      String message, int exitCode, boolean resumed) {}

  /** The exit code of the whole: 0 when every tenant is done, else the highest tenant's. */
  public int exitCode() {
    return tenants.stream().mapToInt(TenantOutcome::exitCode).max().orElse(0);
  }
}
