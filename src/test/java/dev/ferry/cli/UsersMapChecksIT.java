package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users map} says what {@code users validate} and {@code copy} would refuse, before the
 * operator gets that far: a fallback user that the target does not have, the null fallback into a
 * NOT NULL column (exit 3, the map written, each problem listed). Several source users mapped to
 * one target user are reported, and {@code identity.many-to-one} decides whether that is allowed.
 * PostgreSQL source, MariaDB target.
 */
class UsersMapChecksIT {

  private static final String SCHEMA = """
      CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);
      CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER NOT NULL,
        CONSTRAINT note_author_fk FOREIGN KEY (author_id) REFERENCES app_user (id))
      """;

  @TempDir Path dir;

  @Test
  void aDefaultUserTheTargetLacksIsReportedByUsersMapNotOnlyByValidate() throws Exception {
    // given: Cy matches nobody and falls back to user 9999, which the target does not have
    Sides s = sides();
    Path config = config(s, "unmatched: default:9999");

    // when
    Cli.Result map = users(config, "map");
    Cli.Result validate = users(config, "validate");

    // then
    assertThat(map.exitCode()).as(map.toString()).isEqualTo(3);
    assertThat(map.out()).contains("user-map.csv:4: the fallback unmatched: default:9999 names"
        + " no user of the target", "(identity.unmatched, " + config + ":8)");
    assertThat(map.out()).contains("next: fix the 1 problem(s) listed");
    assertThat(Files.readString(dir.resolve("user-map.csv"))).contains("3,9999,default");
    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
  }

  @Test
  void theNullFallbackIntoANotNullColumnIsReportedByUsersMap() throws Exception {
    // given
    Sides s = sides();
    Path config = config(s, "unmatched: 'null'");

    // when
    Cli.Result map = users(config, "map");
    Cli.Result validate = users(config, "validate");

    // then
    assertThat(map.exitCode()).as(map.toString()).isEqualTo(3);
    assertThat(map.out()).contains("user-map.csv:4: unmatched and the fallback is null, but these"
        + " reference columns are NOT NULL: public.note.author_id");
    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
  }

  @Test
  void severalSourceUsersOnOneTargetUserAreReportedAndMayBeRefused() throws Exception {
    // given: Ann has two accounts in the source, both matching the target's one Ann
    Sides s = sides();
    SqlScripts.execute(s.source(), """
        INSERT INTO app_user VALUES (4, 'ANN@example.com');
        INSERT INTO note VALUES (13, 4)
        """);
    SqlScripts.execute(s.target(), "INSERT INTO app_user VALUES (1003, 'cy@example.com')");
    Path warn = config(s, "unmatched: fail");
    Path refuse = config(s, "unmatched: fail\n  many-to-one: refuse");
    Path allow = config(s, "unmatched: fail\n  many-to-one: allow");

    // when
    Cli.Result warned = users(warn, "map");
    Cli.Result warnedValid = users(warn, "validate");
    JsonNode warnedJson = validation();
    Cli.Result allowed = users(allow, "map");
    Cli.Result refusedMap = users(refuse, "map");
    Cli.Result refusedValid = users(refuse, "validate");
    JsonNode refusedJson = validation();
    Cli.Result refusedCopy = Cli.run("--config", refuse.toString(), "copy", "--from",
        s.source().url(), "--to", s.target().url(), "--users-map",
        dir.resolve("user-map.csv").toString(), "--report", dir.resolve("run").toString());

    // then: warned on screen and in the proof, but valid
    assertThat(warned.exitCode()).as(warned.toString()).isZero();
    String line = "target user 1001 is the target of 2 source users: 1 (line 2), 4 (line 5)";
    assertThat(warned.out()).contains("warning: " + line);
    assertThat(warnedValid.exitCode()).as(warnedValid.toString()).isZero();
    assertThat(warnedValid.out()).contains("warning: " + line);
    assertThat(warnedJson.path("valid").asBoolean()).isTrue();
    assertThat(warnedJson.path("manyToOne").toString()).isEqualTo("{\"1001\":[\"1\",\"4\"]}");
    // allowed: said nowhere on screen
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    assertThat(allowed.out()).doesNotContain("target of 2 source users");
    // refused: by map (3), validate (4) and the copy (4, nothing written)
    assertThat(refusedMap.exitCode()).as(refusedMap.toString()).isEqualTo(3);
    assertThat(refusedMap.out()).contains(line, "identity.many-to-one");
    assertThat(refusedValid.exitCode()).as(refusedValid.toString()).isEqualTo(4);
    assertThat(refusedJson.path("valid").asBoolean()).isFalse();
    assertThat(refusedJson.path("manyToOne").toString()).isEqualTo("{\"1001\":[\"1\",\"4\"]}");
    assertThat(refusedCopy.exitCode()).as(refusedCopy.toString()).isEqualTo(4);
    assertThat(refusedCopy.err()).contains("target user 1001 is the target of 2 source users");
    assertThat(count(s.target(), "note")).isZero();
  }

  /** Ann (1) and Bo (2) exist on both sides under other keys; Cy (3) only in the source. */
  private record Sides(TestDatabase source, TestDatabase target) {}

  private static Sides sides() {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, SCHEMA);
    SqlScripts.execute(source, """
        INSERT INTO app_user VALUES (1, 'ann@example.com'), (2, 'bo@example.com'),
          (3, 'cy@example.com');
        INSERT INTO note VALUES (10, 1), (11, 2), (12, 3)
        """);
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, SCHEMA);
    SqlScripts.execute(target, """
        INSERT INTO app_user VALUES (1001, 'ann@example.com'), (1002, 'bo@example.com')
        """);
    return new Sides(source, target);
  }

  private Path config(Sides s, String unmatched) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "ferry", ".yaml"), """
        environments:
          qa: {url: '%s'}
          uat: {url: '%s'}
        identity:
          table: app_user
          key: id
          match: [{column: email, ignore-case: true}]
          %s
        """.formatted(s.source().url(), s.target().url(), unmatched));
  }

  private Cli.Result users(Path config, String command) {
    Path map = dir.resolve("user-map.csv");
    return command.equals("map")
        ? Cli.run("--config", config.toString(), "users", "map", "--from", "qa", "--to", "uat",
            "--out", map.toString())
        : Cli.run("--config", config.toString(), "users", "validate", "--from", "qa", "--to",
            "uat", "--map", map.toString());
  }

  private JsonNode validation() throws Exception {
    return Json.mapper().readTree(dir.resolve("users-validation.json").toFile());
  }

  private static long count(TestDatabase db, String table) throws SQLException {
    try (Connection c = TestDatabases.connect(db);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
