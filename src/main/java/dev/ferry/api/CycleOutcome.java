package dev.ferry.api;

/**
 * What one cycle of a sync job did (docs/sync.md): recorded in the target's {@code sync_cycles}
 * state table, counted in {@code /metrics}, printed by {@code ferry sync --once}.
 *
 * @param job the job's name
 * @param cycleId the cycle's id: the id of the copy run it was (in {@code run}), or one of its
 *     own when no run started
 * @param started when it started (ISO-8601 UTC)
 * @param ended when it ended (ISO-8601 UTC)
 * @param status {@code done}, {@code conflicts} (done, with rows whose winner no rule names),
 *     {@code verification-failed}, {@code refused} (nothing written) or {@code failed}
 * @param fates what became of the source rows, over every table; zeros when none was read
 * @param message why it did not finish clean; null when it did
 * @param exitCode 0 done; 3 a proof failed or conflicts recorded; 2 or 4 as {@code copy}; 1 an
 *     unexpected failure
 */
public record CycleOutcome(String job, String cycleId, String started, String ended,
    String status, RunReport.Fates fates, String message, int exitCode) {

  /** Whether the cycle finished without a problem. */
  public boolean ok() {
    return exitCode == 0;
  }
}
