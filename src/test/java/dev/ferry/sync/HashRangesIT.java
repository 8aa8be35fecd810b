package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.cycles;
import static dev.ferry.sync.SyncDatabases.exec;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hash ranges (docs/sync.md): between two PostgreSQL databases a cycle reads from the source
 * only the rows whose key falls in a key-hash range whose rows hash otherwise on the two sides,
 * so a few changed rows among many are found without reading the rest; a column whose text
 * differs between the sides' types makes the cycle read the table whole, never miss a change.
 */
class HashRangesIT {

  @TempDir Path dir;

  @Test
  void aCycleReadsOnlyTheRangesThatDifferAndCarriesEveryChangeOnBothKindsOfKey()
      throws Exception {
    // given: 20,000 items keyed by integers and 3,000 tags keyed by text, and 500 events whose
    // time is a timestamp on the source and a timestamptz in the target (other text, same
    // data); the target's tables owned by a login that is no superuser
    String items = "CREATE TABLE item (id INTEGER PRIMARY KEY, label VARCHAR(20), qty INTEGER)";
    String tags = "CREATE TABLE tag (code VARCHAR(20) PRIMARY KEY, title TEXT)";
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres", items, tags,
        "CREATE TABLE event (id INTEGER PRIMARY KEY, at TIMESTAMPTZ)");
    exec(source, items, tags, "CREATE TABLE event (id INTEGER PRIMARY KEY, at TIMESTAMP)",
        "INSERT INTO item SELECT g, 'i' || g, g % 7 FROM generate_series(1, 20000) g",
        "INSERT INTO tag SELECT 't-' || g, 'title ' || g FROM generate_series(1, 3000) g",
        "INSERT INTO event SELECT g, TIMESTAMP '2026-01-01 00:00:00' + g * INTERVAL '1 minute'"
            + " FROM generate_series(1, 500) g");
    Path file = config(dir, SyncDatabases.job("ranges", source.url(), target, "")
        .replace("    batch-size: 1\n", ""));
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");

    // when: the source changes two items, adds one, changes a tag and an event; the target
    // edits an item of its own (update mode puts the source's back)
    exec(source, "UPDATE item SET qty = 100 WHERE id IN (17, 12345)",
        "INSERT INTO item VALUES (20001, 'new', 1)",
        "UPDATE tag SET title = 'it''s new' WHERE code = 't-2048'",
        "UPDATE event SET at = at + INTERVAL '1 second' WHERE id = 250");
    exec(target, "UPDATE item SET label = 'local' WHERE id = 999");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");
    Cli.Result third = Cli.run("sync", "--config", file.toString(), "--once");

    // then: every change is carried, and the two sides hold the same rows
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(third.exitCode()).as(third.toString()).isZero();
    for (String query : new String[] {
        "SELECT count(*), sum(qty), md5(string_agg(id || label || qty, ',' ORDER BY id)) FROM item",
        "SELECT count(*), md5(string_agg(code || title, ',' ORDER BY code)) FROM tag",
        "SELECT count(*), md5(string_agg(id || ':' || to_char(at, 'YYYY-MM-DD HH24:MI:SS'), ','"
            + " ORDER BY id)) FROM event"}) {
      assertThat(rows(target, query)).as(query).isEqualTo(rows(source, query));
    }
    assertThat(rows(target, "SELECT label FROM item WHERE id = 999")).containsExactly("i999");
    // status, inserted, updated, unchanged, skipped, conflicts. The second cycle: one insert,
    // five updates (two items, the local edit, a tag, an event); of the 23,000 rows of the
    // ranges that hash alike nothing is read, so at most a few dozen rows that share a range
    // with a changed one are found unchanged; the events are read whole (their text differs
    // in every range: 499 unchanged). The third reads the events only.
    java.util.List<String> cycles = cycles(target, "ranges");
    assertThat(cycles).hasSize(3);
    assertThat(cycles.get(1)).startsWith("done|1|5|");
    long unchanged = Long.parseLong(cycles.get(1).split("\\|")[3]);
    assertThat(unchanged).isBetween(499L, 499L + 40);
    assertThat(cycles.get(2)).isEqualTo("done|0|0|500|0|0");
  }

  @Test
  void aChildUnderChildrenReplaceIsReadWholeSoItsUnchangedRowsAreNotDeleted() throws Exception {
    // given: orders replace their customer's children; both copied by a first cycle
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = config(dir, SyncDatabases.job("children", source.url(), target,
        "    tables:\n      orders: {merge: update, children: replace}\n"));
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");

    // when: the source changes a customer, not its order
    exec(source, "UPDATE customer SET name = 'ann-2' WHERE id = 1");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");

    // then: the customer's range is read, and its order, which did not change, is kept
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(rows(target, "SELECT id, name FROM customer ORDER BY id"))
        .containsExactly("1|ann-2", "2|bob", "100|local");
    assertThat(rows(target, "SELECT id, note FROM orders ORDER BY id"))
        .containsExactly("1|o1", "2|o2");
  }
}
