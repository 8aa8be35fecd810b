package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback is kill-safe both ways (docs/rollback.md): a merge killed mid-way is rolled back to
 * the target's fingerprint before it, and a rollback killed mid-way and run again ends there
 * too. The kills wait for committed progress (a checkpoint, consumed journal entries), polled.
 */
class RollbackKillIT {

  @TempDir Path dir;

  private static final int ROWS = 20_000;
  private static final String TABLE = "CREATE TABLE reading (id int PRIMARY KEY, v int,"
      + " label text)";

  @Test
  void aMergeKilledMidwayIsRolledBackToTheFingerprintBeforeIt() throws Exception {
    // given
    TestDatabase source = source();
    TestDatabase target = prefilled();
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);

    // when: killed once a chunk past the first tenth is committed, then rolled back
    Process merge = start(to, "copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--batch-size", "200", "--report", dir.resolve("k").toString());
    killWhen(merge, target, watch -> {
      KillPlan.Snapshot.Unit unit = KillPlan.Snapshot.read(watch).units().get("public.reading");
      return unit != null && unit.lastKey() > ROWS / 10 ? 1 : 0;
    });
    String run = Sql.rows(target, "SELECT run_id FROM ferry.run").get(0);
    long journaled = Sql.count(target, "ferry.row_journal");
    List<String> done = Sql.rows(target, "SELECT done FROM ferry.checkpoint");
    Cli.Run rollback = Cli.run("rollback", "--to", to, "--run", run);

    // then
    assertThat(done).containsExactly("0");
    assertThat(journaled).isPositive();
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
  }

  @Test
  void aRollbackKilledMidwayAndRunAgainEndsAtTheFingerprintBeforeTheRun() throws Exception {
    // given: a merge that inserted and updated many rows
    TestDatabase source = source();
    TestDatabase target = prefilled();
    Sql.exec(target, "DELETE FROM reading WHERE id % 2 = 0");
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);
    Cli.Run merge = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--batch-size", "1000", "--report", dir.resolve("m").toString());
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    String run = Sql.rows(target, "SELECT run_id FROM ferry.run").get(0);
    long journaled = Sql.count(target, "ferry.row_journal");

    // when: the rollback killed once some pages of the journal are consumed, then run again
    Process rollback = start(to, "rollback", "--to", to, "--run", run);
    long[] left = {journaled};
    killWhen(rollback, target, watch -> {
      try (var s = watch.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM ferry.row_journal")) {
        rs.next();
        left[0] = rs.getLong(1);
      }
      return left[0] < journaled - 200 ? 1 : 0;
    });
    JsonNode halfway = fingerprint(to);
    Cli.Run again = Cli.run("rollback", "--to", to, "--run", run);
    Cli.Run third = Cli.run("rollback", "--to", to, "--run", run);

    // then
    // 2,000 updates a row each, 10,000 inserts packed 500 to a row
    assertThat(journaled).isBetween(2_000L, 2_100L);
    assertThat(left[0]).isPositive();
    assertThat(halfway).isNotEqualTo(before);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.out()).contains("Nothing to undo");
    assertThat(fingerprint(to)).isEqualTo(before);
  }

  @Test
  void aRollbackFromABatchKilledMidwayAndRunAgainRewindsAndTheResumeEndsAtTheRun()
      throws Exception {
    // given: a merge of 20 chunks that inserted and updated many rows
    TestDatabase source = source();
    TestDatabase target = prefilled();
    Sql.exec(target, "DELETE FROM reading WHERE id % 2 = 0");
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);
    String[] merge = {"copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--batch-size", "1000", "--report", dir.resolve("m").toString()};
    Cli.Run run = Cli.run(merge);
    JsonNode afterRun = fingerprint(to);
    String runId = Sql.rows(target, "SELECT run_id FROM ferry.run").get(0);
    long journaled = Sql.count(target, "ferry.row_journal");

    // when: the rollback of batches 5 to 20 killed once some pages are consumed, run again,
    // then the run resumed
    Process rollback = start(to, "rollback", "--to", to, "--run", runId, "--table", "reading",
        "--from-batch", "5");
    long[] left = {journaled};
    killWhen(rollback, target, watch -> {
      try (var s = watch.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM ferry.row_journal")) {
        rs.next();
        left[0] = rs.getLong(1);
      }
      return left[0] < journaled - 200 ? 1 : 0;
    });
    Cli.Run again = Cli.run("rollback", "--to", to, "--run", runId, "--table", "reading",
        "--from-batch", "5");
    List<String> state = Sql.rows(target, "SELECT r.status, c.done, c.source_rows FROM ferry.run r"
        + " JOIN ferry.checkpoint c USING (run_id)");
    long ids = Sql.rows(target, "SELECT id FROM reading WHERE id <= " + ROWS).size();
    List<String> batches = Sql.rows(target, "SELECT DISTINCT batch FROM ferry.row_journal"
        + " ORDER BY batch");
    List<String> resume = new ArrayList<>(List.of(merge));
    resume.add("--resume");
    Cli.Run resumed = Cli.run(resume.toArray(String[]::new));
    JsonNode afterResume = fingerprint(to);
    Cli.Run whole = Cli.run("rollback", "--to", to, "--run", runId);

    // then: batches 1 to 4 (source rows 1 to 4,000) stay as the run left them
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(left[0]).isPositive();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(state).containsExactly("partly-rolled-back|0|4000");
    assertThat(batches).containsExactly("1", "2", "3", "4");
    // and of the rest, the odd ids the target held before the run
    assertThat(ids).isEqualTo(4_000 + (ROWS - 4_000) / 2);
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(afterResume).isEqualTo(afterRun);
    assertThat(whole.exitCode()).as(whole.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
  }

  private interface Poll {
    long ready(Connection watch) throws Exception;
  }

  /** Kills the process once {@code poll} says so, polling every 2 ms; asserts it was killed. */
  private void killWhen(Process child, TestDatabase target, Poll poll) throws Exception {
    try (Connection watch = TestDatabases.connect(target)) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (child.isAlive() && System.currentTimeMillis() < deadline) {
        if (poll.ready(watch) > 0) {
          child.destroyForcibly();
          break;
        }
        Thread.sleep(2);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed midway\n%s", Files.readString(
        dir.resolve("kill.out")) + Files.readString(dir.resolve("kill.err"))).isEqualTo(137);
  }

  private static TestDatabase source() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, TABLE, "INSERT INTO reading SELECT g, g, 'r''' || g || E'\\t\u00df'"
        + " FROM generate_series(1, " + ROWS + ") g");
    return source;
  }

  /** 95% of the source's rows, a tenth of them changed, and ten rows of its own. */
  private static TestDatabase prefilled() {
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, TABLE, "INSERT INTO reading SELECT g, CASE WHEN g % 10 = 1 THEN -g ELSE g"
        + " END, 'r''' || g || E'\\t\u00df' FROM generate_series(1, " + ROWS + ") g"
        + " WHERE g % 20 <> 0", "INSERT INTO reading SELECT g, 0, NULL FROM generate_series("
        + (ROWS + 1) + ", " + (ROWS + 10) + ") g");
    return target;
  }

  private Process start(String to, String... args) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("kill.out").toFile())
        .redirectError(dir.resolve("kill.err").toFile())
        .start();
  }

  private JsonNode fingerprint(String url) throws Exception {
    Path out = dir.resolve("fp-" + System.nanoTime() + ".json");
    Cli.Run run = Cli.run("fingerprint", url, "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Json.mapper().readTree(Files.readString(out)).path("tables");
  }
}
