package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Fingerprint;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same data gives the same fingerprint on PostgreSQL, MariaDB and SQLite and in a bundle:
 * row counts, checksums, NULLs, distinct counts, min and max, table by table and column by column.
 */
class FingerprintIT {

  static final String SQLITE = """
      CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL,
        email VARCHAR(200), note TEXT, balance DECIMAL(12, 2), joined DATE, active BOOLEAN);
      CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL
        REFERENCES customer (id), placed TIMESTAMP, total DECIMAL(12, 2), ratio DOUBLE);
      CREATE TABLE tag (label VARCHAR(50), weight INT)
      """;

  @TempDir Path dir;

  @Test
  void sameDataGivesTheSameFingerprintOnEveryEngine() throws IOException {
    // given: PostgreSQL and MariaDB filled by SQL, SQLite and a bundle by ferry copies
    TestDatabase postgres = Shop.filled("postgres");
    TestDatabase maria = Shop.filled("mariadb");
    TestDatabase sqlite = TestDatabases.freshSqlite();
    Db.script(sqlite, SQLITE);
    assertThat(Cli.run("copy", "--from", postgres.url(), "--to", sqlite.url(), "--report",
        dir.resolve("copy").toString()).exitCode()).isZero();
    Path bundle = dir.resolve("bundle");
    assertThat(Cli.run("export", "--from", maria.url(), "--to", bundle.toString(), "--report",
        dir.resolve("export").toString()).exitCode()).isZero();

    // when
    Fingerprint pg = fingerprint(postgres.url(), "pg.json");
    Fingerprint mdb = fingerprint(maria.url(), "mdb.json");
    Fingerprint lite = fingerprint(sqlite.url(), "sqlite.json");
    Fingerprint files = fingerprint(bundle.toString(), "bundle.json");

    // then
    assertThat(pg.engine()).isEqualTo("postgres");
    assertThat(lite.engine()).isEqualTo("sqlite");
    for (Fingerprint other : List.of(mdb, lite, files)) {
      assertThat(other.tables()).hasSameSizeAs(pg.tables());
      for (int i = 0; i < pg.tables().size(); i++) {
        Fingerprint.TableFingerprint expected = pg.tables().get(i);
        Fingerprint.TableFingerprint actual = other.tables().get(i);
        String table = other.engine() + " " + actual.table();
        assertThat(actual.rows()).as(table).isEqualTo(expected.rows());
        for (int c = 0; c < expected.columns().size(); c++) {
          Fingerprint.ColumnFingerprint e = expected.columns().get(c);
          Fingerprint.ColumnFingerprint a = actual.columns().get(c);
          assertThat(a).as(table + "." + e.name())
              .usingRecursiveComparison().ignoringFields("kind").isEqualTo(e);
        }
        assertThat(actual.checksum()).as(table).isEqualTo(expected.checksum());
      }
    }
    Fingerprint.ColumnFingerprint note = pg.tables().get(0).columns().stream()
        .filter(c -> c.name().equals("note")).findFirst().orElseThrow();
    assertThat(note.nulls()).isEqualTo(Shop.CUSTOMERS / 5);
    assertThat(note.distinct().count()).isEqualTo(Shop.CUSTOMERS - Shop.CUSTOMERS / 5);
    assertThat(note.distinct().exact()).isTrue();
    Fingerprint.ColumnFingerprint balance = pg.tables().get(0).columns().stream()
        .filter(c -> c.name().equals("balance")).findFirst().orElseThrow();
    assertThat(balance.min()).isEqualTo("1.25");
    assertThat(balance.max()).isEqualTo("250");
  }

  @Test
  void beyondTheExactLimitTheDistinctCountIsAnEstimateWithItsError() throws IOException {
    // given
    TestDatabase postgres = Shop.filled("postgres");

    // when
    Fingerprint fp = Json.mapper().readValue(Files.readString(fingerprintRun(postgres.url(),
        "fp.json", "--exact-distinct", "100")), Fingerprint.class);

    // then
    Fingerprint.ColumnFingerprint id = fp.tables().stream()
        .filter(t -> t.table().endsWith("orders")).findFirst().orElseThrow().columns().stream()
        .filter(c -> c.name().equals("id")).findFirst().orElseThrow();
    assertThat(id.distinct().exact()).isFalse();
    assertThat(id.distinct().standardError()).isEqualTo(1.04 / 128);
    assertThat((double) id.distinct().count()).isCloseTo(Shop.ORDERS,
        org.assertj.core.data.Offset.offset(Shop.ORDERS * 0.05));
  }

  private Fingerprint fingerprint(String endpoint, String file) throws IOException {
    return Json.mapper().readValue(Files.readString(fingerprintRun(endpoint, file)),
        Fingerprint.class);
  }

  private Path fingerprintRun(String endpoint, String file, String... extra) {
    Path out = dir.resolve(file);
    String[] args = new String[4 + extra.length];
    args[0] = "fingerprint";
    args[1] = endpoint;
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    Cli.Result run = Cli.run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Fingerprint of ");
    return out;
  }
}
