package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB's text protocol prints a FLOAT with six significant digits: read that way, a copy
 * writes another number and verify, reading both sides the same way, calls them equal. Values
 * are read exactly, and a TIME beyond a day (MariaDB's TIME is a duration up to 838 hours) is
 * refused before writing instead of wrapping into the day.
 */
class MariaDbReadPrecisionIT {

  @TempDir Path dir;

  @Test
  void floatsCopyToPostgresBitForBitAndATamperedOneFailsVerify() {
    // given: floats whose six-digit text is another float
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE f (id INT PRIMARY KEY, r FLOAT, d DOUBLE)",
        "INSERT INTO f VALUES (1, 1234567, 1234567), (2, 0.1, 0.1), (3, 16777215, 16777215),"
            + " (4, 3.4028234e38, 1.7976931348623157e308), (5, 1.17549435e-38, 4.9e-324),"
            + " (6, -0.33333334, -0.3333333333333333), (7, NULL, NULL)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE f (id int PRIMARY KEY, r real, d double precision)");

    // when
    Cli.Run copy = Cli.run("copy", "--from", maria.url(), "--to", pg.url(), "--report",
        dir.resolve("copy").toString());

    // then: the float bits PostgreSQL holds are MariaDB's, widened or not
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(Sql.rows(pg, "SELECT id, r::float8 FROM f ORDER BY id")).containsExactly(
        "1|1234567", "2|0.10000000149011612", "3|16777215", "4|3.4028234663852886e+38",
        "5|1.1754943508222875e-38", "6|-0.3333333432674408", "7|null");
    assertThat(Sql.rows(pg, "SELECT d FROM f WHERE id IN (4, 5) ORDER BY id")).containsExactly(
        "1.7976931348623157e+308", "5e-324");
    Cli.Run verify = Cli.run("verify", "--from", maria.url(), "--to", pg.url(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();

    // when: one float moves by one unit in the last place, which six digits cannot show
    Sql.exec(pg, "UPDATE f SET r = 1234568 WHERE id = 1");
    Cli.Run tampered = Cli.run("verify", "--from", maria.url(), "--to", pg.url(), "--out",
        dir.resolve("tampered").toString());

    // then
    assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(3);
  }

  @Test
  void floatsCopyMariaDbToMariaDbExactly() {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE f (id INT PRIMARY KEY, r FLOAT)",
        "INSERT INTO f VALUES (1, 1234567), (2, 16777215), (3, 0.1)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE f (id INT PRIMARY KEY, r FLOAT)");

    // when
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("copy").toString());

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, CAST(r AS DOUBLE) FROM f ORDER BY id"))
        .containsExactly("1|1234567", "2|16777215", "3|0.10000000149011612");
  }

  @Test
  void aTimeBeyondADayIsRefusedBeforeWritingNotWrappedIntoTheDay() {
    // given
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE t (id INT PRIMARY KEY, spent TIME)",
        "INSERT INTO t VALUES (1, '10:00:00'), (2, '25:30:00'), (3, '-01:00:00')");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id int PRIMARY KEY, spent time)");

    // when
    Cli.Run copy = Cli.run("copy", "--from", maria.url(), "--to", pg.url(), "--report",
        dir.resolve("copy").toString());

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(4);
    assertThat(copy.err()).contains("t.spent", "2 values", "first keys: 2, 3");
    assertThat(Sql.count(pg, "t")).isZero();
  }
}
