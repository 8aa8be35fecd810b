package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source column that may hold NULL going into a NOT NULL one is judged by its values, as
 * lengths and ranges are: legacy schemas declare loosely (SQLite's Sakila leaves last_update
 * nullable, the PostgreSQL one does not), so only NULLs actually there refuse the copy.
 */
class NullableIntoNotNullIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve(name).toString());
  }

  @Test
  void aNullableSqliteColumnWithoutNullsLoadsIntoANotNullOne() {
    // given
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE country (country_id INTEGER PRIMARY KEY, country TEXT,"
        + " last_update TIMESTAMP)", "INSERT INTO country VALUES (1, 'Afghanistan',"
        + " '2006-02-15 04:44:00'), (2, 'Algeria', '2006-02-15 04:44:00')");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE country (country_id int PRIMARY KEY, country text NOT NULL,"
        + " last_update timestamp NOT NULL DEFAULT now())");

    // when
    Cli.Run run = copy(sqlite, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.count(pg, "country")).isEqualTo(2);
  }

  @Test
  void nullsThereAreRefusedBeforeWritingWithTheirKeys() {
    // given
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE payment (id INT PRIMARY KEY, last_update TIMESTAMP NULL)",
        "INSERT INTO payment VALUES (1, '2006-02-15 22:12:30'), (2, NULL),"
            + " (3, '2006-02-15 22:12:31'), (4, NULL)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE payment (id int PRIMARY KEY, last_update timestamp NOT NULL)");

    // when
    Cli.Run run = copy(maria, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(".payment.last_update: 2 values are NULL, but public.payment.last_update is NOT NULL; first keys: 2, 4");
    assertThat(Sql.count(pg, "payment")).isZero();
    assertThat(Sql.rows(pg, "SELECT to_regclass('ferry.run') IS NULL")).containsExactly("t");
  }
}
