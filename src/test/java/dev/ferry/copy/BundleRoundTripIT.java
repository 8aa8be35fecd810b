package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bundle.BundleVerifier;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL → bundle → MariaDB → bundle → PostgreSQL keeps every value of every type. */
class BundleRoundTripIT {

  @TempDir Path dir;

  static final String POSTGRES = """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE owner (id int PRIMARY KEY, name text NOT NULL, boss_id int REFERENCES owner (id));
      CREATE TABLE sample (
        id bigint PRIMARY KEY,
        owner_id int NOT NULL REFERENCES owner (id),
        n numeric(38, 10), f double precision, b boolean, t text, v varchar(300), bin bytea,
        d date, tm time(6), ts timestamp(6), tstz timestamptz(6), u uuid, m mood, arr int[]
      );
      """;

  static final String MARIADB = """
      CREATE TABLE owner (id INT PRIMARY KEY, name LONGTEXT NOT NULL, boss_id INT,
        CONSTRAINT owner_boss_fk FOREIGN KEY (boss_id) REFERENCES owner (id));
      CREATE TABLE sample (
        id BIGINT PRIMARY KEY, owner_id INT NOT NULL,
        n DECIMAL(38, 10), f DOUBLE, b BOOLEAN, t LONGTEXT, v VARCHAR(300), bin LONGBLOB,
        d DATE, tm TIME(6), ts DATETIME(6), tstz DATETIME(6), u UUID,
        m ENUM('sad', 'ok', 'happy'), arr LONGTEXT,
        CONSTRAINT sample_owner_fk FOREIGN KEY (owner_id) REFERENCES owner (id))
      """;

  @Test
  void everyTypeSurvivesTheRoundTripThroughBundlesAndMariaDb() throws Exception {
    // given: hostile values, and one multi-megabyte binary
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "SET TIME ZONE 'UTC'", POSTGRES, """
        INSERT INTO owner VALUES (1, 'root', NULL), (2, E'two\\nlines', 1), (3, '', 2);
        INSERT INTO sample VALUES
          (1, 1, 1234567890123456789012345678.0123456789, 1.5, true, '', 'plain', '\\x',
           '2024-02-29', '23:59:59.999999', '2024-01-01 00:00:00.000001',
           '2024-06-30 12:00:00.123456+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'happy',
           '{1,2,NULL}'),
          (2, 2, -0.0000000001, -2.5e-300, false,
           E'tab\\there \\\\ back "q" ''s \\r\\n', 'Robert''); DROP TABLE x;--', '\\x00ff10',
           '1000-01-01', '00:00:00', '1970-01-01 00:00:00', '1999-12-31 23:59:59.5+00', NULL,
           'sad', '{}'),
          (3, 3, NULL, NULL, NULL, NULL, '𝄞 emoji 😀 ünïcödé', NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL);
        """);
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(42).nextBytes(big);
    try (var c = TestDatabases.connect(source);
        var ps = c.prepareStatement("UPDATE sample SET bin = ? WHERE id = 3")) {
      ps.setBytes(1, big);
      ps.executeUpdate();
    }
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, MARIADB.split(";\\s*\n"));
    TestDatabase finalPg = TestDatabases.freshPostgres();
    Sql.exec(finalPg, POSTGRES);

    // when
    Cli.Run export1 = Cli.run("export", "--from", source.url(), "--to",
        dir.resolve("b1").toString(), "--gzip", "--report", dir.resolve("r1").toString());
    Cli.Run import1 = Cli.run("import", "--from", dir.resolve("b1").toString(), "--to",
        maria.url(), "--report", dir.resolve("r2").toString());
    Cli.Run export2 = Cli.run("export", "--from", maria.url(), "--to",
        dir.resolve("b2").toString(), "--report", dir.resolve("r3").toString());
    Cli.Run import2 = Cli.run("import", "--from", dir.resolve("b2").toString(), "--to",
        finalPg.url(), "--report", dir.resolve("r4").toString());

    // then
    for (Cli.Run run : new Cli.Run[] {export1, import1, export2, import2}) {
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
    assertThat(BundleVerifier.verify(dir.resolve("b1")).passed()).isTrue();
    assertThat(BundleVerifier.verify(dir.resolve("b2")).passed()).isTrue();
    assertThat(Files.exists(dir.resolve("b1/manifest.json"))).isTrue();
    for (String table : new String[] {"owner", "sample"}) {
      assertThat(Canonical.rows(finalPg, table)).as(table)
          .isEqualTo(Canonical.rows(source, table));
    }
    assertThat(Canonical.rows(maria, "owner")).isEqualTo(Canonical.rows(source, "owner"));
  }

  @Test
  void exportingTwiceGivesIdenticalBundles() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, POSTGRES, "INSERT INTO owner VALUES (1, 'a', NULL), (2, 'b', 1)");

    Cli.run("export", "--from", source.url(), "--to", dir.resolve("x").toString(), "--report",
        dir.resolve("rx").toString());
    Cli.run("export", "--from", source.url(), "--to", dir.resolve("y").toString(), "--report",
        dir.resolve("ry").toString());

    try (var files = Files.list(dir.resolve("x"))) {
      for (Path file : files.filter(f -> !f.getFileName().toString().equals("run.json"))
          .toList()) {
        assertThat(Files.readAllBytes(dir.resolve("y").resolve(file.getFileName())))
            .as(file.getFileName().toString()).isEqualTo(Files.readAllBytes(file));
      }
    }
  }
}
