package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.RunReport;
import dev.ferry.api.SyncJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's meters, per job (docs/sync.md, "Metrics"): {@code ferry_sync_cycle_seconds}
 * (a timer of every attempt), {@code ferry_sync_rows_total} by fate, {@code
 * ferry_sync_cycles_total} by status, {@code ferry_sync_errors_total} (attempts that did not
 * end clean), {@code ferry_sync_webhook_failures_total} (webhook calls that failed), {@code ferry_sync_last_success_seconds} (the Unix time of the last clean cycle; 0
 * before one) and {@code ferry_sync_leader} (1 while this process leads the job, else 0). Every job's meters exist from the start, at zero.
 */
final class SyncMetrics implements Attempts.Listener {

  private static final List<String> FATES = List.of("inserted", "updated", "unchanged",
      "skipped", "conflict", "deleted");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> leader = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicReference<Double>> lag =
      new ConcurrentHashMap<>();

  SyncMetrics(List<SyncJob> jobs) {
    for (SyncJob job : jobs) {
      timer(job.name());
      FATES.forEach(fate -> rows(job.name(), fate));
      errors(job.name());
      webhookFailures(job.name());
      AtomicLong last = new AtomicLong();
      lastSuccess.put(job.name(), last);
      Gauge.builder("ferry.sync.last.success", last, AtomicLong::get).baseUnit("seconds")
          .description("Unix time of the job's last cycle that ended clean; 0 before one")
          .tag("job", job.name()).register(registry);
      AtomicLong leads = new AtomicLong();
      leader.put(job.name(), leads);
      Gauge.builder("ferry.sync.leader", leads, AtomicLong::get)
          .description("1 while this process holds the job's leader lock and runs its cycles;"
              + " 0 while it stands by").tag("job", job.name()).register(registry);
      if (job.capture() != null) {
        var seconds = new java.util.concurrent.atomic.AtomicReference<>(0.0);
        lag.put(job.name(), seconds);
        Gauge.builder("ferry.sync.cdc.lag", seconds, java.util.concurrent.atomic.AtomicReference::get)
            .baseUnit("seconds").description("Of the last batch of captured changes: from the"
                + " source's commit of its oldest change to the target's commit of the batch")
            .tag("job", job.name()).register(registry);
        events(job.name());
      }
    }
  }

  /** A batch of captured changes applied (docs/sync.md, "Change data capture"). */
  void applied(SyncJob job, int events, CdcApply.Applied applied, Duration took) {
    events(job.name()).increment(events);
    RunReport.Fates f = applied.fates();
    long[] counts = {f.inserted(), f.updated(), f.unchanged(), f.skipped(), f.conflicts(),
        applied.deleted()};
    for (int i = 0; i < counts.length; i++) {
      rows(job.name(), FATES.get(i)).increment(counts[i]);
    }
    if (took != null) {
      lag.get(job.name()).set(took.toNanos() / 1e9);
    }
    lastSuccess.get(job.name()).set(java.time.Instant.now().getEpochSecond());
  }

  private Counter events(String job) {
    return Counter.builder("ferry.sync.cdc.events")
        .description("Captured changes of the source applied to the target").tag("job", job)
        .register(registry);
  }

  /** Whether this process leads the job now. */
  void leads(SyncJob job, boolean leads) {
    leader.get(job.name()).set(leads ? 1 : 0);
  }

  @Override
  public void attempted(SyncJob job, CycleOutcome outcome, Duration took) {
    timer(job.name()).record(took);
    RunReport.Fates f = outcome.fates();
    long[] counts = {f.inserted(), f.updated(), f.unchanged(), f.skipped(), f.conflicts(),
        f.deleted() == null ? 0 : f.deleted()};
    for (int i = 0; i < counts.length; i++) {
      rows(job.name(), FATES.get(i)).increment(counts[i]);
    }
    Counter.builder("ferry.sync.cycles").description("Cycle attempts, by how they ended")
        .tag("job", job.name()).tag("status", outcome.status()).register(registry).increment();
    if (outcome.ok()) {
      lastSuccess.get(job.name()).set(java.time.Instant.now().getEpochSecond());
    } else if (!"stopped".equals(outcome.status())) {
      // a cycle the service's stop ended between chunks is no error
      errors(job.name()).increment();
    }
  }

  /** A call of the job's webhook that failed. */
  void webhookFailed(SyncJob job) {
    webhookFailures(job.name()).increment();
  }

  /** The meters in Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  private Timer timer(String job) {
    return Timer.builder("ferry.sync.cycle").description("Wall time of each cycle attempt")
        .tag("job", job).register(registry);
  }

  private Counter rows(String job, String fate) {
    return Counter.builder("ferry.sync.rows").description("Source rows by their fate")
        .tag("job", job).tag("fate", fate).register(registry);
  }

  private Counter webhookFailures(String job) {
    return Counter.builder("ferry.sync.webhook.failures")
        .description("Calls of the job's webhook that failed or were not answered with 2xx")
        .tag("job", job).register(registry);
  }

  private Counter errors(String job) {
    return Counter.builder("ferry.sync.errors")
        .description("Cycle attempts that failed, were refused or found differences")
        .tag("job", job).register(registry);
  }
}
