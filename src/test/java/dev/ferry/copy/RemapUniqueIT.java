package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.script.ScriptSql;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remap script on a reference column under a unique key (a team's manager): a swap, a cycle
 * of three and a chain apply on real PostgreSQL and MariaDB, which check uniqueness row by row,
 * rerun without change, and the inverse restores the original exactly; with and without a
 * foreign key to the users, from PostgreSQL, MariaDB, SQLite and H2 sources.
 *
 * <p>Source users 1, 2, 3, 4, 5, 7, 8 are target users 2, 3, 1, 5, 4, 8, 9: the cycle 1→2→3→1,
 * the swap 4↔5 and the chain 7→8→9.
 */
class RemapUniqueIT {

  @TempDir Path dir;

  static final String SCHEMA = """
      CREATE TABLE app_user (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE);
      CREATE TABLE team (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,
        manager_id INT NOT NULL UNIQUE%s);
      """;
  static final String FK = ", CONSTRAINT team_manager_fk FOREIGN KEY (manager_id)"
      + " REFERENCES app_user (id)";
  static final String SOURCE_USERS = "INSERT INTO app_user VALUES (1, 'a@x'), (2, 'b@x'),"
      + " (3, 'c@x'), (4, 'd@x'), (5, 'e@x'), (7, 'g@x'), (8, 'h@x')";
  static final String TEAMS = "INSERT INTO team VALUES (10, 't10', 1), (11, 't11', 2),"
      + " (12, 't12', 3), (13, 't13', 4), (14, 't14', 5), (15, 't15', 7), (16, 't16', 8)";
  static final List<String> LOADED = List.of("10|1", "11|2", "12|3", "13|4", "14|5", "15|7",
      "16|8");
  static final List<String> REMAPPED = List.of("10|2", "11|3", "12|1", "13|5", "14|4", "15|8",
      "16|9");

  @Test
  void postgresSwapsAndCyclesAUniqueManagerColumnThroughAFreeTargetUser() throws Exception {
    remap(TestDatabases.freshPostgres(), "postgres", true, "500");
    remap(TestDatabases.freshPostgres(), "postgres", true, "2");
  }

  @Test
  void postgresWithoutAFreeTargetUserStagesOutsideEveryKey() throws Exception {
    var summary = remap(TestDatabases.freshPostgres(), "postgres", false, "500");
    assertThat(summary.path("stagingKey").asText()).isEqualTo("0");
  }

  @Test
  void mariaDbSwapsAndCyclesAUniqueManagerColumn() throws Exception {
    remap(TestDatabases.freshMariaDb(), "mysql", true, "500");
    remap(TestDatabases.freshMariaDb(), "mysql", false, "1");
  }

  @Test
  void sqliteAndH2SourcesMarkTheColumnUniqueAsWell() throws Exception {
    TestDatabase h2 = TestDatabases.freshH2();
    remap(TestDatabases.freshSqlite(), "postgres", true, "500");
    remap(new TestDatabase("h2", h2.url() + ";DATABASE_TO_LOWER=TRUE", h2.name()), "mysql", true,
        "500");
  }

  /**
   * Writes the remap from a source of the given engine for a target of the dialect (a fresh
   * PostgreSQL or MariaDB database holding the teams with source keys), runs it forward twice,
   * the dry run, the inverse twice, and checks each state.
   */
  private com.fasterxml.jackson.databind.JsonNode remap(TestDatabase source, String dialect,
      boolean freeUser, String batch) throws Exception {
    // given
    String fk = freeUser ? FK : "";
    SqlScripts.execute(source, SCHEMA.formatted(FK) + SOURCE_USERS + ";\n" + TEAMS + ";\n");
    TestDatabase target = dialect.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
    SqlScripts.execute(target, SCHEMA.formatted(fk) + "INSERT INTO app_user VALUES (2, 'a@x'),"
        + " (3, 'b@x'), (1, 'c@x'), (5, 'd@x'), (4, 'e@x'), (8, 'g@x'), (9, 'h@x')"
        + (freeUser ? ", (6, 'f@x'), (7, 'x@x')" : "") + ";\n" + TEAMS + ";\n");
    Path work = Files.createDirectories(dir.resolve(source.name() + "-" + batch));
    Path config = ScriptFixtures.config(work);
    Path map = work.resolve("user-map.csv");
    Cli.Run mapped = Cli.run("--config", config.toString(), "users", "map", "--from",
        source.url(), "--to", target.url(), "--out", map.toString());
    assertThat(mapped.exitCode()).as(mapped.toString()).isZero();
    Path out = work.resolve("remap.sql");

    // when
    Cli.Run run = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", target.url(), "--users-map", map.toString(), "--dialect", dialect,
        "--out", out.toString(), "--batch-size", batch, "--json");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path inverse = work.resolve("remap.inverse.sql");
    Path dryRun = work.resolve("remap.dry-run.sql");
    for (Path p : List.of(out, inverse, dryRun)) {
      ScriptSql.parseAll(p, dialect);
    }
    assertThat(managers(target)).containsExactlyElementsOf(LOADED);
    // the cycle 1→2→3→1 rotates through the staging key: 1 parked, 3→1, 2→3, parked→2
    String staging = freeUser ? "6" : "0";
    assertThat(Files.readString(out).replaceAll("`", "\""))
        .contains("SET \"manager_id\" = CASE \"manager_id\" WHEN 1 THEN " + staging + " END")
        .contains("CASE \"manager_id\" WHEN " + staging + " THEN 2 END");

    ScriptSql.run(target, out, dialect);
    assertThat(managers(target)).as(source.engine() + " " + batch)
        .containsExactlyElementsOf(REMAPPED);
    List<String> guard = Sql.rows(target, "SELECT script_fingerprint, column_name, batch FROM"
        + " ferry_remap_guard ORDER BY 1, 2, 3");
    ScriptSql.run(target, out, dialect);
    assertThat(managers(target)).containsExactlyElementsOf(REMAPPED);
    assertThat(Sql.rows(target, "SELECT script_fingerprint, column_name, batch FROM"
        + " ferry_remap_guard ORDER BY 1, 2, 3")).isEqualTo(guard);
    assertThat(listing(target, dryRun, dialect)).isNotEmpty()
        .allMatch(l -> l.endsWith("|0|applied"));

    ScriptSql.run(target, inverse, dialect);
    assertThat(managers(target)).containsExactlyElementsOf(LOADED);
    ScriptSql.run(target, inverse, dialect);
    assertThat(managers(target)).containsExactlyElementsOf(LOADED);
    var summary = Json.mapper().readTree(run.out());
    assertThat(summary.path("stagingKey").asText()).isEqualTo(freeUser ? "6" : "0");
    return summary;
  }

  private static List<String> managers(TestDatabase db) {
    return Sql.rows(db, "SELECT id, manager_id FROM team ORDER BY id");
  }

  static List<String> listing(TestDatabase db, Path dryRun, String dialect) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.connect(db)) {
      for (String sql : ScriptSql.statements(dryRun, dialect)) {
        if (sql.startsWith("SELECT")) {
          rows.addAll(ScriptSql.query(c, sql));
        } else {
          try (var s = c.createStatement()) {
            s.execute(sql);
          }
        }
      }
    }
    return rows;
  }
}
