package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inserted rows are journaled packed, up to {@link JournalWriter#PACK} to a journal row
 * (docs/rollback.md): keys with quotes, brackets, commas and backslashes survive the packing;
 * packs cut inside and across chunks are counted, checked row by row and undone.
 */
class RollbackPackedIT {

  private static final int ROWS = 1_203;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "h2", "sqlite"})
  void packedInsertsAreCountedCheckedRowByRowAndUndone(String engine) throws Exception {
    // given: 1,203 new rows under a composite text key, written in chunks of 700; a dry
    // rollback; then one of them changed
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    String ddl = "CREATE TABLE tag (code varchar(60), lang varchar(10), label varchar(100),"
        + " PRIMARY KEY (code, lang))";
    Sql.exec(source, ddl);
    Sql.exec(target, ddl, "INSERT INTO tag VALUES ('own', 'en', 'kept')");
    try (Connection c = dev.ferry.testing.TestDatabases.connect(source);
        PreparedStatement ps = c.prepareStatement("INSERT INTO tag VALUES (?, ?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setString(1, code(i));
        ps.setString(2, i % 2 == 0 ? "en" : "d\"e");
        ps.setString(3, "label " + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    JsonNode before = fingerprint(to);
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--batch-size", "700", "--report", dir.resolve("run").toString());
    String runId = Json.mapper().readTree(Files.readString(dir.resolve("run")
        .resolve("run-report.json"))).path("runId").asText();
    long journalRows = Sql.count(target, journal(engine));
    Cli.Run dry = Cli.run("rollback", "--to", to, "--run", runId, "--dry-run");
    try (Connection c = dev.ferry.testing.TestDatabases.connect(target);
        PreparedStatement ps = c.prepareStatement(
            "UPDATE tag SET label = 'changed' WHERE code = ? AND lang = ?")) {
      ps.setString(1, code(601));
      ps.setString(2, "d\"e");
      ps.executeUpdate();
    }

    // when
    Cli.Run refused = Cli.run("rollback", "--to", to, "--run", runId);
    Cli.Run forced = Cli.run("rollback", "--to", to, "--run", runId, "--force");

    // then: chunk 1's 700 rows in packs of 500 and 200, chunk 2's 503 in 500 and 3, and each
    // chunk's checkpoint boundary
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(journalRows).isEqualTo(6);
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains(ROWS + " inserted rows deleted");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("1 row was changed since run", code(601).substring(0, 4),
        "the run inserted it, and it was changed since");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
    assertThat(Sql.count(target, journal(engine))).isZero();
  }

  /** A key with JSON's and SQL's special characters. */
  private static String code(int i) {
    return i + "'\"[],\\ ß😀";
  }

  private static String journal(String engine) {
    return switch (engine) {
      case "postgres" -> "ferry.row_journal";
      case "h2" -> "FERRY.ROW_JOURNAL";
      default -> "ferry_row_journal";
    };
  }

  private JsonNode fingerprint(String url) throws Exception {
    Path out = dir.resolve("fp-" + System.nanoTime() + ".json");
    Cli.Run run = Cli.run("fingerprint", url, "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Json.mapper().readTree(Files.readString(out)).path("tables");
  }
}
