package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncConfig;
import dev.ferry.api.SyncJob;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ScriptTargets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * {@code ferry sync --once}: each selected job's cycle, with its retries, one job after another,
 * each under the job's leader lock; a job another process leads is not run (status {@code
 * standby}, exit 4) unless it lets go within {@code --leader-wait}.
 */
public final class SyncOnce {

  private SyncOnce() {}

  /**
   * Runs one cycle of each job, or of the job named {@code job}.
   *
   * @param job the job to run; null for every job
   * @param leaderWait how long to wait for a job's leader lock that another process holds
   * @return each job's outcome, in the file's order
   * @throws FerryException {@link ErrorCode#USAGE} when no job has that name (nothing run)
   */
  public static List<CycleOutcome> run(SyncConfig config, String job, Duration leaderWait,
      ScriptTargets scripts) {
    return run(config, job, leaderWait, scripts, () -> false);
  }

  /**
   * As above, stopping when {@code stopping} says so (SIGTERM): a cycle in flight stops between
   * chunks and ends {@code stopped}, no retry or further job starts.
   */
  public static List<CycleOutcome> run(SyncConfig config, String job, Duration leaderWait,
      ScriptTargets scripts, java.util.function.BooleanSupplier stopping) {
    List<SyncJob> jobs = selected(config, job);
    SyncCycle cycle = new SyncCycle(config.reports(), scripts, stopping);
    List<CycleOutcome> outcomes = new ArrayList<>();
    try (Leadership leadership = new Leadership()) {
      // a target that does not answer is retried as any failed attempt; one led elsewhere not
      Attempts attempts = new Attempts(j -> leadership.lead(j) ? cycle.run(j)
          : notLed(j, leadership), new Webhooks(j -> { }), stopping);
      for (SyncJob j : jobs) {
        if (stopping.getAsBoolean()) {
          break;
        }
        MDC.put("job", j.name());
        try {
          if (!leadership.await(j, leaderWait) && !leadership.unreachable(j.name())) {
            outcomes.add(notLed(j, leadership));
            continue;
          }
          try {
            outcomes.add(attempts.run(j));
          } finally {
            leadership.release(j.name());
          }
        } finally {
          MDC.remove("job");
          MDC.remove("cycle");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while waiting for a job's"
          + " leader lock", e);
    }
    return outcomes;
  }

  /** A job this process does not lead: led elsewhere (standby), or its target down (failed). */
  private static CycleOutcome notLed(SyncJob job, Leadership leadership) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    if (leadership.unreachable(job.name())) {
      return SyncCycle.failed(job, started, "failed", leadership.why(job.name()),
          ErrorCode.CONNECTION.exitCode());
    }
    return SyncCycle.failed(job, started, "standby", "not run: " + leadership.why(job.name())
        + ". One process runs a job's cycles at a time: let that one run them, or stop it, or"
        + " wait for it with --leader-wait (e.g. 5m)", ErrorCode.REFUSED.exitCode());
  }

  /** The jobs {@code --job} selects: that one, or every job when it is null. */
  static List<SyncJob> selected(SyncConfig config, String job) {
    if (job == null) {
      return config.jobs();
    }
    return List.of(config.job(job).orElseThrow(() -> new FerryException(ErrorCode.USAGE,
        "--job " + job + ": " + config.file() + " has no job of that name. Its jobs: "
            + String.join(", ", config.jobs().stream().map(SyncJob::name).toList()) + ".")));
  }

  /** The exit code of the outcomes: the worst job's (0 when every job's cycle was clean). */
  public static int exitCode(List<CycleOutcome> outcomes) {
    // 1 (unexpected) outranks the rest; then 4, 3, 2 as the worst first
    int worst = 0;
    for (CycleOutcome o : outcomes) {
      worst = rank(o.exitCode()) > rank(worst) ? o.exitCode() : worst;
    }
    return worst;
  }

  private static int rank(int exitCode) {
    return switch (exitCode) {
      case 0 -> 0;
      case 2 -> 1;
      case 3 -> 2;
      case 4 -> 3;
      default -> 4;
    };
  }
}
