package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Computed columns (Pagila's {@code film.length_hours}) are neither copied nor exported, so
 * verify and fingerprint leave them out too: a bundle, which does not carry them, verifies
 * against its database and has the same fingerprint.
 */
class ComputedColumnsIT {

  @TempDir Path dir;

  private static TestDatabase filmDatabase() {
    TestDatabase db = TestDatabases.freshPostgres();
    try (var c = TestDatabases.connect(db); var s = c.createStatement()) {
      s.execute("CREATE TABLE film (film_id int PRIMARY KEY, length smallint,"
          + " length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) STORED)");
      s.execute("INSERT INTO film (film_id, length) VALUES (1, 86), (2, 185), (3, NULL)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return db;
  }

  @Test
  void aBundleVerifiesAgainstItsDatabaseAndHasItsFingerprint() throws Exception {
    // given
    TestDatabase source = filmDatabase();
    Path bundle = dir.resolve("bundle");
    Cli.Result export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("export").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();

    // when
    Cli.Result toBundle = Cli.run("verify", "--from", source.url(), "--to", bundle.toString(),
        "--out", dir.resolve("to").toString());
    Cli.Result fromBundle = Cli.run("verify", "--from", bundle.toString(), "--to", source.url(),
        "--out", dir.resolve("from").toString());
    Cli.Result fromDatabase = Cli.run("fingerprint", source.url(), "--out",
        dir.resolve("db.json").toString());
    Cli.Result ofBundle = Cli.run("fingerprint", bundle.toString(), "--out",
        dir.resolve("bundle.json").toString());

    // then
    assertThat(toBundle.exitCode()).as(toBundle.toString()).isZero();
    assertThat(fromBundle.exitCode()).as(fromBundle.toString()).isZero();
    assertThat(toBundle.out()).contains("public.film.length_hours is computed");
    assertThat(fromDatabase.exitCode()).as(fromDatabase.toString()).isZero();
    assertThat(ofBundle.exitCode()).as(ofBundle.toString()).isZero();
    var db = dev.ferry.json.Json.mapper().readTree(Files.readString(dir.resolve("db.json")));
    var b = dev.ferry.json.Json.mapper().readTree(Files.readString(dir.resolve("bundle.json")));
    assertThat(b.path("tables")).isEqualTo(db.path("tables"));
    assertThat(db.path("tables").toString()).doesNotContain("length_hours");
  }
}
