package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialects;
import dev.ferry.rows.ValueKind;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's declared types and storage classes: values travel as the kind their declared type
 * gives (by SQLite's affinity rules), a value stored in another class is refused before the
 * first write with its location, and verify tells bytes from text.
 */
class SqliteTypesIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve(name).toString());
  }

  private Cli.Run verify(TestDatabase from, TestDatabase to, String name) {
    return Cli.run("verify", "--from", from.url(), "--to", to.url(), "--out",
        dir.resolve(name).toString());
  }

  @Test
  void blobArrivesAsTheSameBytesAndVerifyTellsBytesFromText() {
    // given
    String ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, x)";
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, ddl, "INSERT INTO t VALUES (1, X'00FF10C3', X'01FE')",
        "INSERT INTO t VALUES (2, X'', 42)", "INSERT INTO t VALUES (3, NULL, 'text')",
        "INSERT INTO t VALUES (4, X'41', 2.5)");
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, ddl);

    // when
    Cli.Run copied = copy(source, target, "copy");
    Cli.Run verified = verify(source, target, "verify");
    List<String> arrived = Sql.rows(target, "SELECT id, typeof(b), hex(b), typeof(x), quote(x)"
        + " FROM t ORDER BY id");
    // the bytes replaced by their hex digits as text: '41' where the byte 0x41 was
    Sql.exec(target, "UPDATE t SET b = lower(hex(b)) WHERE id = 4");
    Cli.Run tampered = verify(source, target, "tampered");

    // then
    assertThat(copied.exitCode()).as(copied.toString()).isZero();
    assertThat(arrived).containsExactly("1|blob|00FF10C3|blob|X'01FE'", "2|blob||integer|42",
            "3|null||text|'text'", "4|blob|41|real|2.5");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(3);
    assertThat(tampered.out()).contains("checksum");
  }

  @Test
  void postgresByteaArrivesInSqliteBlobAndSqliteDatesInPostgresDates() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id integer PRIMARY KEY, b bytea, d date, ts timestamp,"
        + " n numeric(10, 2), ok boolean)",
        "INSERT INTO t VALUES (1, '\\x00ff10c3', '2024-02-14', '2024-02-14 10:11:12.123456',"
            + " 12.50, true), (2, NULL, NULL, NULL, NULL, NULL)");
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, d DATE, ts DATETIME,"
        + " n DECIMAL(10, 2), ok BOOLEAN)");
    TestDatabase back = TestDatabases.freshPostgres();
    Sql.exec(back, "CREATE TABLE t (id integer PRIMARY KEY, b bytea, d date, ts timestamp,"
        + " n numeric(10, 2), ok boolean)");

    // when
    Cli.Run there = copy(pg, sqlite, "there");
    Cli.Run home = copy(sqlite, back, "home");
    Cli.Run verifyThere = verify(pg, sqlite, "verify-there");
    Cli.Run verifyHome = verify(sqlite, back, "verify-home");

    // then
    assertThat(there.exitCode()).as(there.toString()).isZero();
    assertThat(Sql.rows(sqlite, "SELECT typeof(b), hex(b), d, ts, n, ok FROM t WHERE id = 1"))
        .containsExactly("blob|00FF10C3|2024-02-14|2024-02-14 10:11:12.123456|12.5|1");
    assertThat(home.exitCode()).as(home.toString()).isZero();
    assertThat(Sql.rows(back, "SELECT encode(b, 'hex'), d, ts, n, ok FROM t ORDER BY id"))
        .containsExactly("00ff10c3|2024-02-14|2024-02-14 10:11:12.123456|12.50|t",
            "null|null|null|null|null");
    assertThat(verifyThere.exitCode()).as(verifyThere.toString()).isZero();
    assertThat(verifyHome.exitCode()).as(verifyHome.toString()).isZero();
  }

  @Test
  void declaredTypesFollowAffinityAndTheRowidIsNotNull() throws Exception {
    // given
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, d DATE, ts DATETIME,"
        + " r REAL, n NUMERIC, v VARCHAR(10), x, ok BOOLEAN, i2 TINYINT, vb VARBINARY(30),"
        + " pb BYTEA)",
        "CREATE TABLE k (code TEXT PRIMARY KEY, n INT NOT NULL)",
        "CREATE TABLE w (code TEXT PRIMARY KEY) WITHOUT ROWID");

    // when
    Catalog catalog;
    try (Connection c = TestDatabases.connect(sqlite)) {
      catalog = new CatalogReader(c, Dialects.forUrl(sqlite.url()))
          .read(List.of(), TableFilter.all());
    }

    // then
    List<Column> t = catalog.tables().stream().filter(x -> x.name().name().equals("t"))
        .findFirst().orElseThrow().columns();
    assertThat(t).extracting(c -> c.name() + ":" + ValueKind.of(c) + ":" + c.nullable())
        .containsExactly("id:INTEGER:false", "b:BINARY:true", "d:DATE:true", "ts:TIMESTAMP:true",
            "r:FLOAT:true", "n:DECIMAL:true", "v:TEXT:true", "x:OTHER:true", "ok:BOOLEAN:true",
            "i2:INTEGER:true", "vb:BINARY:true", "pb:BINARY:true");
    assertThat(catalog.tables()).filteredOn(x -> !x.name().name().equals("t"))
        .flatExtracting(x -> x.columns().stream()
            .map(c -> x.name().name() + "." + c.name() + ":" + c.nullable()).toList())
        .containsExactlyInAnyOrder("k.code:true", "k.n:false", "w.code:false");
  }

  @Test
  void integerPrimaryKeyGoesIntoNotNullKey() {
    // given
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id bigint PRIMARY KEY, name text)");

    // when
    Cli.Run run = copy(sqlite, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.count(pg, "t")).isEqualTo(2);
  }

  @Test
  void valueStoredInAnotherClassIsRefusedBeforeWritingWithItsLocation() {
    // given
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, d DATE, n INTEGER)",
        "INSERT INTO t VALUES (1, X'00', '2024-02-14', 1)",
        "INSERT INTO t VALUES (2, 'not bytes', '2024-02-30', 2)",
        "INSERT INTO t VALUES (3, X'01', 20240214, 'three')",
        "INSERT INTO t VALUES (4, 'more text', '2024-02-14 10:00', 4.5)",
        "INSERT INTO t VALUES (5, X'02', '2024-02-29', 5.0)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id integer PRIMARY KEY, b bytea, d date, n bigint)");

    // when
    Cli.Run run = copy(sqlite, pg, "copy");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("t.b: 2 values are not stored as blobs", "first keys: 2, 4")
        .contains("t.d: 3 values are not stored as dates as text yyyy-MM-dd", "first keys: 2, 3, 4")
        // 4.5 stays a real in an INTEGER column (5.0 becomes the integer 5: SQLite's affinity)
        .contains("t.n: 2 values are not stored as integers", "first keys: 3, 4");
    assertThat(Sql.count(pg, "t")).isZero();
    assertThat(Sql.rows(pg, "SELECT count(*) FROM pg_namespace WHERE nspname = 'ferry'"))
        .containsExactly("0");
  }

  @Test
  void textInANumericColumnIsRefusedForItsStorageOnlyNotAsDigitsItDoesNotHave() {
    // given: a NUMERIC column holding a text and a blob beside numbers that fit numeric(10,2)
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Sql.exec(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, m NUMERIC)",
        "INSERT INTO t VALUES (1, 1.5), (2, 'x'), (3, X'FF'), (4, 12)");
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE t (id integer PRIMARY KEY, m numeric(10,2))");

    // when
    Cli.Run run = copy(sqlite, pg, "numeric");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("t.m: 2 values are not stored as numbers", "first keys: 2, 3")
        .doesNotContain("digits after the point");
    assertThat(Sql.count(pg, "t")).isZero();
  }
}
