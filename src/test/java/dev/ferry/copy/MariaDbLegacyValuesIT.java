package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a legacy MariaDB database holds that no other engine does (zero dates, TIME durations
 * beyond a day, SET lists, spatial values): each is copied provably or refused before the first
 * write, and never read as something else (a NULL, another time of day) that a verify would then
 * find equal on both sides.
 */
class MariaDbLegacyValuesIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve(name).toString());
  }

  private Cli.Run verify(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("verify", "--from", from.url(), "--to", to.url(), "--out",
        dir.resolve(name).toString());
  }

  private static TestDatabase mariaDbWithZeroDates() {
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "SET SESSION sql_mode = ''",
        "CREATE TABLE z (id INT PRIMARY KEY, d DATE, dt DATETIME)",
        "INSERT INTO z VALUES (1, '2024-02-14', '2024-02-14 10:00:00'),"
            + " (2, '0000-00-00', '0000-00-00 00:00:00'), (3, '2020-02-00', '2020-00-10 10:00:00'),"
            + " (4, NULL, NULL)");
    return maria;
  }

  @Test
  void zeroAndPartialDatesAreRefusedBeforeWritingInsteadOfLoadedAsNull() {
    // given
    TestDatabase maria = mariaDbWithZeroDates();
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE z (id int PRIMARY KEY, d date, dt timestamp)");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains(".z.d: 2 values are zero or invalid dates", "first keys: 2, 3")
        .contains(".z.dt: 2 values are zero or invalid dates");
    assertThat(Sql.count(pg, "z")).isZero();
  }

  @Test
  void verifyDoesNotTakeAZeroDateForNull() {
    // given: the rows as a tool that turned zero dates into NULL would have loaded them
    TestDatabase maria = mariaDbWithZeroDates();
    Sql.exec(maria, "DELETE FROM z WHERE id = 3");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE z (id int PRIMARY KEY, d date, dt timestamp)",
        "INSERT INTO z VALUES (1, '2024-02-14', '2024-02-14 10:00:00'), (2, NULL, NULL),"
            + " (4, NULL, NULL)");

    // when
    Cli.Run run = verify(maria, pg, "verify");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("z.d: source 1 NULLs, target 2");
  }

  @Test
  void timesBeyondADayAreRefusedAndNeverVerifiedAsTheirHourModulo24() {
    // given: MariaDB's TIME is a duration of up to 838 hours either way
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE t (id INT PRIMARY KEY, tm TIME)",
        "INSERT INTO t VALUES (1, '10:15:00'), (2, '838:59:59'), (3, '-01:00:00'), (4, NULL)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id int PRIMARY KEY, tm time)");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".t.tm: 2 values are durations outside a day",
        "first keys: 2, 3");
    assertThat(Sql.count(pg, "t")).isZero();

    // and given: the hours taken modulo 24, as the driver reads them
    Sql.exec(pg, "INSERT INTO t VALUES (1, '10:15:00'), (2, '22:59:59'), (3, '23:00:00'),"
        + " (4, NULL)");

    // when
    Cli.Run verified = verify(maria, pg, "verify");

    // then
    assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
  }

  @Test
  void aSetIntoAPostgresArrayIsRefusedBeforeWriting() {
    // given: a SET reads as 'a,b', which is no array literal
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE f (id INT PRIMARY KEY, features SET('Trailers','Commentaries'))",
        "INSERT INTO f VALUES (1, 'Trailers,Commentaries'), (2, ''), (3, NULL)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE f (id int PRIMARY KEY, features text[])");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".f.features: 2 values are not array literals",
        "first keys: 1, 2");
    assertThat(Sql.count(pg, "f")).isZero();
  }

  @Test
  void spatialValuesCopyBetweenMariaDbDatabasesAsTheirBytes() {
    // given
    String schema = "CREATE TABLE g (id INT PRIMARY KEY, shape GEOMETRY, line LINESTRING)";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, schema, "INSERT INTO g VALUES"
        + " (1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('LINESTRING(0 0, 1 1)')),"
        + " (2, ST_GeomFromText('POLYGON((0 0, 0 3, 3 3, 0 0))', 4326), NULL), (3, NULL, NULL)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, schema);

    // when
    Cli.Run run = copy(source, target, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, ST_AsText(shape), ST_SRID(shape), ST_AsText(line)"
        + " FROM g ORDER BY id")).containsExactly("1|POINT(1 2)|0|LINESTRING(0 0,1 1)",
            "2|POLYGON((0 0,0 3,3 3,0 0))|4326|null", "3|null|null|null");
    assertThat(verify(source, target, "verify").exitCode()).isZero();

    // and when a point moves in the target
    Sql.exec(target, "UPDATE g SET shape = ST_GeomFromText('POINT(1 3)') WHERE id = 1");

    // then
    assertThat(verify(source, target, "tampered").exitCode()).isEqualTo(3);
  }

  @Test
  void textHoldingANulCharacterIsRefusedBeforeWritingIntoPostgres() {
    // given: MariaDB text may hold U+0000, PostgreSQL's may not
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE h (id INT PRIMARY KEY, t TEXT, v VARCHAR(20))",
        "INSERT INTO h VALUES (1, CONCAT('a', CHAR(0), 'b'), 'x'),"
            + " (2, CONCAT('tab\t', CHAR(1), ' \\\\ '' \" \u00fc \ud83d\ude00'), 'trail  '),"
            + " (3, NULL, CONCAT(CHAR(0), 'lead'))");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE h (id int PRIMARY KEY, t text, v varchar(20))");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".h.t: 1 value contains the character U+0000",
        "first keys: 1").contains(".h.v: 1 value contains the character U+0000", "first keys: 3");
    assertThat(Sql.count(pg, "h")).isZero();

    // and when the NULs are gone, the rest arrives and is proven
    Sql.exec(maria, "UPDATE h SET t = 'ab' WHERE id = 1", "UPDATE h SET v = 'lead' WHERE id = 3");
    Cli.Run again = copy(maria, pg, "again");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(verify(maria, pg, "verify").exitCode()).isZero();
  }

  @Test
  void charactersBeyondUtf8mb3AreRefusedBeforeWritingIntoSuchAColumn() {
    // given: Sakila's tables are CHARSET=utf8, which MariaDB takes as utf8mb3 (3 bytes a
    // character at most): an emoji fails the INSERT in strict mode, or becomes '?' without it
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE actor (actor_id int PRIMARY KEY, first_name varchar(45),"
        + " last_name text)", "INSERT INTO actor VALUES (1, 'PEN\u00c9LOPE \ud83d\ude00', 'GUINESS'),"
        + " (2, 'NICK', 'WAHLBERG \u20ac'), (3, 'ED', '\ud835\udd4f')");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE actor (actor_id INT PRIMARY KEY, first_name VARCHAR(45),"
        + " last_name TEXT) CHARSET=utf8mb3");

    // when
    Cli.Run run = copy(pg, maria, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("public.actor.first_name: 1 value has characters beyond",
            "first keys: 1")
        .contains("public.actor.last_name: 1 value has characters beyond", "first keys: 3");
    assertThat(Sql.count(maria, "actor")).isZero();

    // and when the column takes them, they arrive and are proven
    Sql.exec(maria, "ALTER TABLE actor CONVERT TO CHARACTER SET utf8mb4");
    Cli.Run again = copy(pg, maria, "again");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(verify(pg, maria, "verify").exitCode()).isZero();
  }

  @Test
  void charactersBeyondUtf8mb3FromAMariaDbSourceAreRefusedBeforeWriting() {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE note (id INT PRIMARY KEY, body TEXT, title VARCHAR(20))"
        + " CHARSET=utf8mb4", "INSERT INTO note VALUES (1, 'caf\u00e9 \u20ac', 'plain'),"
        + " (2, 'smile \ud83d\ude00', 'x'), (3, NULL, '\ud83d\ude00')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE note (id INT PRIMARY KEY, body TEXT, title VARCHAR(20))"
        + " CHARSET=utf8mb3");

    // when
    Cli.Run run = copy(source, target, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".note.body: 1 value has characters beyond", "first keys: 2")
        .contains(".note.title: 1 value has characters beyond", "first keys: 3");
    assertThat(Sql.count(target, "note")).isZero();
  }

  @Test
  void verifyDoesNotTakeAnInvalidDatetimeForAnotherDay() {
    // given: what a load that trusted the driver, or a lenient parser, would have written
    String table = "CREATE TABLE ev (id INT PRIMARY KEY, at DATETIME(6), d DATE)";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'", table,
        "INSERT INTO ev VALUES (1, '2023-04-31 10:00:00', '2024-02-14'),"
            + " (2, '0000-00-00 00:00:00', '2024-02-14'), (3, '2024-02-29 10:00:00', NULL)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, table, "INSERT INTO ev VALUES (1, '2023-04-30 10:00:00', '2024-02-14'),"
        + " (2, NULL, '2024-02-14'), (3, '2024-02-29 10:00:00', NULL)");

    // when
    Cli.Run run = verify(source, target, "verify");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("ev.at: source 0 NULLs, target 1", "changed id=[1]");
  }

  @Test
  void charactersBeyondUtf8mb3FromSqliteAreRefusedBeforeWriting() {
    // given
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO note VALUES (1, 'caf\u00e9 \u20ac'), (2, 'smile \ud83d\ude00'), (3, NULL)");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE note (id INT PRIMARY KEY, body TEXT) CHARSET=utf8mb3");

    // when
    Cli.Run run = copy(sqlite, maria, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("note.body: 1 value has characters beyond", "first keys: 2");
    assertThat(Sql.count(maria, "note")).isZero();
  }

  @Test
  void anEnumsErrorValueIsRefusedBeforeWriting() {
    // given: without a strict SQL mode MariaDB stores an unknown label as '' (index 0)
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "SET SESSION sql_mode = ''",
        "CREATE TABLE film (id INT PRIMARY KEY, rating ENUM('G', 'PG', 'R'))",
        "INSERT INTO film VALUES (1, 'G'), (2, 'X'), (3, NULL), (4, 'R')");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TYPE mpaa AS ENUM ('G', 'PG', 'R')",
        "CREATE TABLE film (id int PRIMARY KEY, rating mpaa)");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".film.rating: 1 value is MariaDB's error value ''",
        "first keys: 2");
    assertThat(Sql.count(pg, "film")).isZero();
  }
}
