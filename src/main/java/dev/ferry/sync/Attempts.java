package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncJob;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A job's cycle with its retries (docs/sync.md): an attempt that failed in a way another may
 * not (an endpoint down, a connection lost) is tried again after the job's backoff, doubled for
 * each further attempt, plus up to half of it at random so that jobs failing together do not
 * retry together; until the job's {@code max-attempts}, or until the service stops.
 */
final class Attempts {

  private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

  /** Hears every attempt and its wall time. */
  interface Listener {
    void attempted(SyncJob job, CycleOutcome outcome, Duration took);
  }

  private final Function<SyncJob, CycleOutcome> cycle;
  private final Listener listener;
  private final BooleanSupplier stopping;

  Attempts(Function<SyncJob, CycleOutcome> cycle, Listener listener, BooleanSupplier stopping) {
    this.cycle = cycle;
    this.listener = listener;
    this.stopping = stopping;
  }

  /** Runs the cycle, retrying as the job says; the last attempt's outcome. */
  CycleOutcome run(SyncJob job) {
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      CycleOutcome outcome = cycle.apply(job);
      // the logs of what follows the attempt name its cycle (docs/sync.md, "Logs")
      MDC.put("cycle", outcome.cycleId());
      listener.attempted(job, outcome, Duration.ofNanos(System.nanoTime() - start));
      if (!SyncCycle.retryable(outcome) || attempt >= job.retry().maxAttempts()
          || stopping.getAsBoolean()) {
        return outcome;
      }
      Duration delay = jittered(job.retry().delayBefore(attempt + 1));
      LOG.warn("job {}: cycle attempt {} of {} failed, next in {} ms: {}", job.name(), attempt,
          job.retry().maxAttempts(), delay.toMillis(), outcome.message());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return outcome;
      }
      if (stopping.getAsBoolean()) {
        return outcome;
      }
    }
  }

  /** The delay plus up to half of it at random. */
  static Duration jittered(Duration delay) {
    long millis = delay.toMillis();
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }
}
