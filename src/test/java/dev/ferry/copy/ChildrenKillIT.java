package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code children: replace} merge killed while it deletes the children the snapshot lacks, and
 * resumed, ends exactly where an uninterrupted merge ends: the same rows, the same per-row audit
 * bytes and the same counts of deleted rows.
 */
class ChildrenKillIT {

  @TempDir Path dir;

  private static final int ACCOUNTS = 20_000;

  @Test
  void aSweepKilledMidwayAndResumedEndsLikeAnUninterruptedOne() throws Exception {
    // given: every account has one line in the snapshot and one of the target's own
    TestDatabase source = TestDatabases.freshPostgres();
    ChildrenIT.tables(source, "");
    Sql.exec(source, "INSERT INTO account SELECT g, 'a' || g FROM generate_series(1, "
        + ACCOUNTS + ") g", "INSERT INTO line SELECT g, g, g FROM generate_series(1, "
        + ACCOUNTS + ") g");
    TestDatabase killed = prefilled();
    TestDatabase control = prefilled();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  account: {merge: update}\n"
        + "  line: {merge: update, children: replace}\n");
    Cli.Run uninterrupted = Cli.run("copy", "--from", source.url(), "--to", control.url(),
        "--config", config.toString(), "--report", dir.resolve("c").toString());
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    // when: killed once some deletions are committed and others are not, then resumed
    Process child = start(source, killed, config);
    long left = -1;
    try (Connection watch = TestDatabases.connect(killed); Statement s = watch.createStatement()) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (child.isAlive() && System.currentTimeMillis() < deadline) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM line")) {
          rs.next();
          left = rs.getLong(1);
        }
        if (left <= 2L * ACCOUNTS - 1_000) {
          child.destroyForcibly();
          break;
        }
        Thread.sleep(2);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed mid-sweep\n%s", output()).isEqualTo(137);
    assertThat(Sql.count(killed, "line")).as("killed before the sweep ended")
        .isGreaterThan(ACCOUNTS);
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", killed.url(), "--config",
        config.toString(), "--resume", "--report", dir.resolve("k").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    System.out.println("killed with " + left + " lines left; resumed: " + resumed.out());
    String rows = "SELECT id, account_id, amount FROM line ORDER BY id";
    assertThat(Sql.rows(killed, rows)).isEqualTo(Sql.rows(control, rows));
    assertThat(Sql.count(killed, "line")).isEqualTo(ACCOUNTS);
    assertThat(Files.readAllBytes(dir.resolve("k/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("c/merge-audit.jsonl")));
    assertThat(fates(dir.resolve("k"))).isEqualTo(fates(dir.resolve("c")))
        .contains("\"deleted\":" + ACCOUNTS);
  }

  /**
   * The same under {@code keys: remap} on both tables: the lines a first replay mapped, which
   * the snapshot has since lost, are deleted with their id map pairs, and a resume ends with the
   * rows, the map, the audit and the counts of an uninterrupted run.
   */
  @Test
  void aSweepOfRemappedChildrenKilledMidwayAndResumedEndsLikeAnUninterruptedOne()
      throws Exception {
    // given: a first replay gave every account two lines; the snapshot now keeps one of them
    TestDatabase source = TestDatabases.freshPostgres();
    ChildrenRemapIT.tables("postgres", source);
    Sql.exec(source, "INSERT INTO account (id, email, name) SELECT g, 'a' || g, 'a' || g FROM"
        + " generate_series(1, " + ACCOUNTS + ") g", "INSERT INTO line (id, account_id, amount)"
        + " SELECT g, 1 + (g - 1) % " + ACCOUNTS + ", g FROM generate_series(1, "
        + 2 * ACCOUNTS + ") g");
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  account: {keys: remap, merge: update}\n"
        + "  line: {keys: remap, merge: update, children: replace}\n");
    TestDatabase killed = replayed(source, config, "k0");
    TestDatabase control = replayed(source, config, "c0");
    Sql.exec(source, "DELETE FROM line WHERE id > " + ACCOUNTS);
    Cli.Run uninterrupted = Cli.run("copy", "--from", source.url(), "--to", control.url(),
        "--config", config.toString(), "--report", dir.resolve("c").toString());
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    // when
    killMidSweep(source, killed, config);
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", killed.url(), "--config",
        config.toString(), "--resume", "--report", dir.resolve("k").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    String rows = "SELECT id, account_id, amount FROM line ORDER BY id";
    assertThat(Sql.rows(killed, rows)).isEqualTo(Sql.rows(control, rows));
    assertThat(Sql.count(killed, "line")).isEqualTo(ACCOUNTS);
    assertThat(RemapIT.mapRows("postgres", killed)).isEqualTo(RemapIT.mapRows("postgres",
        control)).hasSize(2 * ACCOUNTS);
    assertThat(Files.readAllBytes(dir.resolve("k/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("c/merge-audit.jsonl")));
    assertThat(fates(dir.resolve("k"))).isEqualTo(fates(dir.resolve("c")))
        .contains("\"deleted\":" + ACCOUNTS);
  }

  /** A fresh target that a first replay of the source filled under the config's policies. */
  private TestDatabase replayed(TestDatabase source, Path config, String report) {
    TestDatabase target = TestDatabases.freshPostgres();
    ChildrenRemapIT.tables("postgres", target);
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve(report).toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    return target;
  }

  /** Starts the copy in a process of its own and kills it once the sweep deleted some lines. */
  private void killMidSweep(TestDatabase source, TestDatabase target, Path config)
      throws Exception {
    Process child = start(source, target, config);
    try (Connection watch = TestDatabases.connect(target); Statement s = watch.createStatement()) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (child.isAlive() && System.currentTimeMillis() < deadline) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM line")) {
          rs.next();
          if (rs.getLong(1) <= 2L * ACCOUNTS - 1_000) {
            child.destroyForcibly();
            break;
          }
        }
        Thread.sleep(2);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed mid-sweep\n%s", output()).isEqualTo(137);
    assertThat(Sql.count(target, "line")).as("killed before the sweep ended")
        .isGreaterThan(ACCOUNTS);
  }

  private static String fates(Path report) throws Exception {
    return dev.ferry.json.Json.compact(dev.ferry.json.Json.mapper().readTree(
        report.resolve("run-report.json").toFile()).path("totals").path("merge"));
  }

  private static TestDatabase prefilled() {
    TestDatabase target = TestDatabases.freshPostgres();
    ChildrenIT.tables(target, "");
    Sql.exec(target, "INSERT INTO account SELECT g, 'a' || g FROM generate_series(1, "
        + ACCOUNTS + ") g", "INSERT INTO line SELECT g, g, g FROM generate_series(1, "
        + ACCOUNTS + ") g", "INSERT INTO line SELECT " + ACCOUNTS + " + g, g, 0 FROM"
        + " generate_series(1, " + ACCOUNTS + ") g");
    return target;
  }

  private Process start(TestDatabase source, TestDatabase target, Path config)
      throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
        "copy", "--from", source.url(), "--to", target.url(), "--config", config.toString(),
        "--report", dir.resolve("k").toString()));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("kill.out").toFile())
        .redirectError(dir.resolve("kill.err").toFile())
        .start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("kill.out")) + Files.readString(dir.resolve("kill.err"));
  }
}
