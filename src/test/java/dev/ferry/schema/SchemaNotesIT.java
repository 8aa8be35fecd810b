package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the catalog does not carry, read from a real engine and noted by {@code ferry schema}. */
class SchemaNotesIT {

  @TempDir Path dir;

  @Test
  void mariaDbOnUpdateCurrentTimestampIsNotedNotLostSilently() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, "CREATE TABLE seen (id INT PRIMARY KEY, at TIMESTAMP NOT NULL"
        + " DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, plain DATETIME)");
    Path out = dir.resolve("notes");

    Cli.Result result = Cli.run("schema", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String notes = Files.readString(out.resolve("schema-notes.txt"));
    assertThat(notes).contains("seen.at: ON UPDATE CURRENT_TIMESTAMP", "left out")
        .doesNotContain("seen.plain: ON UPDATE");
  }

  @Test
  void copyCreateSchemaNotesMariaDbOnUpdateCurrentTimestampInItsRunReport() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, "CREATE TABLE seen (id INT PRIMARY KEY, at TIMESTAMP NOT NULL"
        + " DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, plain DATETIME)");
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    Path report = dir.resolve("run");

    // when
    Cli.Result result = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", report.toString());

    // then: in the run report's notes and on the console, as ferry schema notes it
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(report.resolve("run-report.json")))
        .contains("seen.at: ON UPDATE CURRENT_TIMESTAMP", "left out")
        .doesNotContain("seen.plain: ON UPDATE");
    assertThat(result.err() + result.logs()).contains("seen.at: ON UPDATE CURRENT_TIMESTAMP");
  }

}
