package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code merge: newer-wins} (docs/merge.md): a row whose key the target holds is written where
 * the source's version is newer and kept where the target's is; NULL is older than any value;
 * equal versions with other values are a conflict (a tie) that keeps the target's row and makes
 * the run exit 3.
 */
class MergeNewerWinsIT {

  @TempDir Path dir;

  /** 1 the same; 2 newer in the source; 3 newer in the target; 5 NULL in the source; 6 new. */
  private static final String SOURCE = "(1, 10, '2024-01-01 10:00:00'),"
      + " (2, 25, '2024-03-01 10:00:00'), (3, 30, '2024-01-01 10:00:00'), (5, 50, NULL),"
      + " (6, 60, '2024-01-01 10:00:00')";
  private static final String TARGET = "(1, 10, '2024-01-01 10:00:00'),"
      + " (2, 20, '2024-01-01 10:00:00'), (3, 33, '2024-02-01 10:00:00'),"
      + " (5, 55, '2024-01-01 10:00:00'), (9, 90, NULL)";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite"})
  void theNewerRowWinsAndARerunChangesNothingAndExitsZero(String engine) throws IOException {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(engine, source, SOURCE);
    orders(engine, target, TARGET);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("newer-by: updated_at");

    // when
    Cli.Run dry = copy(source.url(), to, "dry", "--config", config.toString(), "--dry-run");
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());
    Cli.Run again = copy(source.url(), to, "again", "--config", config.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, amount FROM orders ORDER BY id"))
        .containsExactly("1|10", "2|25", "3|33", "5|55", "6|60", "9|90");
    assertThat(MergeIT.counts(fates(run))).containsExactly(1L, 1L, 1L, 2L, 0L);
    assertThat(Files.readString(dir.resolve("run/merge-audit.jsonl")))
        .contains("\"key\":\"2\",\"fate\":\"updated\",\"status\":\"ok\",\"columns\":[\"amount\","
            + "\"updated_at\"]}",
            "\"key\":\"3\",\"fate\":\"skipped\",\"reason\":\"newer in target\",\"status\":\"skip\","
            + "\"target\":\"",
            "\"key\":\"5\",\"fate\":\"skipped\",\"reason\":\"newer in target\",\"status\":\"skip\","
            + "\"target\":\"");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("dry/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("run/merge-audit.jsonl")));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(MergeIT.counts(fates(again))).containsExactly(0L, 0L, 3L, 2L, 0L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "h2"})
  void aTieKeepsTheTargetsRowAndTheRunAndItsDryRunExitThree(String engine) throws IOException {
    // given: equal versions, and two NULL versions, with other amounts
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(engine, source, "(4, 40, '2024-01-01 10:00:00'), (7, 70, NULL)");
    orders(engine, target, "(4, 44, '2024-01-01 10:00:00'), (7, 77, NULL)");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();

    // when
    Cli.Run dry = copy(source.url(), to, "dry", "--config",
        config("newer-by: updated_at").toString(), "--dry-run");
    Cli.Run run = copy(source.url(), to, "run", "--config",
        config("newer-by: updated_at").toString());

    // then: the dry run says what the run then does, its exit code included
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(3);
    assertThat(MergeIT.counts(fates(dry))).containsExactly(0L, 0L, 0L, 0L, 2L);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(Sql.rows(target, "SELECT id, amount FROM orders ORDER BY id"))
        .containsExactly("4|44", "7|77");
    assertThat(MergeIT.counts(fates(run))).containsExactly(0L, 0L, 0L, 0L, 2L);
    assertThat(Files.readString(dir.resolve("run/merge-audit.jsonl")))
        .contains("\"key\":\"4\",\"fate\":\"conflict\",\"reason\":\"tie\",\"status\":"
            + "\"conflict\",\"target\":\"");
  }

  @Test
  void aVersionColumnThatDoesNotCompareIsRefusedWithItsLineBeforeAnyWrite() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("postgres");
    TestDatabase target = MergeIT.fresh("postgres");
    orders("postgres", source, SOURCE);
    orders("postgres", target, TARGET);
    Sql.exec(source, "ALTER TABLE orders ADD note text");
    Sql.exec(target, "ALTER TABLE orders ADD note text");

    // when
    Cli.Run text = copy(source.url(), target.url(), "t", "--config",
        config("newer-by: note").toString());
    Cli.Run missing = copy(source.url(), target.url(), "m", "--merge", "newer-wins");

    // then
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
    assertThat(text.err()).contains("ferry.yaml:4: tables: orders.newer-by: column 'note' is"
        + " text in the source");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("no version column is named");
    assertThat(Sql.rows(target, "SELECT amount FROM orders WHERE id = 2")).containsExactly("20");
    assertThat(Sql.count(target, "orders")).isEqualTo(5);
  }

  private Path config(String newerBy) throws IOException {
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  orders:\n    merge: newer-wins\n    " + newerBy + "\n");
    return config;
  }

  private static void orders(String engine, TestDatabase db, String rows) {
    String ts = engine.equals("mariadb") ? "datetime(6)" : "timestamp";
    Sql.exec(db, "CREATE TABLE orders (id int PRIMARY KEY, amount int, updated_at " + ts + ")",
        "INSERT INTO orders VALUES " + rows);
  }

  private JsonNode fates(Cli.Run run) throws IOException {
    return Json.mapper().readTree(dir.resolve(reports.get(run)).resolve("run-report.json")
        .toFile()).path("tables").get(0).path("merge");
  }

  private final java.util.Map<Cli.Run, String> reports = new java.util.IdentityHashMap<>();

  private Cli.Run copy(String from, String to, String report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve(report).toString()));
    args.addAll(List.of(more));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    reports.put(run, report);
    return run;
  }
}
