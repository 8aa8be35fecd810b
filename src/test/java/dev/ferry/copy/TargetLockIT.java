package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time per target: a second run while one is active is refused, saying which run
 * holds the target, instead of both passing preflight and interleaving. And a lock someone else
 * holds on a target table ends the run after --lock-timeout with a message naming the table and
 * the session holding it, instead of an endless silent wait.
 */
class TargetLockIT {

  @TempDir Path dir;

  @Test
  void aSecondRunIntoAPostgresTargetWhileTheFirstIsActiveIsRefusedAndNoRowIsWrittenTwice()
      throws Exception {
    // given: a keyless table, and the first run held up at its first write by a lock of ours
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE log (at int, msg text)",
        "INSERT INTO log SELECT g, 'm' || g FROM generate_series(1, 100) g");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, "CREATE TABLE log (at int, msg text)");
    String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND wait_event_type = 'Lock' AND application_name LIKE 'ferry%'";
    try (Connection blocker = TestDatabases.connect(target);
        Connection watch = TestDatabases.connect(target)) {
      blocker.setAutoCommit(false);
      exec(blocker, "LOCK TABLE log IN SHARE MODE");
      CompletableFuture<Cli.Run> first = CompletableFuture.supplyAsync(() -> copy(source, target,
          "first"));
      awaitTrue(() -> scalar(watch, waiting) >= 1);

      // when
      CompletableFuture<Cli.Run> second = CompletableFuture.supplyAsync(() -> copy(source,
          target, "second"));
      awaitTrue(() -> second.isDone() || scalar(watch, waiting) >= 2);
      blocker.commit();
      Cli.Run one = first.get();
      Cli.Run two = second.get();

      // then
      assertThat(one.exitCode()).as(one.toString()).isZero();
      assertThat(two.exitCode()).as(two.toString()).isEqualTo(4);
      assertThat(two.err()).contains("another ferry run", "holds");
      // the holder as PostgreSQL keeps it (63 bytes), cut where a part ends
      assertThat(two.err()).containsPattern("ferry run \\S+ since \\S+ \\(pid \\d+\\)");
      assertThat(Sql.count(target, "log")).isEqualTo(100);
    }
  }

  @Test
  void aSecondRunIntoAMariaDbTargetWhileTheFirstIsActiveIsRefused() throws Exception {
    // given: the first run held up by an uncommitted row of ours with one of its keys
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))",
        "INSERT INTO item VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))");
    // runs inserting into item, waiting for our row (whichever lock they wait on)
    String waiting = "SELECT count(*) FROM information_schema.PROCESSLIST"
        + " WHERE INFO LIKE 'INSERT INTO %item%' AND ID <> CONNECTION_ID()";
    // or a run that holds the target (past its lock, before its insert)
    String active = "SELECT IS_USED_LOCK('ferry:" + target.name() + "') IS NOT NULL";
    try (Connection blocker = TestDatabases.connect(target);
        Connection watch = TestDatabases.connect(target)) {
      blocker.setAutoCommit(false);
      exec(blocker, "INSERT INTO item VALUES (1, 'mine')");
      CompletableFuture<Cli.Run> first = CompletableFuture.supplyAsync(() -> copy(source, target,
          "first"));
      awaitTrue(() -> scalar(watch, waiting) >= 1 || scalar(watch, active) == 1);

      // when
      CompletableFuture<Cli.Run> second = CompletableFuture.supplyAsync(() -> copy(source,
          target, "second"));
      awaitTrue(() -> second.isDone() || scalar(watch, waiting) >= 2);
      blocker.rollback();
      Cli.Run one = first.get();
      Cli.Run two = second.get();

      // then
      assertThat(one.exitCode()).as(one.toString()).isZero();
      assertThat(two.exitCode()).as(two.toString()).isEqualTo(4);
      assertThat(two.err()).contains("another ferry run", "holds");
      assertThat(Sql.rows(target, "SELECT id, name FROM item ORDER BY id"))
          .containsExactly("1|one", "2|two", "3|three");
    }
  }

  @Test
  void aLockHeldOnAPostgresTargetTableEndsTheRunAfterTheLockTimeoutNamingTableAndHolder()
      throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE item (id int PRIMARY KEY, name text)",
        "INSERT INTO item VALUES (1, 'one')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, "CREATE TABLE item (id int PRIMARY KEY, name text)");
    try (Connection blocker = TestDatabases.connect(target)) {
      exec(blocker, "SET application_name = 'holder-of-item'");
      blocker.setAutoCommit(false);
      exec(blocker, "LOCK TABLE item IN SHARE MODE");

      Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--lock-timeout", "2s", "--report", dir.toString());

      assertThat(run.exitCode()).as(run.toString()).isIn(1, 4);
      assertThat(run.err()).contains("public.item", "lock", "holder-of-item", "--lock-timeout");
      blocker.rollback();
    }
    assertThat(Sql.count(target, "item")).isZero();
  }

  @Test
  void aRowLockHeldOnAMariaDbTargetTableEndsTheRunAfterTheLockTimeout() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))",
        "INSERT INTO item VALUES (1, 'one')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))");
    try (Connection blocker = TestDatabases.connect(target)) {
      blocker.setAutoCommit(false);
      exec(blocker, "INSERT INTO item VALUES (1, 'mine')");

      Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--lock-timeout", "2s", "--report", dir.toString());

      assertThat(run.exitCode()).as(run.toString()).isIn(1, 4);
      assertThat(run.err()).contains(".item", "lock", "1 rows locked", "--lock-timeout");
      blocker.rollback();
    }
  }

  @Test
  void aSecondRunIntoASqliteTargetWhileTheFirstIsActiveIsRefused() throws Exception {
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, "CREATE TABLE item (id int PRIMARY KEY, name text)",
        "INSERT INTO item VALUES (1, 'one')");
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, "CREATE TABLE item (id int PRIMARY KEY, name text)");
    try (Connection blocker = TestDatabases.connect(target)) {
      // the first run waits for this write transaction at its first write
      blocker.setAutoCommit(false);
      exec(blocker, "INSERT INTO item VALUES (99, 'mine')");
      CompletableFuture<Cli.Run> first = CompletableFuture.supplyAsync(() -> copy(source, target,
          "first"));
      Path lockFile = Path.of(target.url().substring("jdbc:sqlite:".length(),
          target.url().indexOf('?')) + ".ferry-lock");
      awaitTrue(() -> java.nio.file.Files.exists(lockFile) && size(lockFile) > 0);

      Cli.Run two = copy(source, target, "second");
      blocker.rollback();
      Cli.Run one = first.get();

      assertThat(two.exitCode()).as(two.toString()).isEqualTo(4);
      assertThat(two.err()).contains("another ferry run", "holds");
      assertThat(one.exitCode()).as(one.toString()).isZero();
      assertThat(Sql.rows(target, "SELECT id, name FROM item")).containsExactly("1|one");
    }
  }

  private Cli.Run copy(TestDatabase source, TestDatabase target, String report) {
    return Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve(report).toString());
  }

  private static long size(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long scalar(Connection c, String sql) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the condition holds; a bound only so that a hang fails instead of blocking. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 2400 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within two minutes").isTrue();
  }
}
