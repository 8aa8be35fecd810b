package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.script.ScriptSql;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INSERT scripts run on real PostgreSQL and MariaDB hold what a direct {@code ferry copy} holds,
 * with and without a user map; they are byte-identical across runs and every statement parses.
 */
class InsertScriptsIT {

  @TempDir Path dir;

  @Test
  void postgresScriptsOfEveryTypeLoadWhatACopyLoads() throws Exception {
    // given: PostgresCopyIT's data set: every type, a NOT NULL and a nullable cycle, identities
    TestDatabase source = PostgresCopyIT.source();
    TestDatabase copied = PostgresCopyIT.emptyTarget();
    TestDatabase scripted = PostgresCopyIT.emptyTarget();
    Path out = dir.resolve("scripts");

    // when
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", copied.url(), "--report",
        dir.resolve("copy").toString());
    Cli.Run script = Cli.run("script", "inserts", "--from", source.url(), "--dialect",
        "postgres", "--out", out.toString(), "--rows-per-insert", "2", "--report",
        dir.resolve("script").toString());
    runAll(scripted, out, "postgres");

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(script.exitCode()).as(script.toString()).isZero();
    assertThat(PostgresCopyIT.snapshot(scripted)).isEqualTo(PostgresCopyIT.snapshot(copied))
        .isEqualTo(PostgresCopyIT.snapshot(source));
    assertThat(fileNames(out)).contains("0002-public.person.sql", "manifest.json")
        .anyMatch(f -> f.contains("-fixup-public.person.team_id.sql"))
        .anyMatch(f -> f.endsWith("-identities.sql"));
    Sql.exec(scripted, "INSERT INTO person (name) VALUES ('next')");
    assertThat(Sql.rows(scripted, "SELECT max(id) FROM person")).containsExactly("4");
    assertThat(script.out()).contains("run each file in order with: psql -v ON_ERROR_STOP=1");
  }

  @Test
  void postgresScriptsWithAndWithoutAUserMapMatchTheCopyAndRepeatByteForByte()
      throws Exception {
    scriptsMatchTheCopy("postgres");
  }

  @Test
  void mysqlScriptsWithAndWithoutAUserMapMatchTheCopyOnMariaDb() throws Exception {
    scriptsMatchTheCopy("mariadb");
  }

  private void scriptsMatchTheCopy(String engine) throws Exception {
    // given
    String dialect = engine.equals("postgres") ? "postgres" : "mysql";
    TestDatabase source = ScriptFixtures.source(engine);
    Path config = ScriptFixtures.config(dir);
    Path map = dir.resolve("user-map.csv");
    TestDatabase copied = ScriptFixtures.target(engine, true);
    Cli.Run mapped = Cli.run("--config", config.toString(), "users", "map", "--from",
        source.url(), "--to", copied.url(), "--out", map.toString());
    assertThat(mapped.exitCode()).as(mapped.toString()).isZero();

    // when: a copy with the map, and scripts with the map (twice) run on a second target
    Cli.Run copy = Cli.run("--config", config.toString(), "copy", "--from", source.url(),
        "--to", copied.url(), "--users-map", map.toString(), "--report",
        dir.resolve("copy").toString());
    TestDatabase scripted = ScriptFixtures.target(engine, true);
    Path once = dir.resolve("once");
    Path twice = dir.resolve("twice");
    for (Path out : List.of(once, twice)) {
      Cli.Run run = Cli.run("--config", config.toString(), "script", "inserts", "--from",
          source.url(), "--dialect", dialect, "--out", out.toString(), "--users-map",
          map.toString(), "--to", scripted.url(), "--rows-per-insert", "3", "--rows-per-file",
          "2", "--transaction", "batch", "--rows-per-transaction", "1", "--report",
          dir.resolve("report-" + out.getFileName()).toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
    runAll(scripted, once, dialect);
    if (engine.equals("mariadb") && System.getenv("FERRY_TEST_MARIADB_URL") == null) {
      // the mysql scripts went through MariaDB's own command-line client
      assertThat(dev.ferry.testing.TestDatabases.mariaDbClient()).isPresent();
    }

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(ScriptFixtures.content(scripted)).isEqualTo(ScriptFixtures.content(copied));
    assertThat(Sql.rows(scripted, "SELECT created_by FROM person ORDER BY id"))
        .containsExactly("1", "null", "8", "2");
    assertThat(ScriptFixtures.files(twice)).isEqualTo(ScriptFixtures.files(once));
    var manifest = Json.mapper().readTree(Files.readString(once.resolve("manifest.json")));
    assertThat(manifest.path("status").asText()).isEqualTo("complete");
    assertThat(manifest.path("transformations").path("user-map").asText()).startsWith("sha256:");
    assertThat(manifest.path("files").size()).isGreaterThan(6);

    // and without a map: the data as the source holds it
    Path bare = dir.resolve("bare");
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", dialect,
        "--out", bare.toString(), "--report", dir.resolve("bare-report").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    TestDatabase empty = ScriptFixtures.target(engine, true);
    Sql.exec(empty, "DELETE FROM app_user");
    runAll(empty, bare, dialect);
    assertThat(ScriptFixtures.content(empty)).isEqualTo(ScriptFixtures.content(source));
    assertThat(Sql.rows(empty, "SELECT id, email FROM app_user ORDER BY id")).hasSize(6);
  }

  @Test
  void anInvalidMapIsRefusedBeforeAnyScriptIsWritten() throws Exception {
    // given: a map whose target key does not exist
    TestDatabase source = ScriptFixtures.source("postgres");
    TestDatabase target = ScriptFixtures.target("postgres", true);
    Path config = ScriptFixtures.config(dir);
    Path map = Files.writeString(dir.resolve("user-map.csv"), "source_key,target_key\n"
        + "1,3\n2,1\n3,2\n4,4\n5,6\n6,99\n");
    Path out = dir.resolve("out");

    // when
    Cli.Run run = Cli.run("--config", config.toString(), "script", "inserts", "--from",
        source.url(), "--dialect", "postgres", "--out", out.toString(), "--users-map",
        map.toString(), "--to", target.url(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("not valid", "no such user in the target");
    assertThat(out).doesNotExist();
  }

  /** Parses every statement of every file, then runs the files in order. */
  static void runAll(TestDatabase db, Path out, String dialect) throws Exception {
    for (String name : fileNames(out)) {
      if (name.endsWith(".sql")) {
        ScriptSql.parseAll(out.resolve(name), dialect);
        ScriptSql.run(db, out.resolve(name), dialect);
      }
    }
  }

  static List<String> fileNames(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
