package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused INSERT script run writes nothing: values the dialect cannot hold are found in the
 * source before the first file (named by table, column, count and first keys), and a directory
 * that is not ferry's is refused before anything is put into it.
 */
class ScriptRefusalsIT {

  @TempDir Path dir;

  @Test
  void valuesMysqlCannotHoldAreRefusedBeforeTheFirstFileWithTheirColumnsAndKeys() {
    // given: a clean first table, and NaN, infinities and a numeric NaN in the second
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE a (k int PRIMARY KEY, v text)",
        "INSERT INTO a VALUES (1, 'x')",
        "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a, m double precision,"
            + " n numeric)",
        "INSERT INTO b VALUES (1, 1, 1.5, 1), (2, 1, 'NaN', 2), (5, 1, 'NaN', 3),"
            + " (7, 1, '-Infinity', 4), (9, 1, 'Infinity', 'NaN'), (11, 1, 2, 5)");
    Path out = dir.resolve("mysql");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "mysql",
        "--out", out.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("refused before writing anything (2 problems)",
        "public.b.m: 4 values mysql scripts cannot hold (NaN and infinite floating-point"
            + " numbers), the first at id=2, id=5, id=7",
        "public.b.n: 1 value mysql scripts cannot hold (decimal NaN and infinities), at id=9");
    assertThat(run.err()).doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  @Test
  void textPostgresCannotHoldIsRefusedBeforeTheFirstFile() throws Exception {
    // given: MariaDB text with NUL characters, in a table without a key
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, """
        CREATE TABLE notes (body LONGTEXT, at DATETIME(6));
        INSERT INTO notes VALUES ('fine', '2024-01-01'), (CONCAT('a', CHAR(0), 'b'), NULL),
          ('also fine', '2024-01-02');
        """);
    Path out = dir.resolve("pg");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    // (not the dialect's name: the test server's password is "postgres", which messages mask)
    assertThat(run.err()).contains("notes.body: 1 value ", " scripts cannot hold (text holding"
        + " the NUL character (U+0000)), at row 2");
    assertThat(out).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNotFerrysIsRefusedAndLeftAsItWas() throws Exception {
    // given
    TestDatabase source = ScriptFixtures.source("postgres");
    Path out = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    Path file = Files.writeString(dir.resolve("a-file"), "mine too");

    // when
    Cli.Run busy = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString(), "--report", dir.resolve("r1").toString());
    Cli.Run aFile = Cli.run("script", "inserts", "--from", source.url(), "--dialect",
        "postgres", "--out", file.toString(), "--report", dir.resolve("r2").toString());

    // then
    assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(2);
    assertThat(busy.err()).contains("notes.txt", "Nothing was written");
    assertThat(ScriptFixtures.files(out)).isEqualTo(Map.of("notes.txt", "mine"));
    assertThat(aFile.exitCode()).as(aFile.toString()).isEqualTo(2);
    assertThat(aFile.err()).contains("is a file");
    assertThat(Files.readString(file)).isEqualTo("mine too");
  }

  @Test
  void earlierScriptsInTheDirectoryAreReplacedByTheSameBytes() throws Exception {
    // given
    TestDatabase source = ScriptFixtures.source("postgres");
    Path out = dir.resolve("again");
    Cli.Run first = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString(), "--report", dir.resolve("r1").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Map<String, String> once = ScriptFixtures.files(out);

    // when
    Cli.Run second = Cli.run("script", "inserts", "--from", source.url(), "--dialect",
        "postgres", "--out", out.toString(), "--report", dir.resolve("r2").toString());

    // then
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(ScriptFixtures.files(out)).isEqualTo(once);
  }

  @Test
  void aRemapWhoseOutIsADirectoryWritesNothing() throws Exception {
    // given
    TestDatabase source = ScriptFixtures.source("postgres");
    TestDatabase target = ScriptFixtures.target("postgres", false);
    Path config = ScriptFixtures.config(dir);
    Path map = dir.resolve("user-map.csv");
    assertThat(Cli.run("--config", config.toString(), "users", "map", "--from", source.url(),
        "--to", target.url(), "--out", map.toString()).exitCode()).isZero();
    Path out = Files.createDirectories(dir.resolve("scripts").resolve("remap.sql"));

    // when
    Cli.Run run = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", target.url(), "--users-map", map.toString(), "--dialect",
        "postgres", "--out", out.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("is a directory", "Nothing was written");
    assertThat(InsertScriptsIT.fileNames(dir.resolve("scripts"))).containsExactly("remap.sql");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aRemapWithoutAnInverseRemovesTheInverseOfAnEarlierMap() throws Exception {
    // given: an earlier run with a one-to-one map wrote an inverse beside remap.sql
    TestDatabase source = ScriptFixtures.source("postgres");
    TestDatabase target = ScriptFixtures.target("postgres", false);
    Path config = ScriptFixtures.config(dir);
    Path oneToOne = dir.resolve("user-map.csv");
    assertThat(Cli.run("--config", config.toString(), "users", "map", "--from", source.url(),
        "--to", target.url(), "--out", oneToOne.toString()).exitCode()).isZero();
    Path out = dir.resolve("remap.sql");
    Cli.Run first = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", target.url(), "--users-map", oneToOne.toString(), "--dialect",
        "postgres", "--out", out.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(dir.resolve("remap.inverse.sql")).exists();
    // users 5 and 6 both become target user 6: no inverse can tell their rows apart
    Path manyToOne = Files.writeString(dir.resolve("many-to-one.csv"),
        "source_key,target_key\n1,3\n2,1\n3,2\n4,4\n5,6\n6,6\n");

    // when
    Cli.Run second = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", target.url(), "--users-map", manyToOne.toString(), "--dialect",
        "postgres", "--out", out.toString());

    // then
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("no inverse script");
    assertThat(dir.resolve("remap.inverse.sql")).doesNotExist();
  }

  @Test
  void aNameAUtf8ScriptCannotWriteIsRefusedBeforeTheFirstFile() {
    // given: an H2 table whose column name holds half a surrogate pair
    TestDatabase source = TestDatabases.freshH2();
    Sql.exec(source, "CREATE TABLE \"ok\" (\"id\" INT PRIMARY KEY)",
        "INSERT INTO \"ok\" VALUES (1)",
        "CREATE TABLE \"t\" (\"id\" INT PRIMARY KEY, \"a\uD800b\" INT)",
        "INSERT INTO \"t\" VALUES (1, 2)");
    Path out = dir.resolve("names");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "sqlserver",
        "--out", out.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("half of a UTF-16 surrogate pair");
    assertThat(out).doesNotExist();
  }
}
