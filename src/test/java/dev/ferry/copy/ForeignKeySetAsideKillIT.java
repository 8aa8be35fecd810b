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
 * A copy killed (SIGKILL) after it dropped a cycle's foreign key and before it re-created it
 * leaves the key's definition in ferry's state; {@code --resume}, or any later run that starts
 * on the target, re-creates it, validated.
 */
class ForeignKeySetAsideKillIT {

  private static final int ROWS = 60_000;
  private static final long CHILD_TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  private static TestDatabase[] sourceAndTarget() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, ForeignKeySetAsideIT.CYCLE, "SET session_replication_role = replica;"
        + " INSERT INTO a SELECT g, 1 + g % " + ROWS + ", 'n' || g FROM generate_series(1, "
        + ROWS + ") g; INSERT INTO b SELECT g, 1 + (g * 7) % " + ROWS
        + " FROM generate_series(1, " + ROWS + ") g;");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, ForeignKeySetAsideIT.CYCLE);
    return new TestDatabase[] {source, target};
  }

  /**
   * Starts the copy as a process of its own, waits until it has dropped the key and committed
   * some rows after that, and kills it.
   */
  private void killBetweenDropAndRecreate(TestDatabase source, TestDatabase target, String owner)
      throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-jar", jar.toString(), "copy", "--from",
        source.url(), "--to", owner, "--batch-size", "200", "--parallel", "1", "--report",
        dir.resolve("killed").toString())
        .redirectOutput(dir.resolve("killed.out").toFile())
        .redirectError(dir.resolve("killed.err").toFile())
        .start();
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    try (Connection watch = TestDatabases.connect(target)) {
      while (!droppedWithRowsAfter(watch)) {
        if (!child.isAlive() || System.currentTimeMillis() > deadline) {
          child.destroyForcibly();
          fail("the copy ended or stalled before the moment to kill it\n"
              + Files.readString(dir.resolve("killed.out"))
              + Files.readString(dir.resolve("killed.err")));
        }
        Thread.sleep(5);
      }
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
  }

  private static boolean droppedWithRowsAfter(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM ferry.deferred_constraint),"
            + " (SELECT coalesce(sum(rows_written), 0) FROM ferry.checkpoint)")) {
      rs.next();
      return rs.getLong(1) > 0 && rs.getLong(2) >= 2_000;
    } catch (SQLException notYet) {
      return false;
    }
  }

  private static List<String> foreignKeys(TestDatabase db) {
    return Sql.rows(db, ForeignKeySetAsideIT.FOREIGN_KEYS);
  }

  private Cli.Run copy(TestDatabase source, String owner, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", source.url(), "--to", owner,
        "--batch-size", "5000", "--report", dir.resolve("r" + System.nanoTime()).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aResumeRecreatesTheForeignKeyAKillLeftDropped() throws Exception {
    // given
    TestDatabase[] dbs = sourceAndTarget();
    List<String> keys = foreignKeys(dbs[1]);
    String owner = ForeignKeySetAsideIT.ownerOf(dbs[1]);
    killBetweenDropAndRecreate(dbs[0], dbs[1], owner);
    assertThat(foreignKeys(dbs[1])).hasSize(1).isNotEqualTo(keys);
    assertThat(Sql.rows(dbs[1], "SELECT unit || ' ' || constraint_name"
        + " FROM ferry.deferred_constraint")).containsExactly("public.b b_a_fk");

    // when
    Cli.Run resumed = copy(dbs[0], owner, "--resume");

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("(resumed)", "re-created, validated");
    assertThat(foreignKeys(dbs[1])).isEqualTo(keys);
    assertThat(Sql.rows(dbs[1], "SELECT count(*) FROM ferry.deferred_constraint"))
        .containsExactly("0");
    assertThat(Canonical.rows(dbs[1], "b")).isEqualTo(Canonical.rows(dbs[0], "b"));
  }

  @Test
  void aPlainRerunIsRefusedSayingSoAndOneThatReplacesTheRowsRecreatesTheKey()
      throws Exception {
    // given
    TestDatabase[] dbs = sourceAndTarget();
    List<String> keys = foreignKeys(dbs[1]);
    String owner = ForeignKeySetAsideIT.ownerOf(dbs[1]);
    killBetweenDropAndRecreate(dbs[0], dbs[1], owner);

    // when: a rerun without --resume meets the rows the killed run wrote
    Cli.Run refused = copy(dbs[0], owner);

    // then: nothing written, and the operator learns what is left dropped and how it returns
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("--resume", "b_a_fk");
    assertThat(foreignKeys(dbs[1])).hasSize(1);

    // when: a new run that replaces the rows
    Cli.Run replaced = copy(dbs[0], owner, "--truncate-target");

    // then
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(replaced.out()).contains("re-created, validated", "left dropped");
    assertThat(foreignKeys(dbs[1])).isEqualTo(keys);
    assertThat(Sql.rows(dbs[1], "SELECT count(*) FROM ferry.deferred_constraint"))
        .containsExactly("0");
    assertThat(Canonical.rows(dbs[1], "a")).isEqualTo(Canonical.rows(dbs[0], "a"));
  }
}
