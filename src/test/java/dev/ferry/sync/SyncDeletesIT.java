package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.exec;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deletes: true} (docs/sync.md, "Deletes"): a cycle deletes the target's rows of the
 * table that the source lacks, children before parents, pages of keys at a time, each row in
 * the cycle's audit; a table referenced by one without deletes is refused before anything is
 * written.
 */
class SyncDeletesIT {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void rowsTheSourceLacksAreDeletedChildrenFirstAcrossPagesAndAQuietCycleDeletesNothing(
      String engine) throws Exception {
    // given: besides customers and their orders, 25,000 items (three pages of keys); the target
    // has a customer of its own, and its tables are owned by a login that is no superuser
    TestDatabase source = SyncDatabases.source(engine);
    // and tags keyed by text, which the cycle looks up on the source page by page
    String items = "CREATE TABLE item (id INTEGER PRIMARY KEY, label VARCHAR(20))";
    String tags = "CREATE TABLE tag (code VARCHAR(20) PRIMARY KEY)";
    TestDatabase target = SyncDatabases.target(engine, items, tags,
        "INSERT INTO tag VALUES ('zz-local')");
    exec(source, tags, "INSERT INTO tag VALUES ('a'), ('b'), ('O''Brien'), ('c')");
    exec(source, items, engine.equals("postgres")
        ? "INSERT INTO item SELECT g, 'i' || g FROM generate_series(1, 25000) g"
        : "INSERT INTO item SELECT seq, CONCAT('i', seq) FROM seq_1_to_25000");
    Path file = config(dir, SyncDatabases.job("mirror", source.url(), target, "")
        .replace("    batch-size: 1\n", "")
        + "    tables:\n"
        + "      customer: {deletes: true}\n"
        + "      orders: {deletes: true}\n"
        + "      item: {deletes: true}\n"
        + "      tag: {deletes: true}\n");

    // when: a first cycle; then the source deletes a customer with its order, 1,221 items (on
    // both sides of the first page's end) and a tag, and the target adds an item of its own; a
    // second cycle, and a third
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");
    exec(source, "DELETE FROM orders WHERE id = 2", "DELETE FROM customer WHERE id = 2",
        "DELETE FROM item WHERE id BETWEEN 500 AND 1699 OR id BETWEEN 9990 AND 10010",
        "DELETE FROM tag WHERE code = 'b'");
    exec(target, "INSERT INTO item VALUES (90000, 'local')");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");
    Cli.Result third = Cli.run("sync", "--config", file.toString(), "--once");

    // then: the target holds what the source holds, the local rows gone too
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(rows(target, "SELECT id, name FROM customer ORDER BY id"))
        .containsExactly("1|ann");
    assertThat(rows(target, "SELECT id, note FROM orders ORDER BY id")).containsExactly("1|o1");
    assertThat(rows(target, "SELECT count(*), min(id), max(id) FROM item"))
        .containsExactly("23779|1|25000");
    assertThat(rows(target, "SELECT count(*) FROM item WHERE id BETWEEN 500 AND 1699"
        + " OR id BETWEEN 9990 AND 10010"))
        .containsExactly("0");
    assertThat(rows(target, "SELECT code FROM tag ORDER BY code"))
        .containsExactlyInAnyOrder("a", "c", "O'Brien");
    // status, inserted, deleted: the first cycle deletes the target's own customer and tag
    String table = engine.equals("postgres") ? "ferry.sync_cycles" : "ferry_sync_cycles";
    assertThat(rows(target, "SELECT status, inserted, deleted FROM " + table
        + " WHERE job = 'mirror' ORDER BY started_at"))
        .containsExactly("done|25008|2", "done|0|1225", "done|0|0");
    assertThat(second.out()).contains("1225 deleted").doesNotContain(SyncDatabases.PASSWORD);
    List<String> audit = auditLines(dir.resolve("runs/mirror"), "\"fate\":\"deleted\"");
    assertThat(audit).hasSize(1227).allSatisfy(line -> assertThat(line)
        .contains("\"reason\":\"not on the source\""));
    assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"key\":\"90000\"")
        .contains("item"));
    assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"key\":\"zz-local\""));
  }

  @Test
  void aTableThatATableWithoutDeletesReferencesIsRefusedBeforeTheCopyWritesAnything()
      throws Exception {
    // given: customers under deletes: true, their orders not
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, SyncDatabases.job("half", source.url(), target,
        "    tables:\n      customer: {deletes: true}\n"));

    // when
    Cli.Result run = Cli.run("sync", "--config", file.toString(), "--once");

    // then: refused naming the referencing table; the target as it was, no cycle recorded
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("orders").contains("deletes: true")
        .contains("nothing was written").doesNotContain("Exception");
    assertThat(rows(target, "SELECT id FROM customer ORDER BY id")).containsExactly("100");
    assertThat(rows(target, "SELECT count(*) FROM orders")).containsExactly("0");
    assertThat(rows(target, "SELECT count(*) FROM information_schema.tables"
        + " WHERE table_name = 'sync_cycles'")).containsExactly("0");
  }

  private static List<String> auditLines(Path runs, String containing) throws Exception {
    try (Stream<Path> files = Files.walk(runs)) {
      return files.filter(p -> p.getFileName().toString().equals("merge-audit.jsonl"))
          .flatMap(p -> {
            try {
              return Files.readAllLines(p).stream();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).filter(l -> l.contains(containing)).toList();
    }
  }
}
