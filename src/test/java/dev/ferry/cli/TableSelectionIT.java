package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A selection that names nothing is a typo, not a wish: an {@code --exclude} glob that matches no
 * table would copy the very table it was meant to leave out. Every glob must match, on every
 * command and every kind of source, and the identity table of ferry.yaml must exist; otherwise
 * exit 2, one line naming what matched nothing and the nearest names, nothing written.
 */
class TableSelectionIT {

  private static final String SCHEMA = """
      CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);
      CREATE TABLE audit_log (id INTEGER NOT NULL PRIMARY KEY, actor_id INTEGER,
        CONSTRAINT audit_actor_fk FOREIGN KEY (actor_id) REFERENCES app_user (id));
      CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, buyer_id INTEGER NOT NULL,
        CONSTRAINT orders_buyer_fk FOREIGN KEY (buyer_id) REFERENCES app_user (id));
      INSERT INTO app_user VALUES (1, 'ann@example.com');
      INSERT INTO audit_log VALUES (7, 1);
      INSERT INTO orders VALUES (3, 1)
      """;

  @TempDir Path dir;

  @Test
  void aTypoedExcludeRefusesTheCopyInsteadOfCopyingTheTable() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, SCHEMA);
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, SCHEMA.substring(0, SCHEMA.indexOf("INSERT")));

    // when
    Cli.Result result = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--exclude", "audti_*", "--report", dir.resolve("run").toString());

    // then
    assertRefused(result, "--exclude 'audti_*' matches no table", "audit_log");
    assertThat(tables(target)).containsExactlyInAnyOrder("app_user", "audit_log", "orders");
    assertThat(rows(target, "audit_log")).isZero();
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void everyCommandRefusesAGlobThatMatchesNothing() throws Exception {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, SCHEMA);
    TestDatabase mdb = TestDatabases.freshMariaDb();
    SqlScripts.execute(mdb, SCHEMA);
    Cli.Result export = Cli.run("export", "--from", pg.url(), "--to", out("bundle"));
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match:
            - column: email
        """);

    // when
    List<Cli.Result> refused = new ArrayList<>();
    refused.add(Cli.run("inspect", pg.url(), "--include", "ordrs", "--out", out("x")));
    refused.add(Cli.run("inspect", mdb.url(), "--exclude", "audit_log,adit_*", "--out",
        out("x")));
    refused.add(Cli.run("fingerprint", mdb.url(), "--include", "orders,ordres", "--out",
        out("x/fp.json")));
    refused.add(Cli.run("verify", "--from", pg.url(), "--to", mdb.url(), "--exclude",
        "public.audt_log", "--out", out("x")));
    refused.add(Cli.run("copy", "--from", out("bundle"), "--to", mdb.url(), "--include",
        "ordrs", "--report", out("x")));
    Cli.Result noSuchSchema = Cli.run("fingerprint", out("bundle"), "--schema", "pubic",
        "--out", out("x/fp.json"));
    Cli.Result bundleSchema = Cli.run("copy", "--from", out("bundle"), "--to", mdb.url(),
        "--schema", "pubic", "--report", out("x"));
    refused.add(Cli.run("script", "inserts", "--from", pg.url(), "--dialect", "postgres",
        "--exclude", "ordrs", "--out", out("x")));
    refused.add(Cli.run("--config", config.toString(), "users", "map", "--from", pg.url(),
        "--to", mdb.url(), "--exclude", "audt_log", "--out", out("x/user-map.csv")));

    // then
    for (Cli.Result result : refused) {
      assertRefused(result, "matches no table", "nearest");
    }
    assertThat(refused.get(0).err()).contains("--include 'ordrs'", "orders");
    assertThat(refused.get(1).err()).contains("--exclude 'adit_*'", "audit_log");
    assertThat(refused.get(4).err()).contains("--include 'ordrs'", "bundle");
    for (Cli.Result result : List.of(noSuchSchema, bundleSchema)) {
      assertRefused(result, "schema 'pubic' not found in bundle", "it has: public");
    }
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void anUnknownIdentityTableIsBlamedOnFerryYamlNotOnInclude() throws Exception {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, SCHEMA);
    TestDatabase mdb = TestDatabases.freshMariaDb();
    SqlScripts.execute(mdb, SCHEMA);
    SqlScripts.execute(mdb, "RENAME TABLE app_user TO app_users");
    Path typo = Files.writeString(dir.resolve("typo.yaml"), """
        environments:
          qa: {url: '%s'}
        identity:
          table: app_usr
          key: id
        """.formatted(pg.url()));
    Path targetLacks = Files.writeString(dir.resolve("target.yaml"), """
        identity:
          table: app_user
          key: id
        """);

    // when
    Cli.Result inSource = Cli.run("--config", typo.toString(), "users", "map", "--from", "qa",
        "--to", mdb.url(), "--out", out("x/user-map.csv"));
    Cli.Result includeGiven = Cli.run("--config", typo.toString(), "users", "map", "--from",
        "qa", "--to", mdb.url(), "--include", "orders", "--out", out("x/user-map.csv"));
    Cli.Result inTarget = Cli.run("--config", targetLacks.toString(), "users", "map", "--from",
        pg.url(), "--to", mdb.url(), "--out", out("x/user-map.csv"));

    // then
    for (Cli.Result result : List.of(inSource, includeGiven)) {
      assertRefused(result, "identity table 'app_usr' (identity.table, " + typo + ":4) does not"
          + " exist in the source", "app_user");
      assertThat(result.err()).doesNotContain("--include");
    }
    assertRefused(inTarget, "identity table 'app_user' (identity.table, " + targetLacks
        + ":2) does not exist in the target", "app_users");
    assertThat(inTarget.err()).doesNotContain("--include");
  }

  @Test
  void aSoftReferenceToATableThatDoesNotExistIsRefusedNotSkipped() throws Exception {
    // given: a soft reference whose table is misspelt, and one left out by --exclude
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, SCHEMA);
    TestDatabase mdb = TestDatabases.freshMariaDb();
    SqlScripts.execute(mdb, SCHEMA);
    Path typo = Files.writeString(dir.resolve("typo.yaml"), """
        identity:
          table: app_user
          key: id
          match: [{column: email}]
          soft-references:
            - audt_log.actor_id
        """);
    Path left = Files.writeString(dir.resolve("left.yaml"), """
        identity:
          table: app_user
          key: id
          match: [{column: email}]
          soft-references:
            - audit_log.actor_id
        """);

    // when
    Cli.Result misspelt = Cli.run("--config", typo.toString(), "users", "map", "--from",
        pg.url(), "--to", mdb.url(), "--out", out("x/user-map.csv"));
    Cli.Result excluded = Cli.run("--config", left.toString(), "users", "map", "--from",
        pg.url(), "--to", mdb.url(), "--exclude", "audit_log", "--out", out("y/user-map.csv"));

    // then
    assertRefused(misspelt, "soft reference 'audt_log.actor_id' (identity.soft-references, "
        + typo + ":5) names no table of the source", "nearest: audit_log");
    assertThat(excluded.exitCode()).as(excluded.toString()).isZero();
  }

  private String out(String name) {
    return dir.resolve(name).toString();
  }

  private static void assertRefused(Cli.Result result, String... expected) {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).as(result.toString()).contains(expected)
        .doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
  }

  private static List<String> tables(TestDatabase db) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = TestDatabases.connect(db);
        ResultSet rs = c.getMetaData().getTables(db.name(), null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  private static long rows(TestDatabase db, String table) throws SQLException {
    try (Connection c = TestDatabases.connect(db);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
