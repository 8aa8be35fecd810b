package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry.yaml}'s cast rules on real databases: the most specific rule wins, the DDL they
 * give parses and runs on PostgreSQL (as a table owner that is no superuser), MariaDB, SQLite and
 * H2; a rule whose type does not hold the source's values is refused with their count and first
 * keys before anything is written, by {@code ferry schema} and {@code copy --create-schema} alike.
 */
class CastRulesIT {

  static final String MARIADB = """
      CREATE TABLE event (id INT PRIMARY KEY, flag TINYINT(1) NOT NULL DEFAULT 0,
        made DATETIME, created_at DATETIME(6), body TEXT, name VARCHAR(40));
      CREATE TABLE other (id INT PRIMARY KEY, made DATETIME);
      INSERT INTO event VALUES (1, 1, '2024-01-01 10:00:00', '2024-01-01 10:00:00.123',
        'short', 'a'), (2, 0, NULL, NULL, NULL, 'abcdefgh'), (3, 1, NULL, NULL, 'x', 'abcdefghij');
      INSERT INTO other VALUES (1, '2024-01-02 03:04:05');
      """;

  static final String RULES = """
      casts:
        - type: datetime
          to: {postgres: timestamptz, '*': timestamp}
        - type: datetime
          column: '*_at'
          to: timestamp(3)
        - type: datetime
          table: other
          to: timestamp(0)
        - type: tinyint(1)
          to: smallint
        - type: text
          to: varchar(100)
      """;

  @TempDir Path dir;

  @Test
  void theMostSpecificRuleWinsAndItsDdlRunsOnEveryEngine() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB);
    Path config = config(RULES);

    for (String dialect : List.of("postgres", "mysql", "sqlite", "h2")) {
      Path out = dir.resolve("schema-" + dialect);
      Cli.Result result = Cli.run("schema", "--config", config.toString(), "--from",
          source.url(), "--dialect", dialect, "--out", out.toString());
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect)).isPositive();
      String tables = Files.readString(out.resolve("01-tables.sql"));
      String notes = Files.readString(out.resolve("schema-notes.txt"));
      if (dialect.equals("postgres")) {
        assertThat(tables).contains("\"flag\" smallint DEFAULT 0 NOT NULL",
            "\"made\" timestamptz(0)", "\"created_at\" timestamp(3)", "\"body\" varchar(100)",
            "\"name\" varchar(40)");
        assertThat(tables.substring(tables.indexOf("CREATE TABLE \"other\"")))
            .contains("\"made\" timestamp(0)");
        assertThat(notes).contains("event.made: DATETIME (cast rule at " + config + ":2)"
            + " became timestamptz(0)", "event.created_at: DATETIME (cast rule at " + config
            + ":4)");
      } else if (dialect.equals("mysql")) {
        assertThat(tables).contains("`made` DATETIME(0)", "`created_at` DATETIME(3)");
      }
      runOn(dialect, out);
    }
  }

  @Test
  void aRuleWhoseTypeDoesNotHoldTheValuesIsRefusedWithCountsAndNothingIsCreated()
      throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB);
    Path config = config("""
        casts:
          - table: event
            column: name
            to: varchar(5)
        """);
    Path out = dir.resolve("refused");

    Cli.Result schema = Cli.run("schema", "--config", config.toString(), "--from", source.url(),
        "--dialect", "postgres", "--out", out.toString());

    assertThat(schema.exitCode()).as(schema.toString()).isEqualTo(4);
    assertThat(schema.err()).contains("event.name: 2 values are longer than 5 characters",
        "first keys: 2, 3", "cast rule at " + config + ":2");
    assertThat(out).doesNotExist();

    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    Cli.Result copy = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--create-schema", "--report", dir.resolve("run").toString());

    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(4);
    assertThat(copy.err()).contains("event.name: 2 values are longer than 5 characters",
        "first keys: 2, 3");
    assertThat(count(target, "SELECT count(*) FROM pg_tables WHERE schemaname ="
        + " current_schema()")).isZero();
  }

  @Test
  void copyCreateSchemaAppliesTheRulesAndVerifies() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB);
    Path config = config("""
        casts:
          - type: text
            to: varchar(100)
          - type: varchar
            column: name
            to: text
        """);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

    Cli.Result copy = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--create-schema", "--report", dir.resolve("run").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("verify").toString());

    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(count(target, "SELECT count(*) FROM information_schema.columns WHERE table_name ="
        + " 'event' AND (column_name = 'body' AND character_maximum_length = 100"
        + " OR column_name = 'name' AND data_type = 'text')")).isEqualTo(2);
  }

  @Test
  void importCreateSchemaCastsAnEnumTheBundleHasNoLabelsFor() throws Exception {
    // given: a bundle with an enum column, whose labels its manifest does not carry
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, "CREATE TABLE pet (id INT PRIMARY KEY, kind ENUM('cat','dog'));"
        + " INSERT INTO pet VALUES (1, 'cat'), (2, 'dog'), (3, NULL);");
    Path bundle = dir.resolve("bundle");
    assertThat(Cli.run("export", "--from", source.url(), "--to", bundle.toString(), "--report",
        dir.resolve("export").toString()).exitCode()).isZero();
    Path config = config("casts:\n  - type: enum\n    to: varchar(10)\n");
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

    Cli.Result imported = Cli.run("import", "--config", config.toString(), "--from",
        bundle.toString(), "--to", target.url(), "--create-schema", "--report",
        dir.resolve("import").toString());

    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(count(target, "SELECT count(*) FROM pet WHERE kind IN ('cat', 'dog')"))
        .isEqualTo(2);
    assertThat(count(target, "SELECT count(*) FROM information_schema.columns WHERE table_name ="
        + " 'pet' AND column_name = 'kind' AND character_maximum_length = 10")).isEqualTo(1);
  }

  @Test
  void anUnknownTypeNamesTheRuleToAddAndTheRuleWritesIt() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, "CREATE TABLE doc (id int PRIMARY KEY, words tsvector)");

    Cli.Result refused = Cli.run("schema", "--from", source.url(), "--dialect", "postgres",
        "--out", dir.resolve("refused").toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("public.doc.words (tsvector)", "casts:",
        "- type: tsvector", "table: doc", "column: words", "to: text");

    Path config = config("casts:\n  - type: tsvector\n    to: text\n");
    Path out = dir.resolve("written");
    Cli.Result written = Cli.run("schema", "--config", config.toString(), "--from",
        source.url(), "--dialect", "postgres", "--out", out.toString());
    assertThat(written.exitCode()).as(written.toString()).isZero();
    assertThat(Files.readString(out.resolve("01-tables.sql"))).contains("\"words\" text");
  }

  @Test
  void aRuleNamingATableTheSourceLacksIsRefusedWithItsLine() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB);
    Path config = config("casts:\n  - type: text\n    to: text\n  - table: evnt\n    to: text\n"
        + "    column: body\n");

    Cli.Result result = Cli.run("schema", "--config", config.toString(), "--from", source.url(),
        "--dialect", "postgres", "--out", dir.resolve("out").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains(config + ":4", "'evnt'");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void tightenWithCastRulesIsRefusedRatherThanIgnoringTheRules() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, "CREATE TABLE doc (id int PRIMARY KEY, words tsvector)");
    Path config = config("casts:\n  - type: tsvector\n    to: text\n");

    Cli.Result result = Cli.run("schema", "--config", config.toString(), "--from", source.url(),
        "--dialect", "postgres", "--out", dir.resolve("tight").toString(), "--tighten",
        "cautious");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--tighten does not apply cast rules");
    assertThat(dir.resolve("tight")).doesNotExist();
  }

  // ---- helpers ----

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("ferry-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static void runOn(String dialect, Path out) throws Exception {
    TestDatabase target = switch (dialect) {
      case "postgres" -> SchemaDdlIT.owner(TestDatabases.freshPostgres());
      case "mysql" -> TestDatabases.freshMariaDb();
      case "sqlite" -> TestDatabases.freshSqlite();
      default -> TestDatabases.freshH2();
    };
    try (Connection c = TestDatabases.connect(target); Statement s = c.createStatement()) {
      for (String file : List.of("01-tables.sql", "02-constraints.sql")) {
        for (String sql : SchemaSql.statements(out.resolve(file), dialect)) {
          s.execute(sql);
        }
      }
    }
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
