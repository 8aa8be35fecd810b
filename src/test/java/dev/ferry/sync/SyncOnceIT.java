package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.cycles;
import static dev.ferry.sync.SyncDatabases.exec;
import static dev.ferry.sync.SyncDatabases.job;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry sync --once} (docs/sync.md): a cycle carries what changed on the source between
 * two cycles, keeps the target's own rows as the merge mode says, records itself in the
 * target's {@code sync_cycles}, and a cycle with nothing changed writes no row.
 */
class SyncOnceIT {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void changesBetweenCyclesAreCarriedLocalRowsKeptAndAQuietCycleWritesNothing(String engine)
      throws Exception {
    // given: orders merged under skip (the target's edits win), customers under update
    TestDatabase source = SyncDatabases.source(engine);
    TestDatabase target = SyncDatabases.target(engine);
    Path file = config(dir, job("crm", source.url(), target,
        "    tables:\n      orders: {merge: skip}\n"));

    // when: a first cycle, then changes on both sides, a second cycle, and a third
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");
    exec(source, "INSERT INTO customer (id, name) VALUES (3, 'cid')",
        "UPDATE customer SET name = 'ann-2' WHERE id = 1",
        "UPDATE orders SET note = 'o1-source' WHERE id = 1");
    exec(target, "UPDATE orders SET note = 'o2-local' WHERE id = 2");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");
    List<String> afterSecond = everything(target);
    List<String> versions = versions(target);
    Cli.Result third = Cli.run("sync", "--config", file.toString(), "--once", "--job", "crm");

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(rows(target, "SELECT id, name FROM customer ORDER BY id"))
        .containsExactly("1|ann-2", "2|bob", "3|cid", "100|local");
    assertThat(rows(target, "SELECT id, note FROM orders ORDER BY id"))
        .as("skip keeps the target's rows: its own edit, and the source's change not taken")
        .containsExactly("1|o1", "2|o2-local");
    // status, inserted, updated, unchanged, skipped, conflicts: between two PostgreSQL
    // databases a cycle reads only the rows of key-hash ranges that differ, so the rows it
    // leaves alone are not counted unchanged (MariaDB's cycles read and compare every row)
    assertThat(cycles(target, "crm")).containsExactly(engine.equals("postgres")
        ? new String[] {"done|4|0|0|0|0", "done|1|1|0|2|0", "done|0|0|0|2|0"}
        : new String[] {"done|4|0|0|0|0", "done|1|1|1|2|0", "done|0|0|3|2|0"});
    assertThat(everything(target)).isEqualTo(afterSecond);
    assertThat(versions(target)).as("no row written by the quiet cycle").isEqualTo(versions);
    assertThat(third.out()).contains("job crm: done").contains("0 inserted, 0 updated")
        .doesNotContain(SyncDatabases.PASSWORD);
  }

  @Test
  void aPullJobReadsItsTargetAndWritesItsSourceWhereItsStateLives() throws Exception {
    // given: a spoke, owned by a login that is no superuser, pulls from a hub
    TestDatabase hub = SyncDatabases.source("postgres");
    TestDatabase spoke = SyncDatabases.target("postgres");
    Path file = config(dir, "  - name: spoke\n    direction: pull\n"
        + "    source:\n      url: '" + spoke.url() + "'\n      password-file: owner.pw\n"
        + "    target: {url: '" + hub.url() + "'}\n    batch-size: 1\n");

    // when
    Cli.Result run = Cli.run("sync", "--config", file.toString(), "--once");

    // then: the hub's rows are in the spoke, beside its own; the cycle is recorded there, and
    // the hub is only read
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rows(spoke, "SELECT id, name FROM customer ORDER BY id"))
        .containsExactly("1|ann", "2|bob", "100|local");
    assertThat(rows(spoke, "SELECT id, note FROM orders ORDER BY id"))
        .containsExactly("1|o1", "2|o2");
    assertThat(cycles(spoke, "spoke")).containsExactly("done|4|0|0|0|0");
    assertThat(rows(hub, "SELECT count(*) FROM information_schema.schemata"
        + " WHERE schema_name = 'ferry'")).containsExactly("0");
    assertThat(rows(hub, "SELECT count(*) FROM customer")).containsExactly("2");
  }

  @Test
  void bothDirectionsEndWithTheNewerRowOnBothSidesAndAQuietCycleWritesNothing()
      throws Exception {
    // given: two databases that started equal, then each changed a row of its own, both changed
    // row 3 (the first more recently) and each added one
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshPostgres();
    items(a, b);
    exec(a, "UPDATE item SET name = 'one-a', version = 2 WHERE id = 1",
        "UPDATE item SET name = 'three-a', version = 3 WHERE id = 3",
        "INSERT INTO item VALUES (4, 'four-a', 1)");
    exec(b, "UPDATE item SET name = 'two-b', version = 2 WHERE id = 2",
        "UPDATE item SET name = 'three-b', version = 2 WHERE id = 3",
        "INSERT INTO item VALUES (5, 'five-b', 1)");
    Path file = config(dir, "  - name: pair\n    direction: both\n"
        + "    source: {url: '" + a.url() + "'}\n    target: {url: '" + b.url() + "'}\n"
        + "    merge: newer-wins\n    tables:\n"
        + "      item: {merge: newer-wins, newer-by: version}\n");

    // when
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");

    // then: both sides hold the newer version of every row
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    List<String> expected = List.of("1|one-a|2", "2|two-b|2", "3|three-a|3", "4|four-a|1",
        "5|five-b|1");
    assertThat(rows(a, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(expected);
    assertThat(rows(b, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(expected);
    // each half recorded where it wrote; the second cycle found every key-hash range the same
    // on both sides, and read no row either way
    // status, inserted, updated, unchanged, skipped, conflicts
    assertThat(cycles(b, "pair")).containsExactly("done|1|2|0|1|0", "done|0|0|0|0|0");
    assertThat(cycles(a, "pair")).containsExactly("done|1|1|0|0|0", "done|0|0|0|0|0");
    assertThat(second.out()).contains("job pair: done");
  }

  @Test
  void aWinnersChangesPrevailAndTheOtherSidesStillTravelWithoutComingBackOverANewerOne()
      throws Exception {
    // given: PostgreSQL and MariaDB holding the same rows, a first cycle to mark them, then
    // changes on both sides, row 3 on both (the loser's version the higher), the winner the
    // target (MariaDB)
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshMariaDb();
    items(a, b);
    Path file = config(dir, pair(a, b, "target"));
    List<Cli.Result> cycles = new java.util.ArrayList<>();
    cycles.add(Cli.run("sync", "--config", file.toString(), "--once"));
    exec(a, "UPDATE item SET name = 'one-a', version = 7 WHERE id = 1",
        "UPDATE item SET name = 'three-a', version = 3 WHERE id = 3",
        "INSERT INTO item VALUES (4, 'four-a', 3)");
    exec(b, "UPDATE item SET name = 'two-b', version = 2 WHERE id = 2",
        "UPDATE item SET name = 'three-b', version = 2 WHERE id = 3",
        "INSERT INTO item VALUES (5, 'five-b', 2)");

    // when: a cycle; then the loser changes row 1 again, which the winner holds only as the
    // loser's last cycle wrote it, and two more cycles
    cycles.add(Cli.run("sync", "--config", file.toString(), "--once"));
    List<String> afterSecond = rows(a, "SELECT id, name, version FROM item ORDER BY id");
    exec(a, "UPDATE item SET name = 'one-a2', version = 8 WHERE id = 1");
    cycles.add(Cli.run("sync", "--config", file.toString(), "--once"));
    cycles.add(Cli.run("sync", "--config", file.toString(), "--once"));

    // then: row 3 is the winner's on both sides, every other change travelled, and the
    // loser's second change of row 1 was not undone by its first coming back
    cycles.forEach(c -> assertThat(c.exitCode()).as(c.toString()).isZero());
    assertThat(afterSecond).containsExactly("1|one-a|7", "2|two-b|2", "3|three-b|2",
        "4|four-a|3", "5|five-b|2");
    List<String> expected = List.of("1|one-a2|8", "2|two-b|2", "3|three-b|2", "4|four-a|3",
        "5|five-b|2");
    assertThat(rows(a, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(expected);
    assertThat(rows(b, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(expected);
    // the winner's half is recorded where it wrote (a), first; the other's in b
    // status, inserted, updated, unchanged, skipped, conflicts
    assertThat(cycles(a, "pair")).containsExactly("done|0|0|3|0|0", "done|1|2|0|0|0",
        "done|0|0|1|1|0", "done|0|0|1|0|0");
    assertThat(cycles(b, "pair")).containsExactly("done|0|0|3|0|0", "done|1|1|3|0|0",
        "done|0|1|0|0|0", "done|0|0|0|0|0");
    try (var audits = java.nio.file.Files.find(dir, 6, (f, attrs) -> f.getFileName()
        .toString().equals("merge-audit.jsonl"))) {
      assertThat(audits.map(f -> {
        try {
          return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).filter(t -> t.contains("winner changed")).toList()).singleElement().asString()
          .contains("\"key\":\"3\",\"fate\":\"updated\",\"reason\":\"winner changed\"");
    }
  }

  @Test
  void underWinnerNoneARowChangedOnBothSidesIsAConflictEveryCycleUntilTheSidesAgree()
      throws Exception {
    // given: two equal databases, a first cycle to mark them, then row 3 changed on both sides
    // and other rows on one side each
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshPostgres();
    items(a, b);
    Path file = config(dir, pair(a, b, "none"));
    List<Integer> exits = new java.util.ArrayList<>();
    Runnable cycle = () -> {
      Cli.Result r = Cli.run("sync", "--config", file.toString(), "--once");
      exits.add(r.exitCode());
    };
    cycle.run();
    exec(a, "UPDATE item SET name = 'one-a', version = 5 WHERE id = 1",
        "UPDATE item SET name = 'three-a', version = 3 WHERE id = 3",
        "INSERT INTO item VALUES (4, 'four-a', 2)");
    exec(b, "UPDATE item SET name = 'two-b', version = 2 WHERE id = 2",
        "UPDATE item SET name = 'three-b', version = 4 WHERE id = 3");

    // when: two cycles, then the operator makes row 3 agree, and two more
    cycle.run();
    cycle.run();
    List<String> conflicted = rows(a, "SELECT id, name, version FROM item ORDER BY id");
    exec(a, "UPDATE item SET name = 'three-b', version = 4 WHERE id = 3");
    cycle.run();
    cycle.run();

    // then: row 3 written neither way while the sides differed, a conflict each cycle (exit
    // 3), every other change carried; once they agree, clean cycles
    assertThat(exits).containsExactly(0, 3, 3, 0, 0);
    assertThat(conflicted).containsExactly("1|one-a|5", "2|two-b|2", "3|three-a|3",
        "4|four-a|2");
    List<String> agreed = List.of("1|one-a|5", "2|two-b|2", "3|three-b|4", "4|four-a|2");
    assertThat(rows(a, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(agreed);
    assertThat(rows(b, "SELECT id, name, version FROM item ORDER BY id")).isEqualTo(agreed);
    // status, inserted, updated, unchanged, skipped, conflicts: the first half in b
    // (conflicts), the second in a (the row kept: skipped)
    // (the first cycle found both sides' key-hash ranges the same and read no row)
    assertThat(cycles(b, "pair")).containsExactly("done|0|0|0|0|0", "conflicts|1|1|0|0|1",
        "conflicts|0|0|3|0|1", "done|0|0|4|0|0", "done|0|0|0|0|0");
    assertThat(cycles(a, "pair")).containsExactly("done|0|0|0|0|0", "done|0|1|2|1|0",
        "done|0|0|3|1|0", "done|0|0|4|0|0", "done|0|0|0|0|0");
  }

  @Test
  void aWinnerNeedsDirectionBothAndAWatermarkOnEveryTable() throws Exception {
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshPostgres();
    for (TestDatabase db : List.of(a, b)) {
      exec(db, "CREATE TABLE item (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
          "CREATE TABLE note (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
          "INSERT INTO note VALUES (1, 1)");
    }
    exec(a, "INSERT INTO note VALUES (2, 1)");
    String endpoints = "    source: {url: '" + a.url() + "'}\n    target: {url: '" + b.url()
        + "'}\n";
    Path push = config(dir, "  - name: one-way\n    winner: source\n" + endpoints);
    Cli.Result oneWay = Cli.run("sync", "--config", push.toString(), "--once");
    assertThat(oneWay.exitCode()).isEqualTo(2);
    assertThat(oneWay.err()).contains("sync.yaml:4").contains("needs direction: both");

    Path both = config(dir, "  - name: pair\n    direction: both\n    winner: source\n"
        + endpoints + "    merge: newer-wins\n    tables:\n"
        + "      item: {merge: newer-wins, newer-by: version, watermark: version}\n"
        + "      note: {merge: newer-wins, newer-by: version}\n");
    Cli.Result missing = Cli.run("sync", "--config", both.toString(), "--once");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.out() + missing.err()).contains("sync.yaml:5").contains("note")
        .contains("watermark");
    // refused before writing: the source's second note is not in the target
    assertThat(rows(b, "SELECT count(*) FROM note")).containsExactly("1");
  }

  /** The same three rows of {@code item}, version 1, in each database. */
  private static void items(TestDatabase... dbs) {
    for (TestDatabase db : dbs) {
      exec(db, "CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20), version INTEGER"
          + " NOT NULL)", "INSERT INTO item VALUES (1, 'one', 1), (2, 'two', 1), (3, 'three', 1)");
    }
  }

  /** Job {@code pair}: both directions between a and b under {@code winner}, item watermarked. */
  private static String pair(TestDatabase a, TestDatabase b, String winner) {
    return "  - name: pair\n    direction: both\n    winner: " + winner + "\n"
        + "    source: {url: '" + a.url() + "'}\n    target: {url: '" + b.url() + "'}\n"
        + "    merge: newer-wins\n    tables:\n"
        + "      item: {merge: newer-wins, newer-by: version, watermark: version}\n";
  }

  @Test
  void aJobThatIsNotInTheFileIsRefusedAndNothingRuns() throws Exception {
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("crm", source.url(), target, ""));

    Cli.Result run = Cli.run("sync", "--config", file.toString(), "--once", "--job", "billing");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--job billing").contains("Its jobs: crm");
    assertThat(rows(target, "SELECT count(*) FROM customer")).containsExactly("1");
  }

  @Test
  void onceRunsACronJobsCycleNowAndAnInvalidExpressionIsRefusedAtItsLine() throws Exception {
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, job("crm", source.url(), target, "    cron: '*/5 * * * *'\n"));

    Cli.Result run = Cli.run("sync", "--config", file.toString(), "--once");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(cycles(target, "crm")).containsExactly("done|4|0|0|0|0");
    Path bad = config(dir, job("crm", source.url(), target, "    cron: '*/5 * * *'\n"));
    Cli.Result refused = Cli.run("sync", "--config", bad.toString(), "--once");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("sync.yaml:9: job 'crm': 'cron: */5 * * *' is not a"
        + " Unix cron expression");
    assertThat(cycles(target, "crm")).hasSize(1);
  }

  /** The target's data rows. */
  static List<String> everything(TestDatabase target) {
    List<String> all = new java.util.ArrayList<>();
    all.addAll(rows(target, "SELECT * FROM customer ORDER BY id"));
    all.addAll(rows(target, "SELECT * FROM orders ORDER BY id"));
    return all;
  }

  /** Each row's version where the engine has one (PostgreSQL's xmin): a write changes it. */
  static List<String> versions(TestDatabase target) {
    return target.engine().equals("postgres") ? rows(target, "SELECT xmin::text FROM customer"
        + " UNION ALL SELECT xmin::text FROM orders") : List.of();
  }
}
