package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.job;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader lock (docs/sync.md): two real {@code ferry sync} services of one sync.yaml, each
 * in its own JVM. Only the first runs the job's cycles while the second stands by (ready, its
 * leader gauge 0, no cycle), {@code --once} beside them runs nothing (exit 4), and when the
 * first is killed with {@code kill -9} the second takes the job over and its cycles succeed;
 * the target's sync_cycles never shows two cycles of the job at once.
 */
class LeaderLockIT {

  private static final long TIMEOUT_MS = 180_000;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void oneProcessRunsTheJobTheOtherStandsByAndTakesOverWhenTheFirstIsKilled(String engine)
      throws Exception {
    // given: a job every 300 ms, a chunk per row
    TestDatabase source = SyncDatabases.source(engine);
    TestDatabase target = SyncDatabases.target(engine);
    Path file = config(dir, job("crm", source.url(), target, "    interval: 300ms\n"));
    Process first = start(file, "first");
    Process second = null;
    try {
      int firstPort = port(first, "first");
      await(() -> times(target).size() >= 2, first, "first", "two cycles of the first");

      // when: the second starts, stands by a while; --once beside them; the first is killed
      second = start(file, "second");
      int secondPort = port(second, "second");
      Process standing = second;
      await(() -> get(secondPort, "/health/ready").statusCode() == 200, second, "second",
          "the standby ready");
      Thread.sleep(2_000);
      String standby = get(secondPort, "/metrics").body();
      String leading = get(firstPort, "/metrics").body();
      Cli.Result once = Cli.run("sync", "--config", file.toString(), "--once");
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Instant killed = Instant.now();
      await(() -> cyclesSince(target, killed) >= 2, second, "second",
          "two cycles of the second after the kill");
      String took = get(secondPort, "/metrics").body();

      // then
      assertThat(value(leading, "ferry_sync_leader", "")).isEqualTo(1.0);
      assertThat(value(standby, "ferry_sync_leader", "")).isEqualTo(0.0);
      assertThat(value(standby, "ferry_sync_cycle_seconds_count", ""))
          .as("the standby ran no cycle").isZero();
      assertThat(value(standby, "ferry_sync_errors_total", "")).isZero();
      assertThat(once.exitCode()).as(once.toString()).isEqualTo(4);
      assertThat(once.out()).contains("job crm: standby")
          .contains("another ferry sync leads it").doesNotContain(SyncDatabases.PASSWORD);
      assertThat(value(took, "ferry_sync_leader", "")).isEqualTo(1.0);
      assertThat(value(took, "ferry_sync_cycles_total", "status=\"done\""))
          .isGreaterThanOrEqualTo(2.0);
      assertThat(standing.isAlive()).isTrue();
      assertThat(rows(target, "SELECT count(*) FROM customer")).containsExactly("3");
      List<String[]> cycles = times(target);
      for (int i = 1; i < cycles.size(); i++) {
        assertThat(Instant.parse(cycles.get(i)[0]))
            .as("cycle %d starts after cycle %d ended: %s", i, i - 1, cycles.get(i - 1)[1])
            .isAfterOrEqualTo(Instant.parse(cycles.get(i - 1)[1]));
      }
      assertThat(cycles).allSatisfy(c -> assertThat(c[2]).isEqualTo("done"));
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aStandbyOfAnHourlyJobTakesItOverWithinSecondsOfTheLeadersDeath() throws Exception {
    // given: a job every hour, led by the first service; the second stands by
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("crm", source.url(), target, "    interval: 1h\n"));
    Process first = start(file, "first");
    Process second = null;
    try {
      port(first, "first");
      await(() -> times(target).size() >= 1, first, "first", "the first's cycle");
      second = start(file, "second");
      int secondPort = port(second, "second");
      await(() -> get(secondPort, "/health/ready").statusCode() == 200, second, "second",
          "the standby ready");

      // when: the leader is killed
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Instant killed = Instant.now();
      await(() -> cyclesSince(target, killed) >= 1
          || Duration.between(killed, Instant.now()).toSeconds() > 60, second, "second",
          "a cycle of the second after the kill, or a minute");

      // then: the second led and ran a cycle within the takeover period, not an hour later
      assertThat(cyclesSince(target, killed)).as("cycles of the second within a minute")
          .isEqualTo(1);
      List<String[]> cycles = times(target);
      String[] taken = cycles.get(cycles.size() - 1);
      assertThat(Duration.between(killed, Instant.parse(taken[0])))
          .isLessThan(SyncService.TAKEOVER.plusSeconds(10));
      assertThat(taken[2]).isEqualTo("done");
      assertThat(value(get(secondPort, "/metrics").body(), "ferry_sync_leader", ""))
          .isEqualTo(1.0);
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aOnceWhoseTargetDoesNotAnswerFailsAsADownEndpointNotAsAStandby() throws Exception {
    TestDatabase source = SyncDatabases.source("postgres");
    Path file = config(dir, "  - name: crm\n    source: {url: '" + source.url() + "'}\n"
        + "    target: {url: 'jdbc:postgresql://127.0.0.1:1/nothing'}\n"
        + "    retry: {max-attempts: 2, backoff: 10ms}\n");

    Cli.Result once = Cli.run("sync", "--config", file.toString(), "--once");

    assertThat(once.exitCode()).as(once.toString()).isEqualTo(2);
    assertThat(once.out()).contains("job crm: failed").contains("127.0.0.1:1")
        .doesNotContain("standby");
    assertThat(once.logs()).contains("attempt 1 of 2 failed");
  }

  private Process start(Path file, String name) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "sync",
        "--config", file.toString(), "--port", "0"))
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  /** The port the service printed. */
  private int port(Process service, String name) throws Exception {
    Pattern printed = Pattern.compile("http://localhost:(\\d+)/");
    int[] port = new int[1];
    await(() -> {
      Matcher m = printed.matcher(Files.readString(dir.resolve(name + ".out")));
      port[0] = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return port[0] > 0;
    }, service, name, "the port printed");
    return port[0];
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private void await(Condition condition, Process service, String name, String what)
      throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!condition.holds()) {
      assertThat(service.isAlive()).as(what + ": " + name + " ended\n"
          + Files.readString(dir.resolve(name + ".err"))).isTrue();
      assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The job's cycles as started, ended, status, oldest first; none before the first. */
  private static List<String[]> times(TestDatabase target) {
    String table = target.engine().equals("postgres") ? "ferry.sync_cycles"
        : "ferry_sync_cycles";
    if (rows(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = '"
        + table.substring(table.indexOf('.') + 1) + "'").equals(List.of("0"))) {
      return List.of();
    }
    return rows(target, "SELECT started_at, ended_at, status FROM " + table
        + " WHERE job = 'crm'").stream().map(r -> r.split("\\|"))
        .sorted(java.util.Comparator.comparing(r -> Instant.parse(r[0]))).toList();
  }

  private static long cyclesSince(TestDatabase target, Instant since) {
    return times(target).stream().filter(c -> Instant.parse(c[0]).isAfter(since)).count();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A sample of job crm in Prometheus text, with the label given (or any); -1 when none. */
  private static double value(String metrics, String name, String label) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("job=\"crm\"") && line.contains(label)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
