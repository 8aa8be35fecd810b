package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code children: replace} (docs/merge.md, "Child tables"): an account snapshot replayed into a
 * target whose lines of the snapshot's accounts are the snapshot's afterwards, and whose other
 * accounts' lines are left alone.
 */
class ChildrenIT {

  @TempDir Path dir;

  /** Account 1 lost line 12 and gained line 13, line 11 changed; account 3 is the target's own. */
  private static final String[] SOURCE = {"INSERT INTO account VALUES (1, 'a'), (2, 'b')",
      "INSERT INTO line VALUES (10, 1, 100), (11, 1, 110), (13, 1, 130), (20, 2, 200)"};
  private static final String[] TARGET = {"INSERT INTO account VALUES (1, 'a'), (2, 'b'),"
      + " (3, 'c')", "INSERT INTO line VALUES (10, 1, 100), (11, 1, 111), (12, 1, 120),"
      + " (20, 2, 200), (21, 2, 210), (30, 3, 300)"};

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void theSnapshotReplacesTheChildrenOfItsParentsAndARerunDeletesNothing(String engine)
      throws IOException {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    tables(source, "");
    Sql.exec(source, SOURCE);
    tables(target, "");
    Sql.exec(target, TARGET);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("  line: {merge: update, children: replace}\n");

    // when
    Cli.Run dry = copy(source.url(), to, "dry", "--config", config.toString(), "--dry-run");
    String afterDry = String.join(",", Sql.rows(target, "SELECT id FROM line ORDER BY id"));
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());
    Cli.Run again = copy(source.url(), to, "again", "--config", config.toString());

    // then
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(afterDry).isEqualTo("10,11,12,20,21,30");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, account_id, amount FROM line ORDER BY id"))
        .containsExactly("10|1|100", "11|1|110", "13|1|130", "20|2|200", "30|3|300");
    String table = line("run").path("target").asText();
    assertThat(Files.readAllLines(dir.resolve("run/merge-audit.jsonl")).stream()
        .filter(l -> l.startsWith("{\"table\":\"" + table + "\"")).toList()).containsExactly(
        "{\"table\":\"" + table + "\",\"key\":\"12\",\"fate\":\"deleted\","
            + "\"reason\":\"not in snapshot\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"21\",\"fate\":\"deleted\","
            + "\"reason\":\"not in snapshot\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"10\",\"fate\":\"unchanged\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"11\",\"fate\":\"updated\","
            + "\"status\":\"ok\",\"columns\":[\"" + (engine.equals("h2") ? "AMOUNT" : "amount")
            + "\"]}",
        "{\"table\":\"" + table + "\",\"key\":\"13\",\"fate\":\"inserted\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"20\",\"fate\":\"unchanged\","
            + "\"status\":\"ok\"}");
    assertThat(line("run").path("merge").path("deleted").asLong(-1)).isEqualTo(2);
    assertThat(MergeIT.counts(line("run").path("merge"))).containsExactly(1L, 1L, 2L, 0L, 0L);
    assertThat(Files.readAllBytes(dir.resolve("dry/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("run/merge-audit.jsonl")));
    assertThat(line("dry").path("merge").path("deleted").asLong(-1)).isEqualTo(2);
    assertThat(run.out()).contains("2 deleted");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(line("again").path("merge").path("deleted").asLong(-1)).isZero();
    assertThat(Files.readString(dir.resolve("again/merge-audit.jsonl")))
        .doesNotContain("deleted", "inserted", "updated");
  }

  /**
   * Over a thousand target children per parent, under a two-column key: the target's children
   * are read page by page after a composite key, and the deletions of every page are audited in
   * key order.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void manyChildrenOfOneParentAreSweptPageByPageUnderACompositeKey(String engine)
      throws IOException {
    // given: accounts 1 and 2 keep their even lines in the snapshot; account 3 is the target's
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    for (TestDatabase db : List.of(source, target)) {
      Sql.exec(db, "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(20))",
          "CREATE TABLE line (account_id INTEGER NOT NULL, n INTEGER NOT NULL, amount INTEGER,"
              + " PRIMARY KEY (account_id, n), FOREIGN KEY (account_id) REFERENCES account(id))");
    }
    Sql.exec(source, "INSERT INTO account VALUES (1, 'a'), (2, 'b')",
        lines(new int[] {1, 2}, 2, 2));
    Sql.exec(target, "INSERT INTO account VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        lines(new int[] {1, 2, 3}, 1, 1));
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("  line: {merge: update, children: replace}\n");

    // when
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(line("run").path("merge").path("deleted").asLong(-1)).isEqualTo(2 * 1_250);
    assertThat(Sql.rows(target, "SELECT account_id, count(*), sum(n) FROM line"
        + " GROUP BY account_id ORDER BY account_id"))
        .containsExactly("1|1250|1563750", "2|1250|1563750", "3|2500|3126250");
    List<String> deleted = Files.readAllLines(dir.resolve("run/merge-audit.jsonl")).stream()
        .filter(l -> l.contains("\"deleted\""))
        .map(l -> l.replaceAll(".*\"key\":\"([^\"]*)\".*", "$1")).toList();
    List<String> expected = new ArrayList<>();
    for (int account = 1; account <= 2; account++) {
      for (int n = 1; n <= 2_500; n += 2) {
        expected.add("[" + account + ", " + n + "]");
      }
    }
    assertThat(deleted).isEqualTo(expected);
  }

  /** An INSERT of lines 1..2500 of these accounts, every {@code step}th from {@code first}. */
  private static String lines(int[] accounts, int first, int step) {
    StringBuilder sql = new StringBuilder("INSERT INTO line VALUES ");
    for (int account : accounts) {
      for (int n = first; n <= 2_500; n += step) {
        sql.append(sql.charAt(sql.length() - 1) == ' ' ? "" : ", ")
            .append('(').append(account).append(", ").append(n).append(", ").append(n)
            .append(')');
      }
    }
    return sql.toString();
  }

  @Test
  void appendChildrenNeverDeletes() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("sqlite");
    TestDatabase target = MergeIT.fresh("sqlite");
    tables(source, "");
    Sql.exec(source, SOURCE);
    tables(target, "");
    Sql.exec(target, TARGET);

    // when
    Cli.Run run = copy(source.url(), target.url(), "run", "--config",
        config("  line: {merge: update, children: append}\n").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id FROM line ORDER BY id"))
        .containsExactly("10", "11", "12", "13", "20", "21", "30");
  }

  @Test
  void aChildWithoutItsParentCarriedIsRefusedWithItsLine() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("sqlite");
    TestDatabase target = MergeIT.fresh("sqlite");
    tables(source, "");
    Sql.exec(source, SOURCE);
    tables(target, "");
    Files.writeString(dir.resolve("only-line.yaml"), "tables:\n  line:\n    children: replace\n");

    // when
    Cli.Run run = copy(source.url(), target.url(), "run", "--include", "line", "--config",
        dir.resolve("only-line.yaml").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("only-line.yaml:3", "no foreign key to a table this copy carries");
    assertThat(Sql.count(target, "line")).isZero();
  }

  @Test
  void twoForeignKeysToCarriedParentsAreRefusedUntilParentChoosesOne() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("sqlite");
    TestDatabase target = MergeIT.fresh("sqlite");
    String second = ", payer_id INTEGER REFERENCES account(id)";
    tables(source, second);
    Sql.exec(source, "INSERT INTO account VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO line VALUES (10, 1, 100, 2)");
    tables(target, second);
    Sql.exec(target, "INSERT INTO account VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "INSERT INTO line VALUES (10, 1, 100, 2), (11, 1, 1, 3), (12, 3, 1, 1)");

    // when
    Cli.Run ambiguous = copy(source.url(), target.url(), "a", "--config",
        config("  line: {merge: update, children: replace}\n").toString());
    Cli.Run chosen = copy(source.url(), target.url(), "c", "--config",
        config("  line: {merge: update, children: replace, parent: [payer_id]}\n").toString());

    // then
    assertThat(ambiguous.exitCode()).as(ambiguous.toString()).isEqualTo(2);
    assertThat(ambiguous.err()).contains("ferry.yaml:2", "several foreign keys", "parent:");
    assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
    // by payer: 11 (payer 3, the target's own) stays, 12 (payer 1, carried) goes; by account
    // it would have been the other way round
    assertThat(Sql.rows(target, "SELECT id FROM line ORDER BY id")).containsExactly("10", "11");
  }

  @Test
  void aChildThatOtherRowsReferenceIsRefusedBeforeAnythingIsWritten() throws IOException {
    // given
    TestDatabase source = MergeIT.fresh("sqlite");
    TestDatabase target = MergeIT.fresh("sqlite");
    tables(source, "");
    Sql.exec(source, SOURCE);
    tables(target, "");
    Sql.exec(target, TARGET);
    Sql.exec(target, "CREATE TABLE note (id INTEGER PRIMARY KEY, line_id INTEGER"
        + " REFERENCES line(id))", "INSERT INTO note VALUES (1, 12)");

    // when
    Cli.Run run = copy(source.url(), target.url(), "run", "--config",
        config("  line: {merge: update, children: replace}\n").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("note (line_id)", "children: replace");
    assertThat(Sql.rows(target, "SELECT id FROM line ORDER BY id"))
        .containsExactly("10", "11", "12", "20", "21", "30");
  }

  @Test
  void aGranteeThatMayNotDeleteTheChildrenIsRefusedBeforeAnythingIsWritten() throws IOException {
    // given: a login that may read, insert and update both tables, not delete from line
    TestDatabase source = MergeIT.fresh("postgres");
    TestDatabase target = MergeIT.fresh("postgres");
    tables(source, "");
    Sql.exec(source, SOURCE);
    tables(target, "");
    Sql.exec(target, TARGET);
    Sql.exec(target, "CREATE SCHEMA ferry");
    String role = dev.ferry.testing.TestDatabases.createPostgresLogin(target, "pw");
    Sql.exec(target, "GRANT SELECT, INSERT, UPDATE ON account, line TO " + role,
        "ALTER SCHEMA ferry OWNER TO " + role);
    String to = target.bareUrl() + "?user=" + role + "&password=pw";

    // when
    Cli.Run run = copy(source.url(), to, "run", "--config",
        config("  line: {merge: update, children: replace}\n").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("DELETE", "line");
    assertThat(Sql.rows(target, "SELECT id, amount FROM line ORDER BY id")).containsExactly(
        "10|100", "11|111", "12|120", "20|200", "21|210", "30|300");
  }

  static void tables(TestDatabase db, String more) {
    Sql.exec(db, "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(20))",
        "CREATE TABLE line (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, amount INTEGER"
            + more + ", FOREIGN KEY (account_id) REFERENCES account(id))");
  }

  private JsonNode line(String run) throws IOException {
    JsonNode report = dev.ferry.json.Json.mapper().readTree(dir.resolve(run)
        .resolve("run-report.json").toFile());
    for (JsonNode t : report.path("tables")) {
      if (t.path("target").asText().toLowerCase(java.util.Locale.ROOT).endsWith("line")) {
        return t;
      }
    }
    throw new AssertionError("no line table in " + report);
  }

  private Path config(String entries) throws IOException {
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n" + entries + "  account: {merge: update}\n");
    return config;
  }

  private Cli.Run copy(String from, String to, String report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve(report).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
