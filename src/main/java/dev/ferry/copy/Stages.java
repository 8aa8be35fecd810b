package dev.ferry.copy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/** What the copy's stages share: timings, awaiting a future, the run id. */
final class Stages {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Stages() {}

  /** Milliseconds since {@code nanos}, a {@link System#nanoTime()}, for the stages' timings. */
  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** The future's value; throws what it threw, unwrapped when unchecked. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** A new run's id: its start time to the second and six random hex digits. */
  static String newRunId(Instant started) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return RUN_ID_TIME.format(started) + "-" + HexFormat.of().formatHex(random);
  }
}
