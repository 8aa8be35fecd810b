package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A merge into tables whose schema differs from the source's in a way that matters is refused
 * before the first write with one diff; differences that do not matter pass (docs/merge.md).
 */
class MergeSchemaIT {

  @TempDir Path dir;

  private static final String SOURCE = """
      CREATE TABLE a (id int PRIMARY KEY, name varchar(40), note varchar(200));
      CREATE TABLE b (id int PRIMARY KEY, v int);
      CREATE TABLE c (id int PRIMARY KEY, v int);
      CREATE TABLE d (id int PRIMARY KEY, name varchar(40), x int);
      INSERT INTO a VALUES (1, 'one', 'n'), (2, 'two', NULL);
      INSERT INTO b VALUES (1, 10), (2, 20);
      INSERT INTO c VALUES (1, 10), (2, 20);
      INSERT INTO d VALUES (1, 'one', 10), (2, 'two', 20);
      """;

  /** a lacks a column, b has another key, c a NOT NULL column the source lacks; d is fine. */
  private static final String TARGET = """
      CREATE TABLE a (id int PRIMARY KEY, name varchar(40));
      CREATE TABLE b (id int NOT NULL, v int NOT NULL, PRIMARY KEY (id, v));
      CREATE TABLE c (id int PRIMARY KEY, v int, tenant int NOT NULL);
      CREATE TABLE d (x int, id int PRIMARY KEY, name varchar(100), extra int);
      INSERT INTO a VALUES (1, 'ONE');
      INSERT INTO b VALUES (1, 11);
      INSERT INTO c VALUES (1, 11, 7);
      INSERT INTO d VALUES (11, 1, 'ONE', 5);
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb"})
  void differencesThatMatterAreRefusedAsOneDiffBeforeTheFirstWrite(String engine) {
    // given
    TestDatabase source = fresh(engine);
    TestDatabase target = fresh(engine);
    Sql.exec(source, SOURCE.split(";\\s*"));
    Sql.exec(target, TARGET.split(";\\s*"));
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    List<String> before = rows(target);

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err().toLowerCase(java.util.Locale.ROOT)).containsOnlyOnce("the schema of 3 merged tables differs")
        .contains("- note varchar", "key: the source's rows are matched by (id)",
            "primary key (id, v)", "+ tenant ", "not null: only in the target")
        .doesNotContain("has no column", "public.d ->", "d -> d");
    assertThat(rows(target)).isEqualTo(before);
    if (engine.equals("postgres")) {
      assertThat(Sql.rows(target, "SELECT count(*) FROM information_schema.tables"
          + " WHERE table_schema = 'ferry'")).containsExactly("0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb"})
  void columnOrderAnExtraNullableColumnAndALongerTextDoNotMatter(String engine) {
    // given
    TestDatabase source = fresh(engine);
    TestDatabase target = fresh(engine);
    Sql.exec(source, SOURCE.split(";\\s*"));
    Sql.exec(target, TARGET.split(";\\s*"));
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--include", "d", "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, name, x, extra FROM d ORDER BY id"))
        .containsExactly("1|one|10|5", "2|two|20|null");
  }

  private static List<String> rows(TestDatabase db) {
    List<String> rows = new java.util.ArrayList<>();
    for (String t : List.of("a", "b", "c", "d")) {
      rows.addAll(Sql.rows(db, "SELECT * FROM " + t + " ORDER BY id"));
    }
    return rows;
  }

  private static TestDatabase fresh(String engine) {
    return engine.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
  }
}
