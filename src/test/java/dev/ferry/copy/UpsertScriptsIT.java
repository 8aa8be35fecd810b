package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.script.ScriptSql;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upsert scripts ({@code ferry script inserts --merge}) run twice on a target that already holds
 * overlapping rows (some equal, some different, some the target's own) leave exactly what {@code
 * ferry copy --merge} of the same mode leaves, and the second run changes nothing. SQL Server's
 * MERGE runs on H2 in its MSSQLServer mode (no real SQL Server here).
 */
class UpsertScriptsIT {

  @TempDir Path dir;

  /** Quotes, a backslash, a line break, comment and statement ends, beyond ASCII. */
  static final String HOSTILE = "O'Brien \\ back\nslash -- /* ; */ 'x'';\tÜ 😀";
  /**
   * For SQL Server scripts run on H2: without a line break, control character or backslash,
   * which SQL Server scripts write as UTF-16 code units that H2 does not decode.
   */
  static final String HOSTILE_H2 = "O'Brien -- /* ; */ 'x''; Ü 😀";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"postgres,skip", "postgres,replace", "postgres,update", "mariadb,skip",
      "mariadb,replace", "mariadb,update", "h2,skip", "h2,update"})
  void aScriptRunTwiceLeavesWhatTheCopyOfTheSameModeLeaves(String engine, String mode)
      throws Exception {
    // given: a source, and two targets holding the same overlapping rows
    String dialect = switch (engine) {
      case "postgres" -> "postgres";
      case "mariadb" -> "mysql";
      default -> "sqlserver";
    };
    TestDatabase source = fresh(engine);
    tables(engine, source, false);
    MergeIT.insert(engine, source, sourceItems());
    stock(source, new Object[][] {{1, "a", 5, "O'Brien"}, {1, "b", 6,
        engine.equals("h2") ? HOSTILE_H2 : HOSTILE}, {2, "a", 7, null},
        {2, "b", 8, "same"}});
    TestDatabase copied = target(engine, fresh(engine));
    TestDatabase scripted = target(engine, engine.equals("h2")
        ? new TestDatabase("h2", TestDatabases.freshH2().url() + ";MODE=MSSQLServer", "mssql")
        : fresh(engine));
    String copyTo = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(copied) : copied.url();
    TestDatabase runAs = engine.equals("postgres") ? new TestDatabase("postgres",
        ForeignKeySetAsideIT.ownerOf(scripted), scripted.name()) : scripted;

    // when: the copy merges; the scripts are written twice and run twice
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", copyTo, "--merge", mode,
        "--report", dir.resolve("copy").toString());
    Path once = script(source, dialect, "once", "--merge", mode);
    Path twice = script(source, dialect, "twice", "--merge", mode);
    run(runAs, once, dialect);
    List<String> first = snapshot(scripted);
    List<String> versions = engine.equals("postgres") ? Sql.rows(scripted,
        "SELECT xmin::text FROM item UNION ALL SELECT xmin::text FROM stock") : List.of();
    run(runAs, once, dialect);

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(first).isEqualTo(snapshot(copied));
    assertThat(snapshot(scripted)).isEqualTo(first);
    if (engine.equals("postgres")) {
      // not one row was written again: every row version is the one the first run left
      assertThat(Sql.rows(scripted, "SELECT xmin::text FROM item UNION ALL SELECT xmin::text"
          + " FROM stock")).isEqualTo(versions);
    }
    assertThat(Sql.rows(scripted, "SELECT name FROM item WHERE id = 2"))
        .containsExactly(mode.equals("skip") ? "TWO" : "two");
    assertThat(ScriptFixtures.files(twice)).isEqualTo(ScriptFixtures.files(once));
    JsonNode manifest = Json.mapper().readTree(Files.readString(once.resolve("manifest.json")));
    assertThat(manifest.path("files").findValuesAsText("content")).containsOnly("upsert");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "h2"})
  void aNewerWinsScriptWritesOnlyTheRowsWhoseVersionIsNewerAsTheCopyDoes(String engine)
      throws Exception {
    // given: target rows older than the source's (2), newer (3), without a version (4)
    String dialect = switch (engine) {
      case "postgres" -> "postgres";
      case "mariadb" -> "mysql";
      default -> "sqlserver";
    };
    TestDatabase source = fresh(engine);
    tables(engine, source, false);
    MergeIT.insert(engine, source, sourceItems());
    TestDatabase copied = newerTarget(engine, fresh(engine));
    TestDatabase scripted = newerTarget(engine, engine.equals("h2")
        ? new TestDatabase("h2", TestDatabases.freshH2().url() + ";MODE=MSSQLServer", "mssql")
        : fresh(engine));
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  item:\n"
        + "    merge: newer-wins\n    newer-by: at\n  stock:\n    merge: update\n");

    // when
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", engine.equals("postgres")
        ? ForeignKeySetAsideIT.ownerOf(copied) : copied.url(), "--config", config.toString(),
        "--report", dir.resolve("copy").toString());
    Path out = script(source, dialect, "newer", "--config", config.toString());
    run(scripted, out, dialect);
    List<String> first = snapshot(scripted);
    run(scripted, out, dialect);

    // then: the newer row wins on each key, as the copy decided, and a rerun changes nothing
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(Sql.rows(scripted, "SELECT name FROM item ORDER BY id"))
        .containsExactly("one", "two", "THREE", "four", "five", "nine");
    assertThat(first).isEqualTo(snapshot(copied));
    assertThat(snapshot(scripted)).isEqualTo(first);
  }

  @Test
  void aTableEntryMergesOneTableAndTheOthersStayPlainInserts() throws Exception {
    // given
    TestDatabase source = fresh("postgres");
    tables("postgres", source, false);
    MergeIT.insert("postgres", source, sourceItems());
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  stock:\n"
        + "    merge: update\n");

    // when
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("--config", config.toString(), "script", "inserts", "--from",
        source.url(), "--dialect", "postgres", "--out", out.toString(), "--report",
        dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode files = Json.mapper().readTree(Files.readString(out.resolve("manifest.json")))
        .path("files");
    List<String> contents = new ArrayList<>();
    files.forEach(f -> contents.add(f.path("units").get(0).asText() + " "
        + f.path("content").asText()));
    assertThat(contents).containsExactlyInAnyOrder("public.item insert", "public.stock upsert");
    assertThat(Files.readString(out.resolve(files.get(0).path("file").asText())))
        .doesNotContain("ON CONFLICT");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mysql", "sqlserver"})
  void aTableWithoutAKeyIsRefusedBeforeAnythingIsWritten(String dialect) {
    // given
    TestDatabase source = fresh("postgres");
    Sql.exec(source, "CREATE TABLE loose (a int, b text)", "INSERT INTO loose VALUES (1, 'x')");
    Path out = dir.resolve("out");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", dialect,
        "--out", out.toString(), "--merge", "skip", "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("merge skip for public.loose",
        "no primary or non-null unique key");
    assertThat(out).doesNotExist();
  }

  @Test
  void keysRemapIsRefusedForAScriptWhichCannotLearnGeneratedKeys() throws Exception {
    // given
    TestDatabase source = fresh("postgres");
    Sql.exec(source, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    Path config = dir.resolve("ferry.yaml");
    java.nio.file.Files.writeString(config, "tables:\n  t:\n    keys: remap\n");

    // when
    Cli.Run option = Cli.run("script", "inserts", "--from", source.url(), "--dialect",
        "postgres", "--out", dir.resolve("a").toString(), "--keys", "remap");
    Cli.Run entry = Cli.run("script", "inserts", "--config", config.toString(), "--from",
        source.url(), "--dialect", "postgres", "--out", dir.resolve("b").toString());

    // then
    assertThat(option.exitCode()).as(option.toString()).isEqualTo(2);
    assertThat(option.err()).contains("--keys applies to copy and import");
    assertThat(entry.exitCode()).as(entry.toString()).isEqualTo(2);
    assertThat(entry.err()).contains("ferry.yaml:2", "keys: remap");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }

  private Path script(TestDatabase source, String dialect, String name, String... more) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("script", "inserts", "--from", source.url(),
        "--dialect", dialect, "--out", out.toString(), "--rows-per-insert", "2", "--report",
        dir.resolve("report-" + name).toString()));
    args.addAll(List.of(more));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return out;
  }

  /** Parses every statement of every file, then runs the files in order. */
  private static void run(TestDatabase db, Path out, String dialect) throws Exception {
    for (String name : InsertScriptsIT.fileNames(out)) {
      if (!name.endsWith(".sql")) {
        continue;
      }
      ScriptSql.parseAll(out.resolve(name), dialect);
      if (dialect.equals("sqlserver")) {
        try (Connection c = TestDatabases.connect(db)) {
          ScriptSql.runOnH2(c, out.resolve(name));
        }
      } else {
        ScriptSql.run(db, out.resolve(name), dialect);
      }
    }
  }

  private static String[] sourceItems() {
    return new String[] {"(1, 'one', 10.50, '2024-02-14 10:00:00.5', %s)",
        "(2, 'two', 20.00, '2024-02-15 11:00:00', %s)",
        "(3, 'three', 30.25, '2024-02-16 12:00:00', %s)",
        "(4, 'four', 40.00, '2024-02-17 13:00:00', %s)",
        "(5, 'five', 50.00, '2024-02-18 14:00:00', %s)"};
  }

  /** Target rows: item 1 and 5 equal, 2 differs, 9 its own; stock likewise, composite keys. */
  private static TestDatabase target(String engine, TestDatabase db) throws Exception {
    tables(engine, db, true);
    String[] rows = sourceItems();
    MergeIT.insert(engine, db, rows[0].replace(")", ", NULL)"),
        rows[1].replace("'two'", "'TWO'").replace(")", ", 'keep')"),
        rows[4].replace(")", ", NULL)"),
        "(9, 'nine', 90.00, '2024-03-01 00:00:00', %s, 'mine')");
    stock(db, new Object[][] {{1, "a", 5, "O'Brien"}, {1, "b", 0, "old"}, {2, "b", 8, "same"},
        {3, "z", 1, "mine"}});
    return db;
  }

  /** {@link #target}'s rows, with item 2 older than the source's, 3 newer, 4 without a version. */
  private static TestDatabase newerTarget(String engine, TestDatabase db) throws Exception {
    target(engine, db);
    Sql.exec(db, "UPDATE item SET at = '2020-01-01 00:00:00' WHERE id = 2");
    MergeIT.insert(engine, db, "(3, 'THREE', 30.25, '2030-01-01 00:00:00', %s, NULL)",
        "(4, 'FOUR', 40.00, NULL, %s, NULL)");
    return db;
  }

  private static void tables(String engine, TestDatabase db, boolean extra) {
    String text = engine.equals("mariadb") ? "LONGTEXT" : engine.equals("h2") ? "varchar(200)"
        : "text";
    Sql.exec(db, MergeIT.ddl(engine, extra), "CREATE TABLE stock (shop int NOT NULL, sku"
        + " varchar(20) NOT NULL, qty int NOT NULL, note " + text + ", PRIMARY KEY (shop, sku))");
  }

  private static void stock(TestDatabase db, Object[][] rows) throws Exception {
    try (Connection c = TestDatabases.connect(db);
        PreparedStatement p = c.prepareStatement("INSERT INTO stock VALUES (?, ?, ?, ?)")) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          p.setObject(i + 1, row[i]);
        }
        p.executeUpdate();
      }
    }
  }

  private static List<String> snapshot(TestDatabase db) {
    List<String> rows = new ArrayList<>(Sql.rows(db, "SELECT * FROM item ORDER BY id"));
    rows.addAll(Sql.rows(db, "SELECT * FROM stock ORDER BY shop, sku"));
    return rows;
  }

  private static TestDatabase fresh(String engine) {
    return switch (engine) {
      case "postgres" -> TestDatabases.freshPostgres();
      case "mariadb" -> TestDatabases.freshMariaDb();
      default -> TestDatabases.freshH2();
    };
  }
}
