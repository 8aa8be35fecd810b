package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --create-schema}: from an empty target database to a proven copy in one command
 * (MariaDB → PostgreSQL as a table owner that is no superuser, PostgreSQL → MariaDB, SQLite →
 * PostgreSQL), foreign keys, secondary indexes and identities in place after it, refusals before anything is
 * written, and a resume after the tables were created.
 */
class CreateSchemaIT {

  /** A NOT NULL foreign-key cycle, a self-reference, an enum, binary and unsigned keys. */
  static final String MARIADB_CYCLE = """
      CREATE TABLE dept (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, head_id INT UNSIGNED NOT NULL,
        parent_id INT UNSIGNED, kind ENUM('a','b c') NOT NULL DEFAULT 'a', logo VARBINARY(16),
        CONSTRAINT dept_parent FOREIGN KEY (parent_id) REFERENCES dept (id));
      CREATE TABLE emp (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
        dept_id INT UNSIGNED NOT NULL, CONSTRAINT emp_dept FOREIGN KEY (dept_id) REFERENCES dept (id));
      ALTER TABLE dept ADD CONSTRAINT dept_head FOREIGN KEY (head_id) REFERENCES emp (id);
      SET FOREIGN_KEY_CHECKS = 0;
      INSERT INTO dept VALUES (1, 1, NULL, 'b c', X'00FF10'), (2, 2, 1, 'a', NULL);
      INSERT INTO emp VALUES (1, 1), (2, 2);
      SET FOREIGN_KEY_CHECKS = 1;
      """;

  @TempDir Path dir;

  @Test
  void mariaDbToPostgresAsATableOwnerEndsInAProvenCopyWithKeysAndIdentities() throws Exception {
    for (String script : List.of(SchemaDdlIT.MARIADB_QUIRKY + SchemaDdlIT.MARIADB_ROWS
        + MARIADB_CYCLE, SchemaDdlIT.chinookMariaDb())) {
      TestDatabase source = TestDatabases.freshMariaDb();
      SqlScripts.execute(source, script);
      TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

      copyAndVerify(source, target);

      assertSameKeys(source, target);
    }
    // identities are past the data: a row without an id gets the next one
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, SchemaDdlIT.MARIADB_QUIRKY + SchemaDdlIT.MARIADB_ROWS);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    copyAndVerify(source, target);
    assertThat(query(target, "INSERT INTO \"se`lect\" (tu, price, name, code, seen) VALUES"
        + " (1, 1, 'n', 'c', now()) RETURNING id")).isEqualTo("3");
  }

  @Test
  void postgresToMariaDbAndSqliteToPostgres() throws Exception {
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.load(pg, Path.of(CreateSchemaIT.class
        .getResource("/datasets/chinook/Chinook_PostgreSql.sql").toURI()));
    TestDatabase mariadb = TestDatabases.freshMariaDb();
    copyAndVerify(pg, mariadb);
    assertSameKeys(pg, mariadb);

    TestDatabase sqlite = TestDatabases.freshSqlite();
    SqlScripts.load(sqlite, Path.of(CreateSchemaIT.class
        .getResource("/datasets/chinook/Chinook_Sqlite.sql").toURI()));
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    copyAndVerify(sqlite, target);
    assertSameKeys(sqlite, target);
    assertThat(query(target, "SELECT count(*) FROM \"Track\"")).isEqualTo("3503");
  }

  @Test
  void aTargetHoldingOneOfTheTablesIsRefusedBeforeAnythingIsWritten() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB_CYCLE);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    SqlScripts.execute(target, "CREATE TABLE emp (id bigint PRIMARY KEY, dept_id bigint)");

    Cli.Result refused = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("refused").toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("already holds 1 of the 2 tables (emp)",
        "--create-schema=reuse");
    assertThat(tables(target)).containsExactly("emp");

    // reuse keeps a table that matches, and creates the rest
    Cli.Result reused = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema=reuse", "--report", dir.resolve("reused").toString());
    assertThat(reused.exitCode()).as(reused.toString()).isZero();
    assertThat(tables(target)).containsExactlyInAnyOrder("dept", "emp");
  }

  @Test
  void aTableThatDoesNotMatchIsRefusedWithItsDifferences() {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB_CYCLE);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    SqlScripts.execute(target, "CREATE TABLE emp (id bigint PRIMARY KEY, boss text NOT NULL)");

    Cli.Result refused = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema=reuse", "--report", dir.resolve("refused").toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("does not match", "column dept_id is missing",
        "column boss is not in the source");
  }

  @Test
  void aLoginWithoutCreateOnTheSchemaIsRefusedWithTheGrant() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB_CYCLE);
    TestDatabase admin = TestDatabases.freshPostgres();
    String role = TestDatabases.createPostgresLogin(admin, "pw");
    SqlScripts.execute(admin, "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
        + " GRANT CREATE ON DATABASE " + admin.name() + " TO " + role);
    TestDatabase target = new TestDatabase("postgres", admin.bareUrl() + "?user=" + role
        + "&password=pw", admin.name());

    Cli.Result refused = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("refused").toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("may not create tables", "GRANT CREATE ON SCHEMA");
    assertThat(tables(admin)).isEmpty();
  }

  @Test
  void aResumeAfterTheTablesWereCreatedFinishesTheCopy() throws Exception {
    // given: a run that stopped after its DDL (on MariaDB, one table's CREATE never ran)
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, SchemaDdlIT.MARIADB_QUIRKY + SchemaDdlIT.MARIADB_ROWS
        + MARIADB_CYCLE);
    TestDatabase target = TestDatabases.freshMariaDb();
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = TestDatabases.connect(target)) {
      TargetSchema schema = TargetSchema.of(SchemaDdlIT.read(source), labels(source), dialect);
      schema.create(c, TargetSchema.readTarget(c, dialect));
    }
    SqlScripts.execute(target, "SET FOREIGN_KEY_CHECKS = 0; DROP TABLE emp;"
        + " SET FOREIGN_KEY_CHECKS = 1");

    // when, then: a new run is refused, a resume creates what is missing and copies
    Cli.Result fresh = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("fresh").toString());
    assertThat(fresh.exitCode()).as(fresh.toString()).isEqualTo(4);
    Cli.Result resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--resume", "--report", dir.resolve("resumed").toString());
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertSameKeys(source, target);
  }

  @Test
  void importCreatesTheTablesFromABundleWithTheLabelsOfItsEnums() throws Exception {
    // given: a bundle of Chinook exported from MariaDB
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, SchemaDdlIT.chinookMariaDb());
    Path bundle = dir.resolve("bundle");
    Cli.Result export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("export").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

    // when
    Cli.Result imported = Cli.run("import", "--from", bundle.toString(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("import").toString());

    // then
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertSameKeys(source, target);

    // and a bundle with an enum column: the manifest carries its labels, so the import
    // creates the enum and the copy is proven
    TestDatabase withEnum = TestDatabases.freshMariaDb();
    SqlScripts.execute(withEnum, MARIADB_CYCLE);
    Path enumBundle = dir.resolve("enum-bundle");
    assertThat(Cli.run("export", "--from", withEnum.url(), "--to", enumBundle.toString(),
        "--report", dir.resolve("export2").toString()).exitCode()).isZero();
    assertThat(Files.readString(enumBundle.resolve("manifest.json"))).contains("enumLabels");
    TestDatabase empty = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    Cli.Result enums = Cli.run("import", "--from", enumBundle.toString(), "--to",
        empty.url(), "--create-schema", "--report", dir.resolve("import2").toString());
    assertThat(enums.exitCode()).as(enums.toString()).isZero();
    assertThat(query(empty, "SELECT string_agg(e.enumlabel, '|' ORDER BY"
        + " e.enumsortorder) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN"
        + " pg_enum e ON e.enumtypid = a.atttypid WHERE c.relname = 'dept' AND a.attname ="
        + " 'kind'")).isEqualTo("a|b c");
    Cli.Result enumsVerified = Cli.run("verify", "--from", withEnum.url(), "--to", empty.url(),
        "--out", dir.resolve("verify2").toString());
    assertThat(enumsVerified.exitCode()).as(enumsVerified.toString()).isZero();
  }

  // ---- helpers ----

  @Test
  void commentsOfTheSourceEndOnTheTarget() throws Exception {
    String text = SchemaDdlIT.HOSTILE_COMMENT;
    String mysql = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    TestDatabase maria = TestDatabases.freshMariaDb();
    SqlScripts.execute(maria, "CREATE TABLE `Note; t` (id int PRIMARY KEY, `wo'rd` text COMMENT "
        + mysql + ") COMMENT = " + mysql + "; INSERT INTO `Note; t` VALUES (1, 'x');");
    String plain = "'" + text.replace("'", "''") + "'";
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, "CREATE TABLE \"Note; t\" (id int PRIMARY KEY, \"wo'rd\" text);"
        + "COMMENT ON TABLE \"Note; t\" IS " + plain + ";"
        + "COMMENT ON COLUMN \"Note; t\".\"wo'rd\" IS " + plain + ";"
        + "INSERT INTO \"Note; t\" VALUES (1, 'x');");
    var expected = new dev.ferry.catalog.Comments(text, Map.of("wo'rd", text));
    TestDatabase h2 = TestDatabases.freshH2();
    SqlScripts.execute(h2, "CREATE SCHEMA IF NOT EXISTS PUBLIC"); // creates the file

    for (TestDatabase[] pair : List.of(
        new TestDatabase[] {maria, SchemaDdlIT.owner(TestDatabases.freshPostgres())},
        new TestDatabase[] {pg, TestDatabases.freshMariaDb()},
        new TestDatabase[] {pg, h2})) {
      copyAndVerify(pair[0], pair[1]);
      Table t = SchemaDdlIT.read(pair[1]).tables().stream()
          .filter(x -> x.name().name().equals("Note; t")).findFirst().orElseThrow();
      assertThat(t.comments()).as(pair[0].engine() + " to " + pair[1].engine())
          .isEqualTo(expected);
    }
    // and through a bundle: its manifest carries them, import --create-schema creates them
    Path bundle = dir.resolve("commented");
    Cli.Result export = Cli.run("export", "--from", maria.url(), "--to", bundle.toString(),
        "--report", dir.resolve("export-commented").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    Cli.Result imported = Cli.run("import", "--from", bundle.toString(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("import-commented").toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(SchemaDdlIT.read(target).tables().get(0).comments()).isEqualTo(expected);
  }

  private void copyAndVerify(TestDatabase source, TestDatabase target) {
    Cli.Result copy = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("run-" + source.name()).toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("verify-" + source.name()).toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /** Every table's foreign keys (child, columns → parent) are the same on both sides. */
  private static void assertSameKeys(TestDatabase source, TestDatabase target) throws Exception {
    assertThat(keys(SchemaDdlIT.read(target))).isEqualTo(keys(SchemaDdlIT.read(source)))
        .isNotEmpty();
  }

  private static java.util.Set<String> keys(Catalog catalog) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (Table t : catalog.tables()) {
      t.foreignKeys().forEach(fk -> keys.add((t.name().name() + fk.columns() + " -> "
          + fk.parent().name() + fk.parentColumns()).toLowerCase(java.util.Locale.ROOT)));
      // the secondary indexes that translate, created after the load
      SchemaDdlIT.Shape.of(catalog).tables().get(t.name().name().toLowerCase(
          java.util.Locale.ROOT)).stream().filter(f -> f.startsWith("index "))
          .forEach(i -> keys.add(t.name().name().toLowerCase(java.util.Locale.ROOT) + " " + i));
    }
    return keys;
  }

  private static List<String> tables(TestDatabase db) throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      return TargetSchema.readTarget(c, Dialects.forUrl(db.url())).tables().stream()
          .map(t -> t.name().name()).toList();
    }
  }

  private static Map<dev.ferry.catalog.TableName, Map<String, List<String>>> labels(
      TestDatabase db) throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      Catalog catalog = SchemaDdlIT.read(db);
      return Dialects.forUrl(db.url()).enumLabels(c, catalog.tables().stream()
          .map(Table::name).toList());
    }
  }

  private static String query(TestDatabase db, String sql) throws Exception {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
