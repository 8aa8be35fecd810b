package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dates and times a target column cannot hold as they are — outside its range (MariaDB's
 * {@code TIMESTAMP} ends in 2038, SQLite's text dates have four-digit years), or with more
 * fractions of a second than it keeps — are measured on the source and refused before the
 * first write, instead of failing the load halfway (or being rounded, which only verify saw).
 */
class TemporalFitPreflightIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to) {
    return Cli.run("copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve("copy-" + System.nanoTime()).toString());
  }

  private static void assertNothingWrittenToMariaDb(TestDatabase maria, String table) {
    assertThat(Sql.count(maria, table)).isZero();
    assertThat(Sql.rows(maria, "SELECT COUNT(*) FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND table_name LIKE 'ferry%'")).containsExactly("0");
  }

  @Test
  void datesOutsideWhatMariaDbColumnsHoldAreRefusedBeforeTheFirstWrite() {
    // given: Sakila's last_update is a MariaDB TIMESTAMP (1970 to 2038); DATETIME has no BC
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE actor (actor_id int PRIMARY KEY, last_update timestamp,"
            + " seen timestamptz, born date)",
        "INSERT INTO actor VALUES (1, '2006-02-15 04:34:33', '2006-02-15 04:34:33+00',"
            + " '1960-01-01'), (2, '9999-12-31 23:59:59', '2038-01-19 03:14:07+00',"
            + " '0044-03-15'), (3, '1969-12-31 23:59:59', '2038-01-19 03:14:08+00',"
            + " '0044-03-15 BC'), (4, '2038-01-19 03:14:07.999999', NULL, 'infinity')");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE actor (actor_id INT PRIMARY KEY,"
        + " last_update TIMESTAMP(6) NULL, seen TIMESTAMP NULL, born DATE)");

    // when
    Cli.Run run = copy(pg, maria);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("public.actor.last_update: 2 values lie outside 1970-01-01 00:00:01 to"
            + " 2038-01-19 03:14:07.999999 (UTC)", "first keys: 2, 3")
        .contains("public.actor.seen: 1 value lies outside", "first keys: 3")
        .contains("public.actor.born: 1 value lies outside 0001-01-01 to 9999-12-31",
            "first keys: 3")
        .contains("public.actor.born: 1 value is infinity or -infinity");
    assertNothingWrittenToMariaDb(maria, "actor");
  }

  @Test
  void fractionsOfASecondATargetColumnWouldDropAreRefusedAndWholeSecondsLoad() {
    // given: PostgreSQL keeps microseconds, a MariaDB DATETIME none unless declared
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE staff (staff_id int PRIMARY KEY, last_update timestamp,"
            + " clocked time, stamped timestamptz)",
        "INSERT INTO staff VALUES (1, '2006-02-15 04:57:20', '08:00', '2006-02-15 04:57:20+00'),"
            + " (2, '2026-12-06 06:26:44.311945', '08:00:00.5', '2026-12-06 06:26:44.1+00')");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE staff (staff_id INT PRIMARY KEY, last_update DATETIME,"
        + " clocked TIME, stamped DATETIME(1))");

    // when
    Cli.Run refused = copy(pg, maria);
    Sql.exec(pg, "DELETE FROM staff WHERE staff_id = 2");
    Cli.Run loaded = copy(pg, maria);

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err())
        .contains("public.staff.last_update: 1 value has fractions of a second beyond 0 digits,"
            + " which DATETIME drops; first keys: 2")
        .contains("public.staff.clocked: 1 value has fractions of a second beyond 0 digits")
        .doesNotContain("public.staff.stamped");
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    Cli.Run verify = Cli.run("verify", "--from", pg.url(), "--to", maria.url(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void yearsSqliteCannotWriteAsIsoTextAreRefused() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE era (id int PRIMARY KEY, d date, ts timestamp)",
        "INSERT INTO era VALUES (1, '2000-02-29', '2000-02-29 12:00'),"
            + " (2, '4713-01-01 BC', '294276-12-31 23:59:59'), (3, '0001-01-01', NULL)");
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE era (id INTEGER PRIMARY KEY, d DATE, ts TIMESTAMP)");

    // when
    Cli.Run run = copy(pg, sqlite);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("public.era.d: 1 value lies outside 0000-01-01 to 9999-12-31", "first keys: 2")
        .contains("public.era.ts: 1 value lies outside", "first keys: 2");
    assertThat(Sql.count(sqlite, "era")).isZero();
  }
}
