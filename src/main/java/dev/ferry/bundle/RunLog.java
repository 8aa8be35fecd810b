package dev.ferry.bundle;

/**
 * A bundle's {@code run.json}: bookkeeping of the latest run that wrote the bundle. It holds what
 * differs from run to run (the run id, wall-clock times), so it is kept out of {@code
 * manifest.json}, is not checksummed and is not compared.
 *
 * @param runId the run's id
 * @param planFingerprint the plan the run was started with
 * @param status {@code running}, or the status the run ended with ({@code done}, {@code failed})
 * @param startedAt when the run first started, ISO-8601 UTC
 * @param updatedAt when the run last started, resumed or ended, ISO-8601 UTC
 */
record RunLog(String runId, String planFingerprint, String status, String startedAt,
    String updatedAt) {

  static final String RUNNING = "running";
}
