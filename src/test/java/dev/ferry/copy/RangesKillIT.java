package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy killed (SIGKILL) while a table loads as key ranges, several ranges part-done: {@code
 * --resume} continues each range after its own checkpoint with the bounds the run recorded,
 * even when the source's statistics moved since, and the target then verifies with no row lost
 * or doubled; a resume whose recorded ranges no longer fit its plan is refused before it writes.
 */
class RangesKillIT {

  private static final int ORDERS = 150_000;
  private static final long CHILD_TIMEOUT_MS = 180_000;

  @TempDir Path dir;

  /** Kills the copy once at least two ranges of orders are part-done and none is done. */
  private void killWithRangesPartDone(TestDatabase source, String to, TestDatabase target,
      String checkpoints) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "copy",
        "--from", source.url(), "--to", to, "--split-rows", "20000", "--parallel", "3",
        "--batch-size", "500", "--report", dir.resolve("killed").toString())
        .redirectOutput(dir.resolve("killed.out").toFile())
        .redirectError(dir.resolve("killed.err").toFile())
        .start();
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    try (Connection watch = TestDatabases.connect(target)) {
      while (partDone(watch, checkpoints) < 2) {
        if (!child.isAlive() || System.currentTimeMillis() > deadline) {
          child.destroyForcibly();
          fail("the copy ended or stalled before the moment to kill it\n"
              + Files.readString(dir.resolve("killed.out"))
              + Files.readString(dir.resolve("killed.err")));
        }
        Thread.sleep(2);
      }
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
  }

  /** Ranges of orders with rows committed and not done; 0 once any range is done. */
  private static int partDone(Connection c, String checkpoints) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT"
        + " SUM(CASE WHEN rows_written > 0 AND done = 0 THEN 1 ELSE 0 END),"
        + " SUM(done) FROM " + checkpoints + " WHERE unit LIKE '%orders#%'")) {
      rs.next();
      return rs.getLong(2) > 0 ? 0 : rs.getInt(1);
    } catch (SQLException notYet) {
      return 0;
    }
  }

  private Cli.Run copy(TestDatabase source, String to, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", source.url(), "--to", to,
        "--split-rows", "20000", "--parallel", "3", "--batch-size", "2000", "--report",
        dir.resolve("r" + System.nanoTime()).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private void resumeLosesAndDoublesNothing(TestDatabase source, String to, TestDatabase target,
      String checkpoints, String moreOrders) throws Exception {
    // given: a kill with ranges part-done, then the source grows past its largest key and its
    // statistics move (ranges cut from them now would differ)
    killWithRangesPartDone(source, to, target, checkpoints);
    List<String> partial = Sql.rows(target, "SELECT unit FROM " + checkpoints
        + " WHERE unit LIKE '%orders#%' AND rows_written > 0 AND done = 0");
    assertThat(partial).hasSizeGreaterThanOrEqualTo(2);
    Sql.exec(source, moreOrders);

    // when
    Cli.Run resumed = copy(source, to, "--resume");

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("(resumed)");
    assertThat(Sql.count(target, "orders")).isEqualTo(ORDERS + 1000);
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
    assertThat(Canonical.rows(target, "line")).isEqualTo(Canonical.rows(source, "line"));
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", to, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aPostgresOwnerResumesAKilledRangedLoadWithTheRecordedBoundsAndVerifies()
      throws Exception {
    TestDatabase source = RangesIT.postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + RangesIT.role(owner));
    resumeLosesAndDoublesNothing(source, owner, target, "ferry.checkpoint",
        "INSERT INTO orders SELECT 3 * g, 1, 'late' FROM generate_series(" + (ORDERS + 1)
            + ", " + (ORDERS + 1000) + ") g; ANALYZE orders");
    assertThat(Sql.rows(target, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        + " ORDER BY 1")).containsExactly("orders_customer", "orders_pkey");
  }

  @Test
  void aMariaDbResumesAKilledRangedLoadWithTheRecordedBoundsAndVerifies() throws Exception {
    TestDatabase source = RangesIT.mariaDbSource(ORDERS);
    TestDatabase target = TestDatabases.freshMariaDb();
    RangesIT.schema(target, "BIGINT");
    resumeLosesAndDoublesNothing(source, target.url(), target, "ferry_checkpoint",
        "INSERT INTO orders SELECT 3 * seq, 1, 'late' FROM seq_" + (ORDERS + 1) + "_to_"
            + (ORDERS + 1000));
  }

  @Test
  void aResumeWhoseRecordedRangesNoLongerFitItsPlanIsRefusedBeforeWriting() throws Exception {
    // given: a killed ranged load, whose recorded bounds are then not those it planned with
    TestDatabase source = RangesIT.postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    killWithRangesPartDone(source, owner, target, "ferry.checkpoint");
    String run = Sql.rows(target, "SELECT run_id FROM ferry.run").get(0);
    String recorded = Sql.rows(target, "SELECT key_ranges FROM ferry.run").get(0);
    Sql.exec(target, "UPDATE ferry.run SET key_ranges = replace(key_ranges, '[', '[1,')");
    String state = "SELECT unit, rows_written, done FROM ferry.checkpoint ORDER BY unit";
    List<String> before = Sql.rows(target, state);
    long rows = Sql.count(target, "orders");

    // when
    Cli.Run resumed = copy(source, owner, "--resume", run);

    // then: refused, nothing written
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("run " + run + " was planned with fingerprint",
        "the plan changed");
    assertThat(Sql.rows(target, state)).isEqualTo(before);
    assertThat(Sql.count(target, "orders")).isEqualTo(rows);

    // when: the bounds are put back as the run recorded them
    Sql.exec(target, "UPDATE ferry.run SET key_ranges = '" + recorded + "'");
    Cli.Run again = copy(source, owner, "--resume", run);

    // then
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
  }
}
