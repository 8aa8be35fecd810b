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
 * {@code ferry verify} after a merge (docs/verification.md, "Merged tables"): it passes exactly
 * when the target is what the table's merge mode promises, says what it accepted, and fails,
 * located by key, when a kept row is no longer as the run left it ({@code skip}) or a target row
 * is older than the source's and different ({@code newer-wins}).
 */
class VerifyMergeModesIT {

  @TempDir Path dir;

  /** 1 the same; 2, 3 and 5 differ; 6 new; the target's 9 the source lacks. */
  private static final String SOURCE = "(1, 10, '2024-01-01 10:00:00'),"
      + " (2, 25, '2024-03-01 10:00:00'), (3, 30, '2024-01-01 10:00:00'), (5, 50, NULL),"
      + " (6, 60, '2024-01-01 10:00:00')";
  private static final String TARGET = "(1, 10, '2024-01-01 10:00:00'),"
      + " (2, 20, '2024-01-01 10:00:00'), (3, 33, '2024-02-01 10:00:00'),"
      + " (5, 55, '2024-01-01 10:00:00'), (9, 90, NULL)";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void afterSkipVerifyProvesTheKeptRowsUntouchedAndNamesTheOneChangedByHand(String engine)
      throws IOException {
    // given: a skip merge that kept the target's rows 2, 3 and 5
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(engine, source, SOURCE);
    orders(engine, target, TARGET);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("merge: skip");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("run").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();

    // when
    Cli.Run refused = verify(source.url(), to, "refused", config);
    Cli.Run intact = verify(source.url(), to, "intact", config, "--audit",
        dir.resolve("run").toString());
    Sql.exec(target, "UPDATE orders SET amount = 34 WHERE id = 3");
    Cli.Run changed = verify(source.url(), to, "changed", config, "--audit",
        dir.resolve("run/merge-audit.jsonl").toString());
    Sql.exec(target, "UPDATE orders SET amount = 33 WHERE id = 3",
        "UPDATE orders SET amount = 25, updated_at = '2024-03-01 10:00:00' WHERE id = 2");
    Cli.Run madeEqual = verify(source.url(), to, "equal", config, "--audit",
        dir.resolve("run").toString());

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("ferry.yaml:3: tables: orders: merge: skip", "--audit");
    assertThat(dir.resolve("refused")).doesNotExist();
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    JsonNode merge = VerifyThroughIdMapIT.table(report("intact"), "orders").path("merge");
    assertThat(merge.path("mode").asText()).isEqualTo("skip");
    assertThat(merge.path("accepted").path("kept target (skip, unchanged since the run)")
        .asLong()).isEqualTo(3);
    assertThat(merge.path("accepted").path("target only (not written by the run)").asLong())
        .isEqualTo(1);
    assertThat(merge.path("sourceRowsEqual").asLong()).isEqualTo(2);
    assertThat(intact.out()).contains("kept target (skip, unchanged since the run): 3");
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(3);
    JsonNode listed = VerifyThroughIdMapIT.table(report("changed"), "orders")
        .path("differences").path("listed");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("key").get(0).asText()).isEqualTo("3");
    assertThat(listed.get(0).path("kind").asText()).isEqualTo("changed");
    assertThat(changed.out().toLowerCase(java.util.Locale.ROOT)).contains("id=[3]");
    // a kept row made equal to the source's is not as the run left it either
    assertThat(madeEqual.exitCode()).as(madeEqual.toString()).isEqualTo(3);
    JsonNode lost = VerifyThroughIdMapIT.table(report("equal"), "orders")
        .path("differences").path("listed");
    assertThat(lost).hasSize(1);
    assertThat(lost.get(0).path("kind").asText()).isEqualTo("kept-altered");
    assertThat(lost.get(0).path("key").get(0).asText()).isEqualTo("2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite"})
  void afterNewerWinsVerifyAcceptsTheNewerTargetRowsAndFailsAnOlderOne(String engine)
      throws IOException {
    // given: a newer-wins merge that wrote 2 and kept 3 and 5 (newer in the target)
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(engine, source, SOURCE);
    orders(engine, target, TARGET);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("merge: newer-wins\n    newer-by: updated_at");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("run").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();

    // when
    Cli.Run plain = verify(source.url(), to, "plain", null);
    Cli.Run intact = verify(source.url(), to, "intact", config);
    Sql.exec(target, "UPDATE orders SET amount = 31, updated_at = '2023-12-01 10:00:00'"
        + " WHERE id = 3");
    Cli.Run older = verify(source.url(), to, "older", config);

    // then: without the merge's settings the kept rows are differences, with them accepted
    assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(3);
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    JsonNode merge = VerifyThroughIdMapIT.table(report("intact"), "orders").path("merge");
    assertThat(merge.path("accepted").path("kept target (newer)").asLong()).isEqualTo(2);
    assertThat(merge.path("accepted").path("target only (not written by the run)").asLong())
        .isEqualTo(1);
    assertThat(older.exitCode()).as(older.toString()).isEqualTo(3);
    JsonNode listed = VerifyThroughIdMapIT.table(report("older"), "orders")
        .path("differences").path("listed");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("key").get(0).asText()).isEqualTo("3");
    assertThat(listed.get(0).path("reason").asText()).contains("older than the source's");
  }

  @Test
  void aTieKeepsTheTargetsRowAndVerifySaysItAcceptedIt() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("h2");
    TestDatabase target = MergeIT.fresh("h2");
    orders("h2", source, "(4, 40, '2024-01-01 10:00:00'), (7, 70, NULL)");
    orders("h2", target, "(4, 44, '2024-01-01 10:00:00'), (7, 77, NULL)");
    Path config = config("merge: newer-wins\n    newer-by: updated_at");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("run").toString());

    // when
    Cli.Run verify = verify(source.url(), target.url(), "tie", config);

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(3);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(VerifyThroughIdMapIT.table(report("tie"), "orders").path("merge")
        .path("accepted").path("kept target (tie, recorded as a conflict)").asLong())
        .isEqualTo(2);
  }

  @Test
  void afterUpdateTheTargetsOwnRowsAreAcceptedAndAChangedRowFails() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("postgres");
    TestDatabase target = MergeIT.fresh("postgres");
    orders("postgres", source, SOURCE);
    orders("postgres", target, TARGET);
    String to = ForeignKeySetAsideIT.ownerOf(target);
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", "update",
        "--report", dir.resolve("run").toString());

    // when
    Cli.Run intact = verify(source.url(), to, "intact", null, "--merge", "update");
    Sql.exec(target, "UPDATE orders SET amount = 61 WHERE id = 6");
    Cli.Run changed = verify(source.url(), to, "changed", null, "--merge", "update");

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    assertThat(VerifyThroughIdMapIT.table(report("intact"), "orders").path("merge")
        .path("accepted").path("target only (not written by the run)").asLong()).isEqualTo(1);
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(3);
    assertThat(changed.out()).contains("id=[6]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb"})
  void underKeysMatchTheKeptRowIsFoundThroughTheIdMap(String engine) throws IOException {
    // given: ann kept as the target had her (skip), paired by email; zed the target's own
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    MatchIT.tables(engine, source);
    MatchIT.tables(engine, target);
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (11, 'ann@x.org', 'ann'),"
            + " (12, 'bob@x.org', 'bob')",
        "INSERT INTO orders (id, customer_id, note) VALUES (21, 11, 'a')");
    Sql.exec(target, "INSERT INTO customer (email, name) VALUES ('ann@x.org', 'old ann')",
        "INSERT INTO customer (email, name) VALUES ('zed@x.org', 'zed')");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  customer:\n    keys: match\n    match: [email]\n"
        + "    merge: skip\n  orders: {keys: remap}\n");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("run").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();

    // when
    Cli.Run intact = verify(source.url(), to, "intact", config, "--audit",
        dir.resolve("run").toString());
    Sql.exec(target, "UPDATE customer SET name = 'older ann' WHERE email = 'ann@x.org'");
    Cli.Run changed = verify(source.url(), to, "changed", config, "--audit",
        dir.resolve("run").toString());

    // then
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    JsonNode merge = VerifyThroughIdMapIT.table(report("intact"), "customer").path("merge");
    assertThat(merge.path("accepted").path("kept target (skip, unchanged since the run)")
        .asLong()).isEqualTo(1);
    assertThat(merge.path("accepted").path("target only (not written by the run)").asLong())
        .isEqualTo(1);
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(3);
    assertThat(changed.out()).contains("id=[1]", "older ann");
  }

  // ---- helpers ----

  private Path config(String settings) throws IOException {
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "# the copy's settings\ntables:\n  orders:\n    " + settings
        + "\n");
    return config;
  }

  private static void orders(String engine, TestDatabase db, String rows) {
    String ts = engine.equals("mariadb") ? "datetime(6)" : "timestamp";
    Sql.exec(db, "CREATE TABLE orders (id int PRIMARY KEY, amount int, updated_at " + ts + ")",
        "INSERT INTO orders VALUES " + rows);
  }

  private Cli.Run verify(String from, String to, String out, Path config, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--from", from, "--to", to, "--out",
        dir.resolve(out).toString()));
    if (config != null) {
      args.addAll(List.of("--config", config.toString()));
    }
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private JsonNode report(String out) throws IOException {
    return Json.mapper().readTree(Files.readString(dir.resolve(out).resolve("verification.json")));
  }
}
