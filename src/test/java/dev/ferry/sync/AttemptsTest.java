package dev.ferry.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries of a cycle: as many attempts as the job allows, and only where another may help. */
class AttemptsTest {

  static SyncJob job(int attempts) {
    ConnectionSpec db = new ConnectionSpec(null, "jdbc:sqlite:x.db", null, null);
    return new SyncJob("j", "sync.yaml:2", db, db, null, null, null, null, null, null, 1,
        new SyncJob.Retry(attempts, Duration.ofMillis(1)));
  }

  static CycleOutcome outcome(String status, int exit) {
    return SyncCycle.failed(job(1), Instant.now(), status, "why", exit);
  }

  @Test
  void aFailedCycleIsTriedUpToTheLimitAndEveryAttemptIsHeard() {
    List<String> heard = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Attempts attempts = new Attempts(j -> {
      calls.incrementAndGet();
      return outcome("failed", 2);
    }, (j, o, took) -> heard.add(o.status()), () -> false);

    CycleOutcome last = attempts.run(job(3));

    assertThat(calls).hasValue(3);
    assertThat(heard).containsExactly("failed", "failed", "failed");
    assertThat(last.exitCode()).isEqualTo(2);
  }

  @Test
  void aRefusalOrAFailedProofIsNotTriedAgain() {
    AtomicInteger calls = new AtomicInteger();
    Attempts refused = new Attempts(j -> {
      calls.incrementAndGet();
      return outcome("refused", 4);
    }, (j, o, took) -> { }, () -> false);
    Attempts proof = new Attempts(j -> {
      calls.incrementAndGet();
      return outcome("verification-failed", 3);
    }, (j, o, took) -> { }, () -> false);

    refused.run(job(5));
    proof.run(job(5));

    assertThat(calls).hasValue(2);
  }

  @Test
  void aCycleThatRecoversStopsRetrying() {
    AtomicInteger calls = new AtomicInteger();
    Attempts attempts = new Attempts(j -> calls.incrementAndGet() < 2 ? outcome("failed", 2)
        : new CycleOutcome("j", "c", "s", "e", "done", SyncCycle.none(), null, 0),
        (j, o, took) -> { }, () -> false);

    assertThat(attempts.run(job(5)).ok()).isTrue();
    assertThat(calls).hasValue(2);
  }

  @Test
  void aStoppingServiceStartsNoFurtherAttempt() {
    AtomicInteger calls = new AtomicInteger();
    Attempts attempts = new Attempts(j -> {
      calls.incrementAndGet();
      return outcome("failed", 2);
    }, (j, o, took) -> { }, () -> true);

    attempts.run(job(5));

    assertThat(calls).hasValue(1);
  }

  @Test
  void theBackoffDoublesAndItsJitterAddsAtMostHalf() {
    SyncJob.Retry retry = new SyncJob.Retry(5, Duration.ofMillis(100));
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(retry.delayBefore(4)).isEqualTo(Duration.ofMillis(400));
    for (int i = 0; i < 100; i++) {
      assertThat(Attempts.jittered(Duration.ofMillis(100)).toMillis()).isBetween(100L, 150L);
    }
  }
}
