package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where declared types do not prove that values fit, preflight measures them on the source:
 * it accepts when every value fits, and otherwise refuses before the first write (exit 4,
 * nothing written, not even ferry's state tables), naming table, column, count and first keys.
 */
class ValueFitPreflightIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve(name).toString());
  }

  private Cli.Run verify(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("verify", "--from", from.url(), "--to", to.url(), "--out",
        dir.resolve(name).toString());
  }

  private static void assertNothingWritten(TestDatabase maria, String table) {
    assertThat(Sql.count(maria, table)).isZero();
    assertThat(Sql.rows(maria, "SELECT COUNT(*) FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND table_name LIKE 'ferry%'")).containsExactly("0");
  }

  @Test
  void nanAndInfinityIntoMariaDbAreRefusedBeforeTheFirstWrite() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE m (id int PRIMARY KEY, x float8, y float4, n numeric)",
        "INSERT INTO m SELECT g, g * 0.5, g, g FROM generate_series(1, 2000) g",
        "UPDATE m SET x = 'NaN' WHERE id = 1500", "UPDATE m SET x = '-Infinity' WHERE id = 7",
        "UPDATE m SET y = 'Infinity' WHERE id = 3", "UPDATE m SET n = 'NaN' WHERE id = 9");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE m (id INT PRIMARY KEY, x DOUBLE, y FLOAT, n DECIMAL(20, 2))");

    // when
    Cli.Run run = copy(pg, maria, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("public.m.x: 2 values are -Infinity or Infinity or NaN, which mariadb cannot"
            + " store; first keys: 7, 1500")
        .contains("public.m.y: 1 value is -Infinity or Infinity or NaN", "first keys: 3")
        .contains("public.m.n: 1 value is -Infinity or Infinity or NaN", "first keys: 9");
    assertNothingWritten(maria, "m");
  }

  @Test
  void infiniteDatesIntoMariaDbAreRefusedBeforeTheFirstWrite() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE e (id int PRIMARY KEY, d date, ts timestamptz)",
        "INSERT INTO e VALUES (1, '2024-02-14', '2024-02-14 10:00+00'),"
            + " (2, 'infinity', '-infinity'), (3, '-infinity', NULL)");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE e (id INT PRIMARY KEY, d DATE, ts DATETIME)");

    // when
    Cli.Run run = copy(pg, maria, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("public.e.d: 2 values are infinity or -infinity, which mariadb cannot store;"
            + " first keys: 2, 3")
        .contains("public.e.ts: 1 value is infinity or -infinity", "first keys: 2");
    assertNothingWritten(maria, "e");
  }

  @Test
  void textThatIsNotAUuidIsRefusedBeforeItReachesAUuidColumn() {
    // given
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE u (id INT PRIMARY KEY, v VARCHAR(40))",
        "INSERT INTO u VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),"
            + " (2, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'), (3, 'not a uuid'), (4, NULL)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE u (id int PRIMARY KEY, v uuid)");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(
        ".u.v: 2 values are not UUIDs (8-4-4-4-12 hex digits); first keys: 2, 3");
    assertThat(Sql.count(pg, "u")).isZero();
  }

  @Test
  void enumIntoVarcharIsMeasuredNotTakenForUnboundedText() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TYPE mood AS ENUM ('sad', 'happy', 'ecstatic')",
        "CREATE TABLE p (id int PRIMARY KEY, m mood)",
        "INSERT INTO p VALUES (1, 'sad'), (2, 'happy'), (3, NULL)");
    TestDatabase fits = TestDatabases.freshMariaDb();
    Sql.exec(fits, "CREATE TABLE p (id INT PRIMARY KEY, m VARCHAR(5))");
    TestDatabase tooShort = TestDatabases.freshMariaDb();
    Sql.exec(tooShort, "CREATE TABLE p (id INT PRIMARY KEY, m VARCHAR(4))");

    // when
    Cli.Run accepted = copy(pg, fits, "fits");
    Cli.Run verified = verify(pg, fits, "verify");
    Cli.Run refused = copy(pg, tooShort, "short");

    // then
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("public.p.m: 1 value is longer than 4 characters"
        + " (the longest: 5); first keys: 2");
    assertNothingWritten(tooShort, "p");
  }

  @Test
  void smallintIntoTinyintUnsignedIsAcceptedWhenEveryValueFits() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE s (id int PRIMARY KEY, v int2)",
        "INSERT INTO s VALUES (1, 0), (2, 255), (3, NULL)");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE s (id INT PRIMARY KEY, v TINYINT UNSIGNED)");
    TestDatabase pgOut = TestDatabases.freshPostgres();
    Sql.exec(pgOut, "CREATE TABLE s (id int PRIMARY KEY, v int2)",
        "INSERT INTO s VALUES (1, 0), (2, 256), (3, -1), (4, 5)");
    TestDatabase maria2 = TestDatabases.freshMariaDb();
    Sql.exec(maria2, "CREATE TABLE s (id INT PRIMARY KEY, v TINYINT UNSIGNED)");

    // when
    Cli.Run accepted = copy(pg, maria, "fits");
    Cli.Run verified = verify(pg, maria, "verify");
    Cli.Run refused = copy(pgOut, maria2, "out");

    // then
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("public.s.v: 2 values lie outside 0..255; first keys: 2, 3");
    assertNothingWritten(maria2, "s");
  }

  @Test
  void textIntoMariaDbTextIsMeasuredInBytes() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE d (id int PRIMARY KEY, body text)",
        "INSERT INTO d VALUES (1, 'short'), (2, repeat('x', 65535)), (3, NULL)");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE d (id INT PRIMARY KEY, body TEXT)");
    // 40,000 characters, 80,000 bytes: too long for TEXT, which counts bytes
    TestDatabase pgLong = TestDatabases.freshPostgres();
    Sql.exec(pgLong, "CREATE TABLE d (id int PRIMARY KEY, body text)",
        "INSERT INTO d VALUES (1, 'short'), (2, repeat('é', 40000))");
    TestDatabase maria2 = TestDatabases.freshMariaDb();
    Sql.exec(maria2, "CREATE TABLE d (id INT PRIMARY KEY, body TEXT)");

    // when
    Cli.Run accepted = copy(pg, maria, "fits");
    Cli.Run verified = verify(pg, maria, "verify");
    Cli.Run refused = copy(pgLong, maria2, "long");

    // then
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("public.d.body: 1 value is longer than 65535 bytes"
        + " (the longest: 80000); first keys: 2");
    assertNothingWritten(maria2, "d");
  }

  @Test
  void narrowerNumericIsAcceptedWhenEveryValueFitsAndSqliteIntegersAreMeasured() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE n (id int PRIMARY KEY, a numeric(12, 4), b numeric(12, 4))",
        "INSERT INTO n VALUES (1, 12345678.5, 1.25), (2, -0.01, 1.125)");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE n (id INT PRIMARY KEY, a DECIMAL(10, 2), b DECIMAL(10, 2))");
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE i (id INTEGER PRIMARY KEY, v INTEGER)",
        "INSERT INTO i VALUES (1, 5), (2, 1099511627776)");
    TestDatabase pgInt = TestDatabases.freshPostgres();
    Sql.exec(pgInt, "CREATE TABLE i (id bigint PRIMARY KEY, v int4)");

    // when
    Cli.Run numeric = copy(pg, maria, "numeric");
    Cli.Run integers = copy(sqlite, pgInt, "integers");

    // then
    assertThat(numeric.exitCode()).as(numeric.toString()).isEqualTo(4);
    assertThat(numeric.err()).doesNotContain("public.n.a")
        .contains("public.n.b: 1 value has more than 2 digits after the point; first keys: 2");
    assertThat(integers.exitCode()).as(integers.toString()).isEqualTo(4);
    assertThat(integers.err()).contains(
        "i.v: 1 value lies outside -2147483648..2147483647; first keys: 2");
    assertNothingWritten(maria, "n");
  }
}
