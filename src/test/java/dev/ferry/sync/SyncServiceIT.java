package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.cycles;
import static dev.ferry.sync.SyncDatabases.job;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry sync} as a service, in a child JVM as an operator starts it (docs/sync.md): its
 * metrics scraped over HTTP after cycles, readiness naming the job whose source does not answer
 * while the other job keeps cycling, and SIGTERM ending it with exit 0.
 */
class SyncServiceIT {

  static final long TIMEOUT_MS = 240_000;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void metricsCountTheCyclesReadinessNamesTheJobThatIsDownAndSigtermEndsWithZero()
      throws Exception {
    // given: a job that works, and one whose source is on a port nothing listens on
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("good", source.url(), target, "    interval: 1s\n")
        + job("down", "jdbc:postgresql://127.0.0.1:1/nothing", target,
            "    interval: 1s\n    retry: {max-attempts: 2, backoff: 100ms}\n"));

    // when
    Process service = start(file);
    try {
      int port = port(service);
      String metrics = awaitMetrics(port, service);
      HttpResponse<String> ready = get(port, "/health/ready");
      HttpResponse<String> live = get(port, "/health/live");
      awaitCycles(target, service);

      // then: the good job's first cycle inserted the source's four rows, its later ones none
      assertThat(value(metrics, "ferry_sync_rows_total", "good", "inserted")).isEqualTo(4.0);
      assertThat(value(metrics, "ferry_sync_cycle_seconds_count", "good", null))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(value(metrics, "ferry_sync_last_success_seconds", "good", null))
          .isGreaterThan(0.0);
      assertThat(value(metrics, "ferry_sync_errors_total", "good", null)).isZero();
      assertThat(value(metrics, "ferry_sync_errors_total", "down", null))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(value(metrics, "ferry_sync_last_success_seconds", "down", null)).isZero();
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("job down:").contains("127.0.0.1:1")
          .doesNotContain("job good");
      assertThat(rows(target, "SELECT count(*) FROM customer")).containsExactly("3");
      assertThat(cycles(target, "good").get(0)).isEqualTo("done|4|0|0|0|0");
      assertThat(cycles(target, "down")).isEmpty();
    } finally {
      // SIGTERM
      service.destroy();
    }
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("stopped within the bound").isTrue();
    String out = Files.readString(dir.resolve("service.out"));
    assertThat(service.exitValue()).as(out + Files.readString(dir.resolve("service.err")))
        .isZero();
    assertThat(out).contains("ferry sync: stopped").doesNotContain(SyncDatabases.PASSWORD);
  }

  @Test
  void sigtermStopsACycleInFlightBetweenChunksAndTheNextCycleCarriesOn() throws Exception {
    // given: 20,000 customers, copied a row per chunk: a first cycle of seconds
    TestDatabase source = manyCustomers();
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("slow", source.url(), target, "    interval: 1h\n"));
    Process service = start(file);
    long signalled;
    try {
      port(service);
      awaitFirstChunks(target, service, "service.err");
    } finally {
      // when: SIGTERM, the cycle in flight
      signalled = System.nanoTime();
      service.destroy();
    }

    // then: the service ends within a few chunks, not at its 60 s bound, exit 0
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("stopped within the bound").isTrue();
    double seconds = (System.nanoTime() - signalled) / 1e9;
    String out = Files.readString(dir.resolve("service.out"))
        + Files.readString(dir.resolve("service.err"));
    assertThat(service.exitValue()).as(out).isZero();
    assertThat(seconds).as("seconds from SIGTERM to exit\n" + out).isLessThan(20);
    assertThat(out).doesNotContain("interrupting it");
    // the cycle is recorded stopped, with part of the rows committed
    assertThat(cycles(target, "slow")).singleElement().asString().startsWith("stopped|");
    int copied = Integer.parseInt(rows(target, "SELECT count(*) FROM customer").get(0));
    assertThat(copied).isBetween(50, 19_999);

    // and: the next cycle (larger chunks) carries on from the target as it is
    Files.writeString(file, Files.readString(file).replace("batch-size: 1", "batch-size: 5000"));
    Process once = new ProcessBuilder(List.of(ProcessHandle.current().info().command()
        .orElse("java"), "-Xmx256m", "-jar", Path.of("target", "ferry.jar").toAbsolutePath()
        .toString(), "sync", "--config", file.toString(), "--once"))
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("once.out").toFile()).start();
    assertThat(once.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(once.exitValue()).as(Files.readString(dir.resolve("once.out"))).isZero();
    assertThat(cycles(target, "slow")).hasSize(2).last().asString().startsWith("done|");
    // the source's 20,000 (its customer 100 replaced the target's local one) and both orders
    assertThat(rows(target, "SELECT count(*), sum(id) FROM customer WHERE name = 'c' || id"
        + " OR id <= 2")).containsExactly("20000|" + 20_000L * 20_001 / 2);
    assertThat(rows(target, "SELECT count(*) FROM customer")).containsExactly("20000");
    assertThat(rows(target, "SELECT count(*) FROM orders")).containsExactly("2");
  }

  @Test
  void onceStopsItsCycleBetweenChunksOnSigtermAndSaysSo() throws Exception {
    // given: the first cycle of 20,000 one-row chunks, run by --once
    TestDatabase source = manyCustomers();
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("slow", source.url(), target, ""));
    Process once = new ProcessBuilder(List.of(ProcessHandle.current().info().command()
        .orElse("java"), "-Xmx256m", "-jar", Path.of("target", "ferry.jar").toAbsolutePath()
        .toString(), "sync", "--config", file.toString(), "--once"))
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("once.out").toFile()).start();
    awaitFirstChunks(target, once, "once.out");

    // when: SIGTERM
    long signalled = System.nanoTime();
    once.destroy();

    // then: it stops within a few chunks, records the cycle stopped and prints its line
    assertThat(once.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("once.out"));
    assertThat((System.nanoTime() - signalled) / 1e9).as(out).isLessThan(20);
    assertThat(out).contains("job slow: stopped");
    assertThat(cycles(target, "slow")).singleElement().asString().startsWith("stopped|");
    assertThat(Integer.parseInt(rows(target, "SELECT count(*) FROM customer").get(0)))
        .isBetween(50, 19_999);
  }

  /** A source of 20,000 customers. */
  private static TestDatabase manyCustomers() {
    TestDatabase source = SyncDatabases.source("postgres");
    SyncDatabases.exec(source, "INSERT INTO customer (id, name) SELECT g, 'c' || g"
        + " FROM generate_series(3, 20000) g");
    return source;
  }

  /** Waits until the target holds 50 customers: the cycle is under way. */
  private void awaitFirstChunks(TestDatabase target, Process process, String output)
      throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (Integer.parseInt(rows(target, "SELECT count(*) FROM customer").get(0)) < 50) {
      assertThat(System.currentTimeMillis()).as("the cycle's first chunks").isLessThan(deadline);
      assertThat(process.isAlive()).as(Files.readString(dir.resolve(output))).isTrue();
      Thread.sleep(100);
    }
  }

  private Process start(Path file) throws IOException {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "sync",
        "--config", file.toString(), "--port", "0", "--shutdown-timeout", "60s"))
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("service.out").toFile())
        .redirectError(dir.resolve("service.err").toFile())
        .start();
  }

  /** The port the service printed. */
  private int port(Process service) throws Exception {
    Pattern printed = Pattern.compile("http://localhost:(\\d+)/");
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = printed.matcher(Files.readString(dir.resolve("service.out")));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(service.isAlive()).as(Files.readString(dir.resolve("service.err"))).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("the service printed no port");
  }

  /** The metrics once the good job has finished a cycle and the down job has failed one. */
  private String awaitMetrics(int port, Process service) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    String metrics = "";
    while (System.currentTimeMillis() < deadline) {
      metrics = get(port, "/metrics").body();
      if (value(metrics, "ferry_sync_last_success_seconds", "good", null) > 0
          && value(metrics, "ferry_sync_errors_total", "down", null) > 0) {
        return metrics;
      }
      assertThat(service.isAlive()).as(Files.readString(dir.resolve("service.err"))).isTrue();
      Thread.sleep(300);
    }
    throw new AssertionError("no cycle in the metrics:\n" + metrics);
  }

  /** Waits until the good job has recorded a second cycle: it goes on while the other fails. */
  private void awaitCycles(TestDatabase target, Process service) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (cycles(target, "good").size() < 2) {
      assertThat(System.currentTimeMillis()).as("a second cycle of the good job")
          .isLessThan(deadline);
      assertThat(service.isAlive()).isTrue();
      Thread.sleep(300);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A sample's value in Prometheus text: the line of that name with the job (and fate). */
  static double value(String metrics, String name, String job, String fate) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("job=\"" + job + "\"")
          && (fate == null || line.contains("fate=\"" + fate + "\""))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
