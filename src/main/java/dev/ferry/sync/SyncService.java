package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncConfig;
import dev.ferry.api.SyncJob;
import dev.ferry.error.ErrorCode;
import dev.ferry.rows.ScriptTargets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code ferry sync} as a service (docs/sync.md): each job's cycle every interval, or at its
 * cron expression's times, on its own schedule (one cycle of a job at a time: a cycle that outlasts the interval delays the next),
 * retried with backoff and jitter, one job's failures never stopping another; health and
 * metrics over HTTP. A job's cycles run only while this process holds the job's leader lock
 * ({@link Leadership}); otherwise it stands by, tries the lock again every {@link #TAKEOVER} (or
 * each interval, when shorter) and, once it has it, runs the job's cycle at once (a cron job at
 * its next time). {@link #stop} starts no new cycle and waits, up to a bound, for those in
 * flight: a copy commits each chunk with its checkpoint, so a cycle cut short by the bound is
 * carried on by the next cycle's merge.
 */
public final class SyncService {

  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

  /**
   * How often a standby tries a job's leader lock between its intervals: a leader that died is
   * replaced within this, not at the standby's next interval (an hour for an hourly job). Each
   * try opens a connection to the target.
   */
  static final Duration TAKEOVER = Duration.ofSeconds(5);

  private final List<SyncJob> jobs;
  private final SyncCycle cycle;
  private final SyncMetrics metrics;
  private final JobHealth health;
  private final HealthServer http;
  private final Leadership leadership = new Leadership();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ScheduledExecutorService scheduler;
  private final java.nio.file.Path reports;
  private final ScriptTargets scripts;
  private final java.util.Map<String, CdcStream> streams =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Per job, its {@link #guard}: one cycle, stream check or takeover at a time. */
  private final java.util.Map<String, ReentrantLock> busy =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A service of the selected jobs, listening on {@code port} (0: any free port).
   *
   * @param job the job to run; null for every job
   * @throws dev.ferry.error.FerryException {@link ErrorCode#USAGE} for an unknown job or a port
   *     that cannot be listened on
   */
  public SyncService(SyncConfig config, String job, int port, ScriptTargets scripts) {
    this.jobs = SyncOnce.selected(config, job);
    this.cycle = new SyncCycle(config.reports(), scripts, stopping::get);
    this.reports = config.reports();
    this.scripts = scripts;
    this.metrics = new SyncMetrics(jobs);
    this.health = new JobHealth(jobs);
    this.http = new HealthServer(port, health::failing, metrics::scrape);
    // a thread per job for its cycles, one per job for the takeover tries beside them
    this.scheduler = Executors.newScheduledThreadPool(2 * jobs.size(), r -> {
      Thread t = new Thread(r, "ferry-sync-job");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the HTTP endpoints and every job's schedule; the port the endpoints listen on. */
  public int start() {
    int port = http.start();
    Webhooks webhooks = new Webhooks(metrics::webhookFailed);
    Attempts attempts = new Attempts(this::attempt, (j, outcome, took) -> {
      metrics.attempted(j, outcome, took);
      webhooks.attempted(j, outcome, took);
    }, stopping::get);
    for (SyncJob job : jobs) {
      if (job.capture() != null) {
        // the interval checks the stream: started where it is not running, as leader only
        scheduler.scheduleWithFixedDelay(() -> stream(job), 0, job.interval().toMillis(),
            TimeUnit.MILLISECONDS);
      } else if (job.cron() != null) {
        atNextTime(attempts, job);
      } else {
        scheduler.scheduleAtFixedRate(() -> cycle(attempts, job), 0,
            job.interval().toMillis(), TimeUnit.MILLISECONDS);
      }
      if (job.cron() != null || job.interval().compareTo(TAKEOVER) > 0) {
        scheduler.scheduleWithFixedDelay(() -> takeOver(attempts, job), TAKEOVER.toMillis(),
            TAKEOVER.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    LOG.info("sync: {} jobs started, HTTP on port {}", jobs.size(), port);
    return port;
  }

  /** Blocks until {@link #stop} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops: no new cycle or retry starts, the cycles in flight stop between chunks ({@link
   * SyncCycle}) within {@code timeout} (then they are interrupted), the HTTP endpoints close.
   *
   * @return true when every cycle in flight ended within the timeout
   */
  public boolean stop(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return true;
    }
    // each stream's batch in flight commits with its position; no other starts
    streams.values().forEach(s -> s.stop(timeout));
    scheduler.shutdown();
    boolean ended;
    try {
      ended = scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) {
      LOG.warn("sync: a cycle still runs after {} ms; interrupting it (its committed chunks"
          + " stay, the next cycle carries on)", timeout.toMillis());
      scheduler.shutdownNow();
    }
    leadership.close();
    http.stop();
    stopped.countDown();
    return ended;
  }

  /**
   * A standby's try of the job's leader lock between its intervals: once it has it, the job's
   * cycle runs now (its stream starts; a cron job waits for its next time).
   */
  private void takeOver(Attempts attempts, SyncJob job) {
    ReentrantLock guard = guard(job);
    // a cycle or stream check in flight tries the lock itself
    if (stopping.get() || !guard.tryLock()) {
      return;
    }
    try {
      if (leadership.holds(job.name()) || !leadership.lead(job)) {
        return;
      }
      metrics.leads(job, true);
      LOG.info("job {}: taken over between intervals", job.name());
      if (job.capture() != null) {
        stream(job);
      } else if (job.cron() == null) {
        cycle(attempts, job);
      }
    } catch (RuntimeException | Error e) {
      // a periodic task that throws is never run again: the takeover must go on
      LOG.error("job {}: taking the job over failed unexpectedly: {}", job.name(), e.toString());
    } finally {
      guard.unlock();
    }
  }

  /** The job's guard: held while its cycle, stream check or takeover runs. */
  private ReentrantLock guard(SyncJob job) {
    return busy.computeIfAbsent(job.name(), n -> new ReentrantLock());
  }

  private void cycle(Attempts attempts, SyncJob job) {
    if (stopping.get()) {
      return;
    }
    // after a takeover's cycle in flight, if one runs: never beside it, never skipped
    ReentrantLock guard = guard(job);
    guard.lock();
    MDC.put("job", job.name());
    try {
      if (stopping.get()) {
        return;
      }
      boolean leads = leadership.lead(job);
      metrics.leads(job, leads);
      if (!leads) {
        standBy(job);
        return;
      }
      CycleOutcome outcome = attempts.run(job);
      if (outcome.ok()) {
        LOG.info("job {}: cycle {} {}", job.name(), outcome.cycleId(), outcome.status());
      } else {
        LOG.warn("job {}: cycle {} {}: {}", job.name(), outcome.cycleId(), outcome.status(),
            outcome.message());
      }
    } catch (RuntimeException | Error e) {
      // a periodic task that throws is never run again: the job must go on
      LOG.error("job {}: cycle failed unexpectedly: {}", job.name(), e.toString());
    } finally {
      MDC.remove("job");
      MDC.remove("cycle");
      guard.unlock();
    }
  }

  /**
   * A job under {@code capture: cdc}: while this process leads it, its stream is started where
   * it does not run (the initial cycle first, where needed); a stream that stopped by itself is
   * reported down and started again at the next interval.
   */
  private void stream(SyncJob job) {
    if (stopping.get()) {
      return;
    }
    // after a takeover's cycle in flight, if one runs: never beside it, never skipped
    ReentrantLock guard = guard(job);
    guard.lock();
    MDC.put("job", job.name());
    try {
      if (stopping.get()) {
        return;
      }
      CdcStream stream = streams.computeIfAbsent(job.name(), n -> new CdcStream(job, cycle,
          new CdcApply(job, reports, scripts), new CdcStream.Listener() {
            @Override
            public void applied(SyncJob j, int events, CdcApply.Applied applied, Duration lag) {
              metrics.applied(j, events, applied, lag);
            }

            @Override
            public void down(SyncJob j, String problem) {
              health.down(j, problem);
            }
          }));
      boolean leads = leadership.lead(job);
      metrics.leads(job, leads);
      if (!leads) {
        stream.stop(Duration.ofSeconds(30));
        standBy(job);
        return;
      }
      if (stream.running()) {
        return;
      }
      Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String problem = health.probe(job);
      if (problem != null) {
        metrics.attempted(job, SyncCycle.failed(job, started, "failed", problem,
            ErrorCode.CONNECTION.exitCode()), Duration.between(started, Instant.now()));
        return;
      }
      if (stream.problem() != null) {
        // the endpoints answer, but the stream is down until it starts again
        health.down(job, stream.problem());
      }
      try {
        CycleOutcome initial = stream.start();
        health.up(job);
        if (initial != null) {
          metrics.attempted(job, initial, Duration.between(started, Instant.now()));
        }
      } catch (dev.ferry.error.FerryException | java.sql.SQLException e) {
        String why = "stream down: " + dev.ferry.error.Redactor.scrub(e.getMessage());
        LOG.warn("job {}: {}", job.name(), why);
        stream.failed(why);
        health.down(job, why);
        metrics.attempted(job, SyncCycle.failed(job, started, "failed", why,
            ErrorCode.CONNECTION.exitCode()), Duration.between(started, Instant.now()));
      }
    } catch (RuntimeException | Error e) {
      LOG.error("job {}: stream failed unexpectedly: {}", job.name(), e.toString());
    } finally {
      MDC.remove("job");
      guard.unlock();
    }
  }

  /**
   * A cron job's next cycle, at the expression's next time (UTC) after now: a cycle that outlasts
   * one of its times skips it, so that a job's cycles never overlap.
   */
  private void atNextTime(Attempts attempts, SyncJob job) {
    if (stopping.get()) {
      return;
    }
    Instant now = Instant.now();
    long delay = Math.max(0, Duration.between(now, job.cron().next(now)).toMillis());
    try {
      scheduler.schedule(() -> {
        try {
          cycle(attempts, job);
        } finally {
          atNextTime(attempts, job);
        }
      }, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // the service is stopping: no next cycle
    }
  }

  /**
   * A job another process leads: its endpoints are still probed, so that a standby is ready
   * when they answer; one that does not answer counts as a failed attempt.
   */
  private void standBy(SyncJob job) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String problem = health.probe(job);
    if (problem != null) {
      metrics.attempted(job, SyncCycle.failed(job, started, "failed", problem,
          ErrorCode.CONNECTION.exitCode()), Duration.between(started, Instant.now()));
    }
  }

  /** One attempt: the endpoints probed (for readiness), then the cycle. */
  private CycleOutcome attempt(SyncJob job) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String problem = health.probe(job);
    return problem == null ? cycle.run(job)
        : SyncCycle.failed(job, started, "failed", problem, ErrorCode.CONNECTION.exitCode());
  }
}
