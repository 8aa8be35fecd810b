package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.PASSWORD;
import static dev.ferry.sync.SyncDatabases.exec;
import static dev.ferry.sync.SyncDatabases.rows;
import static dev.ferry.sync.SyncServiceIT.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.api.SyncJob;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.TableFilter;
import dev.ferry.error.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture: cdc} from a MariaDB source (docs/sync.md, "Change data capture from
 * MariaDB"), its binlog read by a login with REPLICATION SLAVE and BINLOG MONITOR and SELECT on
 * the database only, into a PostgreSQL target written by a login that owns its tables: inserts,
 * updates and deletes stream into the target; a kill -9 and a restart apply nothing twice (a
 * counter raised by each update ends equal on both sides); a login without the privileges, a
 * binlog not in rows and a table without a key are refused before anything is written.
 */
class CdcBinlogIT {

  static final long TIMEOUT_MS = 240_000;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String[] DDL = {
    "CREATE TABLE counter (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL,"
        + " hits INTEGER NOT NULL)",
    "CREATE TABLE tag (code VARCHAR(20) PRIMARY KEY, label VARCHAR(50))"};

  @TempDir Path dir;

  @Test
  void streamsMariaDbChangesIntoPostgresOnceAcrossAKill() throws Exception {
    // given: a MariaDB source with rows, read by a login that may read the binlog
    TestDatabase source = TestDatabases.freshMariaDb();
    exec(source, DDL);
    exec(source, "INSERT INTO counter VALUES (1, 'one', 0), (2, 'two', 0), (3, 'three', 0)",
        "INSERT INTO tag VALUES ('a', 'A'), ('b', 'B')");
    String reader = TestDatabases.createMariaDbLogin(source, PASSWORD);
    exec(source, "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + reader
        + "'@'localhost'");
    String other = TestDatabases.createMariaDbLogin(source, PASSWORD);
    TestDatabase target = TestDatabases.freshPostgres();
    exec(target, DDL);
    String owner = TestDatabases.createPostgresLogin(target, PASSWORD);
    exec(target, "ALTER TABLE counter OWNER TO " + owner, "ALTER TABLE tag OWNER TO " + owner,
        "CREATE SCHEMA ferry AUTHORIZATION " + owner);
    Files.writeString(dir.resolve("owner.pw"), PASSWORD + "\n");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, "reports: runs\njobs:\n"
        + "  - name: cut\n"
        + "    source: {url: '" + source.bareUrl() + "?user=" + reader + "',"
        + " password-file: owner.pw}\n"
        + "    target: {url: '" + target.bareUrl() + "?user=" + owner + "',"
        + " password-file: owner.pw}\n"
        + "    interval: 1s\n"
        + "    capture: {mode: cdc, batch-events: 20, batch-wait: 200ms, deletes: true}\n"
        // a login that may only SELECT: its stream cannot start
        + "  - name: denied\n"
        + "    source: {url: '" + source.bareUrl() + "?user=" + other + "',"
        + " password-file: owner.pw}\n"
        + "    target: {url: '" + target.bareUrl() + "?user=" + owner + "',"
        + " password-file: owner.pw}\n"
        + "    interval: 1s\n"
        + "    capture: cdc\n");

    // when: the service starts while the source keeps changing
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread load = writer(source, writing, 1000);
    Process service = start(file, "first");
    try {
      int port = port(service, "first");
      awaitEvents(port, service, "first");
      Thread.sleep(1000);
      writing.set(false);
      load.join();
      exec(source, "UPDATE tag SET label = 'o''neil' WHERE code = 'a'",
          "DELETE FROM counter WHERE id = 2", "DELETE FROM tag WHERE code = 'b'",
          "INSERT INTO tag VALUES ('it''s', 'quoted'), ('back\\\\slash', 'x')",
          "UPDATE tag SET label = 'y' WHERE code = 'back\\\\slash'");
      awaitSame(source, target, service, "first");

      // then: metrics count the applied changes and show the lag; the job is ready
      String metrics = get(port, "/metrics").body();
      assertThat(value(metrics, "ferry_sync_cdc_events_total", "cut", null)).isPositive();
      assertThat(value(metrics, "ferry_sync_cdc_lag_seconds", "cut", null))
          .isGreaterThanOrEqualTo(0.0).isLessThan(60.0);
      assertThat(value(metrics, "ferry_sync_rows_total", "cut", "deleted")).isEqualTo(2.0);
      HttpResponse<String> ready = get(port, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("job denied: stream down:", "lacks REPLICATION SLAVE"
          + " and BINLOG MONITOR").doesNotContain("job cut", PASSWORD);
      // the refused job wrote nothing, not even its initial cycle
      assertThat(rows(target, "SELECT count(*) FROM ferry.sync_positions WHERE job ="
          + " 'denied'")).containsExactly("0");
      assertThat(rows(target, "SELECT count(*) FROM ferry.sync_cycles WHERE job ="
          + " 'denied'")).containsExactly("0");
      // the binlog position of the last batch, and the engine's offsets in the target
      assertThat(rows(target, "SELECT lsn LIKE 'mariadb-bin.%:%' FROM ferry.sync_positions"
          + " WHERE job = 'cut'")).containsExactly("t");
      assertThat(rows(target, "SELECT count(*) FROM ferry.sync_offsets WHERE job = 'cut'"
          + " AND offset_value LIKE '%\"file\":\"mariadb-bin.%'")).containsExactly("1");
    } finally {
      writing.set(false);
      // when: killed without a chance to stop
      service.destroyForcibly();
    }
    assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
    for (int id = 21; id <= 30; id++) {
      exec(source, "INSERT INTO counter VALUES (" + id + ", 'row " + id + "', 0)");
    }
    for (int i = 0; i < 5; i++) {
      exec(source, "UPDATE counter SET hits = hits + 1 WHERE id = 1");
    }
    exec(source, "DELETE FROM counter WHERE id = 3");

    // then: restarted, it carries on from the target's offsets and applies nothing twice
    Process again = start(file, "second");
    try {
      port(again, "second");
      awaitSame(source, target, again, "second");
      assertThat(rows(target, "SELECT hits FROM counter WHERE id = 1"))
          .isEqualTo(rows(source, "SELECT hits FROM counter WHERE id = 1"));
      assertThat(rows(target, "SELECT count(*) FROM ferry.sync_cycles WHERE job = 'cut'"))
          .as("one initial cycle: the restart streamed on").containsExactly("1");
    } finally {
      again.destroy();
    }
    assertThat(again.waitFor(90, TimeUnit.SECONDS)).as("stopped within the bound").isTrue();
    assertThat(again.exitValue()).as(Files.readString(dir.resolve("second.err"))).isZero();
    // Debezium logs its connector's settings (at INFO, shown by --verbose): the password's
    // line is there, masked
    assertThat(Files.readString(dir.resolve("first.err"))).contains("database.password");
    for (String name : List.of("first", "second")) {
      assertThat(Files.readString(dir.resolve(name + ".err")) + Files.readString(
          dir.resolve(name + ".out"))).as("the " + name + " service's output")
          .doesNotContain(PASSWORD);
    }
    VerificationReport report = Ferry.verify(VerifyRequest.builder(
        new Endpoint.Database(new ConnectionSpec(null, source.url(), null, null)),
        new Endpoint.Database(new ConnectionSpec(null, target.url(), null, null)))
        .filter(new TableFilter(List.of("counter", "tag"), List.of(), false)).build());
    assertThat(report.passed()).as(String.valueOf(report.rules())).isTrue();
  }

  @Test
  void aSourceThatCannotServeIsRefusedSayingWhatToChange() {
    // given: a login with every privilege the binlog needs, and a table without a key
    TestDatabase source = TestDatabases.freshMariaDb();
    exec(source, "CREATE TABLE note (body TEXT)", DDL[0]);
    String reader = TestDatabases.createMariaDbLogin(source, PASSWORD);
    exec(source, "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + reader
        + "'@'localhost'");
    SyncJob job = job(source, reader);

    // when, then: refused (exit 4), naming the table and what to do
    assertThatThrownBy(() -> CdcBinlog.prepare(job)).isInstanceOf(FerryException.class)
        .hasMessageContaining("sync.yaml:9").hasMessageContaining(source.name()
            + ".note has no primary key").hasMessageContaining("exclude:")
        .satisfies(e -> assertThat(((FerryException) e).code().exitCode()).isEqualTo(4));

    // and a binlog not in rows is refused before the tables are looked at
    exec(source, "SET GLOBAL binlog_format = 'MIXED'");
    try {
      assertThatThrownBy(() -> CdcBinlog.prepare(job)).isInstanceOf(FerryException.class)
          .hasMessageContaining("binlog_format is MIXED").hasMessageContaining(
              "binlog_format=ROW").hasMessageNotContaining(PASSWORD);
    } finally {
      exec(source, "SET GLOBAL binlog_format = 'ROW'");
    }
    // and a login that may only read the tables
    String plain = TestDatabases.createMariaDbLogin(source, PASSWORD);
    assertThatThrownBy(() -> CdcBinlog.prepare(job(source, plain)))
        .hasMessageContaining("lacks REPLICATION SLAVE and BINLOG MONITOR")
        .hasMessageNotContaining(PASSWORD);
  }

  private static SyncJob job(TestDatabase source, String login) {
    ConnectionSpec spec = new ConnectionSpec(null, source.bareUrl() + "?user=" + login, null,
        PASSWORD);
    return new SyncJob("binlog", "sync.yaml:2", spec, spec, null, null, null, null,
        null, null, 1000, null, null, null, null,
        new SyncJob.Capture(10, Duration.ofMillis(100), false, "sync.yaml:9"));
  }

  /** A thread inserting rows from {@code first} and raising row 1's counter until told. */
  private static Thread writer(TestDatabase source, AtomicBoolean writing, int first) {
    AtomicInteger next = new AtomicInteger(first);
    Thread load = new Thread(() -> {
      while (writing.get()) {
        exec(source, "INSERT INTO counter VALUES (" + next.incrementAndGet() + ", 'n', 0)",
            "UPDATE counter SET hits = hits + 1 WHERE id = 1");
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    load.start();
    return load;
  }

  private void awaitEvents(int port, Process service, String name) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    String metrics = get(port, "/metrics").body();
    while (value(metrics, "ferry_sync_cdc_events_total", "cut", null) <= 0) {
      assertThat(System.currentTimeMillis()).as("changes applied by the stream\n" + metrics
          + Files.readString(dir.resolve(name + ".err"))).isLessThan(deadline);
      assertThat(service.isAlive()).isTrue();
      Thread.sleep(300);
      metrics = get(port, "/metrics").body();
    }
  }

  private static List<String> content(TestDatabase db) {
    List<String> all = new ArrayList<>(rows(db,
        "SELECT id, name, hits FROM counter ORDER BY id"));
    all.addAll(rows(db, "SELECT code, label FROM tag ORDER BY code"));
    return all;
  }

  private void awaitSame(TestDatabase source, TestDatabase target, Process service,
      String name) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!content(source).equals(content(target))) {
      assertThat(System.currentTimeMillis()).as("target equals source: "
          + content(target) + " vs " + content(source) + "\n"
          + Files.readString(dir.resolve(name + ".err"))).isLessThan(deadline);
      assertThat(service.isAlive()).as(Files.readString(dir.resolve(name + ".err"))).isTrue();
      Thread.sleep(300);
    }
  }

  private Process start(Path file, String name) throws IOException {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--verbose",
        "sync", "--config", file.toString(), "--port", "0", "--shutdown-timeout", "60s",
        "--log-format", "text"))
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  private int port(Process service, String name) throws Exception {
    Pattern printed = Pattern.compile("http://localhost:(\\d+)/");
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = printed.matcher(Files.readString(dir.resolve(name + ".out")));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(service.isAlive()).as(Files.readString(dir.resolve(name + ".err"))).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("the service printed no port");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
