package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.script.ScriptSql;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remap script on real PostgreSQL and MariaDB: over overlapping key ranges (a cycle, a chain,
 * an identity) it gives what a copy with the map gives; run twice it changes nothing the second
 * time; the inverse restores the source keys; the dry run changes nothing.
 */
class RemapScriptIT {

  @TempDir Path dir;

  @Test
  void postgresRemapIsExactRerunSafeAndInvertible() throws Exception {
    remapIsExactRerunSafeAndInvertible("postgres", "1");
  }

  @Test
  void mysqlRemapIsExactRerunSafeAndInvertibleOnMariaDb() throws Exception {
    remapIsExactRerunSafeAndInvertible("mariadb", "2");
  }

  private void remapIsExactRerunSafeAndInvertible(String engine, String batch)
      throws Exception {
    // given: a copy with the map (the expected result), and the data loaded untransformed
    String dialect = engine.equals("postgres") ? "postgres" : "mysql";
    TestDatabase source = ScriptFixtures.source(engine);
    Path config = ScriptFixtures.config(dir);
    Path map = dir.resolve("user-map.csv");
    TestDatabase expected = ScriptFixtures.target(engine, true);
    assertThat(Cli.run("--config", config.toString(), "users", "map", "--from", source.url(),
        "--to", expected.url(), "--out", map.toString()).exitCode()).isZero();
    Cli.Run copy = Cli.run("--config", config.toString(), "copy", "--from", source.url(),
        "--to", expected.url(), "--users-map", map.toString(), "--report",
        dir.resolve("copy").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    TestDatabase loaded = ScriptFixtures.target(engine, false);
    ScriptFixtures.loadUntransformed(loaded);
    Map<String, List<String>> untransformed = ScriptFixtures.content(loaded);
    Path out = dir.resolve("remap.sql");

    // when
    Cli.Run run = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", loaded.url(), "--users-map", map.toString(), "--dialect", dialect,
        "--out", out.toString(), "--batch-size", batch, "--pause", "1", "--json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path inverse = dir.resolve("remap.inverse.sql");
    Path dryRun = dir.resolve("remap.dry-run.sql");
    for (Path p : List.of(out, inverse, dryRun)) {
      assertThat(ScriptSql.parseAll(p, dialect)).as(p.toString()).isPositive();
    }
    List<String> before = listing(loaded, dryRun, dialect);

    // then: the dry run counts the rows each batch will change and changes nothing
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(untransformed);
    assertThat(before).allMatch(l -> l.endsWith("|pending"));
    long toChange = before.stream().mapToLong(l -> Long.parseLong(l.split("\\|")[3])).sum();
    // team.lead_id 2 rows (1→3, 5→6), person.created_by 3 (2, 6, 3), odd.owner_id 3 (1, 5,
    // and 4→4 is left alone)
    assertThat(toChange).isEqualTo(2 + 3 + 2);

    // the forward script gives what the copy with the map gave
    ScriptSql.run(loaded, out, dialect);
    Map<String, List<String>> remapped = ScriptFixtures.content(loaded);
    assertThat(remapped).isEqualTo(ScriptFixtures.content(expected));
    List<String> guard = Sql.rows(loaded, "SELECT script_fingerprint, column_name, batch FROM"
        + " ferry_remap_guard ORDER BY 1, 2, 3");

    // run again: nothing changes, no batch is recorded twice
    ScriptSql.run(loaded, out, dialect);
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(remapped);
    assertThat(Sql.rows(loaded, "SELECT script_fingerprint, column_name, batch FROM"
        + " ferry_remap_guard ORDER BY 1, 2, 3")).isEqualTo(guard);
    assertThat(listing(loaded, dryRun, dialect)).allMatch(l -> l.endsWith("|0|applied"));

    // the inverse restores the source keys, and a second run of it changes nothing
    ScriptSql.run(loaded, inverse, dialect);
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(untransformed);
    ScriptSql.run(loaded, inverse, dialect);
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(untransformed);
    // and the forward script, already applied once, stays applied: it does not map again
    ScriptSql.run(loaded, out, dialect);
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(untransformed);

    var summary = Json.mapper().readTree(run.out());
    assertThat(summary.path("inverseFingerprint").asText()).startsWith("sha256:");
    assertThat(summary.path("files").size()).isEqualTo(3);
  }

  @Test
  void aKilledRunResumesWithoutMappingAnyKeyTwice() throws Exception {
    // given: the forward script cut short after its first three batches
    TestDatabase source = ScriptFixtures.source("postgres");
    Path config = ScriptFixtures.config(dir);
    Path map = dir.resolve("user-map.csv");
    TestDatabase expected = ScriptFixtures.target("postgres", true);
    Cli.run("--config", config.toString(), "users", "map", "--from", source.url(), "--to",
        expected.url(), "--out", map.toString());
    Cli.run("--config", config.toString(), "copy", "--from", source.url(), "--to",
        expected.url(), "--users-map", map.toString(), "--report", dir.resolve("c").toString());
    TestDatabase loaded = ScriptFixtures.target("postgres", false);
    ScriptFixtures.loadUntransformed(loaded);
    Path out = dir.resolve("remap.sql");
    Cli.Run run = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", loaded.url(), "--users-map", map.toString(), "--dialect",
        "postgres", "--out", out.toString(), "--batch-size", "1");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> statements = ScriptSql.statements(out, "postgres");
    List<String> head = new ArrayList<>();
    int commits = 0;
    for (String s : statements) {
      head.add(s);
      if (s.equals("COMMIT") && ++commits == 3) {
        break;
      }
    }
    // and one more batch killed between its UPDATE and its COMMIT
    int next = head.size() + statements.subList(head.size(), statements.size()).indexOf("BEGIN");
    head.addAll(statements.subList(head.size(), next + 2));
    Path partial = Files.writeString(dir.resolve("partial.sql"), String.join(";\n", head)
        + ";\n");
    try (Connection c = TestDatabases.connect(loaded); var s = c.createStatement()) {
      for (String sql : ScriptSql.statements(partial, "postgres")) {
        s.execute(sql);
      }
    } // closing the session rolls the unfinished batch back

    // when: the whole script runs again
    ScriptSql.run(loaded, out, "postgres");

    // then
    assertThat(ScriptFixtures.content(loaded)).isEqualTo(ScriptFixtures.content(expected));

    // and a map that does not validate is refused before any script is written
    Path bad = Files.writeString(dir.resolve("bad.csv"), "source_key,target_key\n1,3\n2,1\n");
    Path refusedOut = dir.resolve("refused.sql");
    Cli.Run refused = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", loaded.url(), "--users-map", bad.toString(), "--dialect",
        "postgres", "--out", refusedOut.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("refused before writing any script");
    assertThat(refusedOut).doesNotExist();
  }

  private static List<String> listing(TestDatabase db, Path dryRun, String dialect)
      throws Exception {
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
